package dev.souk.notifications;

import static dev.souk.testing.Pause.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Commission;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceSettings;
import dev.souk.payments.Gateway;
import dev.souk.payments.PaymentFailed;
import dev.souk.payments.Payments;
import dev.souk.reviews.ReviewHidden;
import dev.souk.reviews.ReviewPublished;
import dev.souk.reviews.ReviewReminderDue;
import dev.souk.shared.Money;
import dev.souk.testing.Http;
import dev.souk.testing.Mailbox;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every kind of notification, from the deal, payment, review or listing event that causes it to the
 * mail in the recipient's mailbox (GreenMail): once, with an absolute link to the page it is about, the
 * link to the mail choices and the one-click unsubscribe headers; and under the bell, through the API.
 */
@SoukTest
@Import(WithMailbox.class)
class NotificationMailsTest {

    static final String BASE = "http://localhost:8080";
    static final Pattern ONE_CLICK = Pattern.compile("<(" + Pattern.quote(BASE) + "/unsubscribe/[A-Za-z0-9_.-]+)>");

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Accounts accounts;

    @Autowired
    Payments payments;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ApplicationEventPublisher events;

    Http http;
    Dealings deals;
    Signed customer;
    Signed provider;
    Commission commission;
    /** Every mail a test expected, checked at its end to have come exactly once. */
    final List<Map.Entry<Signed, String>> expected = new ArrayList<>();

    @BeforeEach
    void setUp() {
        http = new Http(port);
        deals = new Dealings(http, marketplace, listings, jdbc, clock);
        customer = Members.verifiedMember(http, "Told Customer");
        provider = Members.verifiedMember(http, "Told Provider");
        commission = marketplace.config().commission();
        // 10 % of the provider's price, at least 2.00; nothing on top for the customer
        marketplace.updateCommission(
                new Commission(new BigDecimal("10"), Money.of(200, deals.currency), BigDecimal.ZERO));
    }

    @AfterEach
    void eachMailCameOnce() {
        try {
            pause(Duration.ofSeconds(1));
            for (Map.Entry<Signed, String> mail : expected) {
                assertThat(Mailbox.to(mail.getKey().email()).stream()
                                .filter(m -> Mailbox.subject(m).equals(mail.getValue())))
                        .as("mails to %s titled %s", mail.getKey().email(), mail.getValue())
                        .hasSize(1);
            }
        } finally {
            clock.reset();
            payments.chooseGateway(Gateway.DIRECT);
            marketplace.updateCommission(commission);
        }
    }

    @Test
    void aRequestToBookTellsTheProviderThenTheCustomerAndBothOnceItIsCompleteAndPaidOut() throws Exception {
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
        UUID listing = deals.listing(provider, "stay", 8_000, "flexible");
        LocalDate checkIn = deals.today().plusDays(10);
        UUID id = deals.book(customer, listing, checkIn, checkIn.plusDays(2));
        payments.payWithTestCard(deals.paymentOf(id));
        String page = "/transactions/" + id;

        told(provider, "booking-requested", "New booking request for A stay to deal over", page);
        deals.move(provider, id, "accept", Map.of("message", "Welcome!"));
        told(customer, "booking-accepted", "Your booking of A stay to deal over is confirmed", page);

        clock.advance(Duration.between(
                        clock.instant(),
                        checkIn.plusDays(3).atStartOfDay(Dealings.BERLIN).toInstant())
                .plusMinutes(1));
        told(customer, "booking-completed", "Your stay at A stay to deal over is complete", page);
        told(provider, "booking-completed", "The booking of A stay to deal over by Told Customer is complete", page);
        told(customer, "review-window-opened", "How was it with Told Provider?", page + "/review");
        told(provider, "review-window-opened", "How was it with Told Customer?", page + "/review");
        // 2 nights × 80.00, less 10 %
        told(provider, "payout-sent", "Payout sent: €144", "/account/payouts");
    }

    @Test
    void aDeclinedRequestTellsTheCustomerAndAnExpiredOneTellsBoth() throws Exception {
        UUID listing = deals.listing(provider, "stay", 6_000, "flexible");
        LocalDate checkIn = deals.today().plusDays(20);
        UUID declined = deals.book(customer, listing, checkIn, checkIn.plusDays(1));
        deals.awaitState(provider, declined, "requested");
        deals.move(provider, declined, "decline", Map.of("message", "Away that week."));
        told(
                customer,
                "booking-declined",
                "Your booking request for A stay to deal over was declined",
                "/transactions/" + declined);

        UUID lapsed = deals.book(customer, listing, checkIn.plusDays(5), checkIn.plusDays(6));
        deals.awaitState(provider, lapsed, "requested");
        clock.advance(Duration.ofHours(73));
        told(
                customer,
                "booking-expired",
                "Your booking request for A stay to deal over expired",
                "/transactions/" + lapsed);
        told(
                provider,
                "booking-expired",
                "A booking request for A stay to deal over expired",
                "/transactions/" + lapsed);
    }

    @Test
    void aCancelledInstantBookingTellsBothAndTheCustomerHowMuchComesBackInItsCurrency() throws Exception {
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
        UUID strict = deals.listing(provider, "instant", 10_000, "strict");
        LocalDate checkIn = deals.today().plusDays(10);
        UUID id = deals.book(customer, strict, checkIn, checkIn.plusDays(2));
        payments.payWithTestCard(deals.paymentOf(id));
        String page = "/transactions/" + id;
        told(customer, "booking-accepted", "Your booking of A instant to deal over is confirmed", page);
        told(provider, "booking-accepted", "New booking of A instant to deal over", page);
        awaitCaptured(id);

        deals.move(customer, id, "cancel", Map.of());
        MimeMessage cancelled =
                told(customer, "booking-cancelled", "Your booking of A instant to deal over is cancelled", page);
        // 200.00 paid; strict gives half back a week or more before check-in
        assertThat(Mailbox.text(cancelled)).contains("You get €100 back.");
        MimeMessage toProvider =
                told(provider, "booking-cancelled", "A booking of A instant to deal over is cancelled", page);
        assertThat(Mailbox.text(toProvider)).contains("€100 goes back to them");
    }

    @Test
    void anOrderIsToldWhenPaidShippedReceivedDisputedAndResolved() throws Exception {
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
        UUID goods = deals.listing(provider, "goods", 4_000, "flexible");
        deals.stock(provider, goods, 3);
        UUID order = deals.buy(customer, goods, 1);
        payments.payWithTestCard(deals.paymentOf(order));
        String page = "/transactions/" + order;
        told(customer, "purchase-paid", "Your order of A goods to deal over is paid", page);
        told(provider, "purchase-paid", "New order of A goods to deal over", page);
        awaitCaptured(order);
        deals.move(provider, order, "ship", Map.of());
        told(customer, "purchase-shipped", "Your order of A goods to deal over is on its way", page);
        deals.move(customer, order, "receive", Map.of());
        told(provider, "purchase-received", "Told Customer received A goods to deal over", page);

        UUID other = deals.listing(provider, "goods", 4_000, "flexible", "A vase to deal over");
        UUID disputed = deals.buy(customer, other, 1);
        payments.payWithTestCard(deals.paymentOf(disputed));
        deals.awaitState(customer, disputed, "paid");
        awaitCaptured(disputed);
        deals.move(provider, disputed, "ship", Map.of());
        deals.move(customer, disputed, "dispute", Map.of("message", "It arrived broken."));
        String second = "/transactions/" + disputed;
        told(provider, "dispute-opened", "Told Customer reported a problem with A vase to deal over", second);
        told(customer, "dispute-opened", "You reported a problem with A vase to deal over", second);
        deals.move(deals.operatorToken(accounts, port), disputed, "resolve", Map.of("refund", "1500"));
        MimeMessage resolved =
                told(customer, "dispute-resolved", "The problem with A vase to deal over is resolved", second);
        assertThat(Mailbox.text(resolved)).contains("you get €15 back");
        told(provider, "dispute-resolved", "The problem with A vase to deal over is resolved", second);
    }

    @Test
    void anInquirysOfferAndItsAcceptanceAreTold() throws Exception {
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
        UUID ask = deals.listing(provider, "ask", 0, "flexible");
        UUID id = deals.ask(customer, ask, "Could you repair a vase?");
        deals.move(provider, id, "offer", Map.of("price", "4500", "message", "45 euros."));
        String page = "/transactions/" + id;
        told(customer, "offer-made", "Told Provider made you an offer for A ask to deal over", page);
        deals.move(customer, id, "accept-offer", Map.of());
        payments.payWithTestCard(deals.paymentOf(id));
        told(provider, "offer-accepted", "Told Customer accepted and paid your offer for A ask to deal over", page);
        told(customer, "offer-accepted", "You accepted the offer for A ask to deal over", page);
    }

    @Test
    void failedPaymentsReviewsAndAnOperatorsDecisionsOnListingsAreTold() throws Exception {
        UUID listing = deals.listing(provider, "stay", 5_000, "flexible");
        LocalDate checkIn = deals.today().plusDays(8);
        UUID deal = deals.book(customer, listing, checkIn, checkIn.plusDays(1));
        deals.awaitState(provider, deal, "requested");
        String page = "/transactions/" + deal;

        // as the payments and reviews modules publish them
        publish(new PaymentFailed(deals.paymentOf(deal), deal, customer.id(), "card_declined"));
        MimeMessage failed = told(customer, "payment-failed", "Your payment didn’t go through", page);
        assertThat(Mailbox.text(failed)).contains("Your payment for A stay to deal over was refused.");
        Instant closes = Instant.parse("2031-03-14T12:00:00Z");
        publish(new ReviewReminderDue(deal, customer.id(), provider.id(), 10, closes));
        MimeMessage reminder =
                told(customer, "review-reminder", "Your review of Told Provider is still open", page + "/review");
        assertThat(Mailbox.text(reminder)).contains("before Fri 14 Mar 2031");
        UUID review = UUID.randomUUID();
        publish(new ReviewPublished(review, deal, customer.id(), provider.id(), listing, 5, clock.instant()));
        told(provider, "review-published", "Told Customer reviewed you: 5 of 5", page + "/review");
        publish(new ReviewHidden(review, deal, customer.id(), "Names a phone number", clock.instant()));
        MimeMessage hidden =
                told(customer, "review-hidden", "Your review for A stay to deal over was hidden", page + "/review");
        assertThat(Mailbox.text(hidden)).contains("The reason: Names a phone number");

        MarketplaceSettings settings = marketplace.settings();
        marketplace.update(withApproval(settings, true));
        try {
            UUID approved = deals.draft(provider, "goods", 1_000, "flexible");
            assertThat(deals.submit(provider, approved)).isEqualTo("pendingApproval");
            listings.approve(approved);
            told(provider, "listing-approved", "A goods to deal over is approved", "/listings/" + approved);

            UUID rejected = deals.draft(provider, "ask", 0, "flexible");
            deals.submit(provider, rejected);
            listings.reject(rejected, "Say what you offer");
            MimeMessage sentBack = told(
                    provider,
                    "listing-rejected",
                    "A ask to deal over needs changes",
                    "/listings/" + rejected + "/edit");
            assertThat(Mailbox.text(sentBack)).contains("The reason: Say what you offer");
        } finally {
            marketplace.update(withApproval(settings, false));
        }
    }

    @Test
    void theOneClickUnsubscribeOfAMailTurnsItsKindOffWithoutASignInAndTheBellStillRings() throws Exception {
        publish(new PaymentFailed(UUID.randomUUID(), null, customer.id(), "card_declined"));
        MimeMessage mail = told(customer, "payment-failed", "Your payment didn’t go through", "/account/payments");
        Matcher oneClick = ONE_CLICK.matcher(mail.getHeader("List-Unsubscribe")[0]);
        assertThat(oneClick.matches()).isTrue();
        String path = oneClick.group(1).substring(BASE.length());

        HttpResponse<String> page = http.get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Stop mails about: A payment fails?")
                .contains("action=\"" + path + "\"")
                .contains("href=\"/account/notifications\"");

        // the signature's first character: all its bits count (the last one's lowest may not)
        int first = path.lastIndexOf('.') + 1;
        String forged = path.substring(0, first) + (path.charAt(first) == 'A' ? "B" : "A") + path.substring(first + 1);
        assertThat(http.post(forged, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click")
                        .statusCode())
                .isEqualTo(404);
        assertThat(preference(customer, "payment-failed"))
                .as("a forged link changes nothing")
                .isTrue();

        // as a mail client posts it (RFC 8058): no cookie, no CSRF token
        HttpResponse<String> done = http.post(path, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("no more mails about: A payment fails");
        assertThat(preference(customer, "payment-failed")).isFalse();
        assertThat(preference(customer, "payout-sent")).as("only that kind").isTrue();

        publish(new PaymentFailed(UUID.randomUUID(), null, customer.id(), "insufficient_funds"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (notifications(customer).size() < 2 && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(100));
        }
        assertThat(notifications(customer)).as("under the bell still").hasSize(2);
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM mail_outbox WHERE member_id = :member AND subject LIKE 'Your payment%'")
                        .param("member", customer.id())
                        .query(Long.class)
                        .single())
                .as("no second mail: it would have been queued with the notification")
                .isOne();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private boolean preference(Signed who, String category) {
        return json.readTree(http.get("/api/v1/me/notification-preferences", who.auth())
                        .body())
                .at("/mail/" + category)
                .asBoolean();
    }

    private List<JsonNode> notifications(Signed who) {
        return json.readTree(http.get("/api/v1/notifications", who.auth()).body())
                .get("items")
                .valueStream()
                .toList();
    }

    /**
     * Waits for the mail titled {@code subject} to the member and checks it and the notification under
     * the bell: the link to {@code path}, the link to the mail choices, the one-click unsubscribe.
     */
    MimeMessage told(Signed who, String category, String subject, String path) throws MessagingException {
        expected.add(Map.entry(who, subject));
        MimeMessage mail = awaitMail(who, subject);
        // SMTP carries CRLF line ends
        String text = Mailbox.text(mail).replace("\r\n", "\n");
        String html = Mailbox.html(mail);
        assertThat(text).contains(BASE + path + "\n").contains(BASE + "/account/notifications");
        assertThat(html).contains("href=\"" + BASE + path + "\"");
        String[] unsubscribe = mail.getHeader("List-Unsubscribe");
        assertThat(unsubscribe).as("List-Unsubscribe of " + subject).hasSize(1);
        Matcher oneClick = ONE_CLICK.matcher(unsubscribe[0]);
        assertThat(oneClick.matches()).as(unsubscribe[0]).isTrue();
        assertThat(mail.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        assertThat(html).as("a visible unsubscribe link").contains("href=\"" + oneClick.group(1) + "\"");

        JsonNode items = json.readTree(
                        http.get("/api/v1/notifications?limit=100", who.auth()).body())
                .get("items");
        assertThat(items.valueStream()
                        .filter(n -> n.get("title").asString().equals(subject))
                        .toList())
                .as("under the bell of %s: %s", who.email(), items)
                .singleElement()
                .satisfies(n -> {
                    assertThat(n.get("category").asString()).isEqualTo(category);
                    assertThat(n.get("link").asString()).isEqualTo(BASE + path);
                    assertThat(n.hasNonNull("readAt")).isFalse();
                });
        return mail;
    }

    static MimeMessage awaitMail(Signed who, String subject) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            var found = Mailbox.to(who.email()).stream()
                    .filter(m -> Mailbox.subject(m).equals(subject))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            pause(Duration.ofMillis(100));
        }
        throw new AssertionError("no mail titled \"" + subject + "\" to " + who.email() + "; got "
                + Mailbox.to(who.email()).stream().map(Mailbox::subject).toList());
    }

    private void publish(Object event) {
        transactions.executeWithoutResult(tx -> events.publishEvent(event));
    }

    private void awaitCaptured(UUID transaction) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!payments.payment(deals.paymentOf(transaction))
                        .orElseThrow()
                        .state()
                        .key()
                        .equals("captured")
                && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(100));
        }
    }

    private static MarketplaceSettings withApproval(MarketplaceSettings s, boolean required) {
        return new MarketplaceSettings(
                s.name(), s.description(), s.defaultCurrency(), s.currencies(), s.timeZone(), required);
    }
}
