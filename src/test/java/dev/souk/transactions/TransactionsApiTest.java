package dev.souk.transactions;

import static dev.souk.testing.Pause.pause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.accounts.Accounts;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Commission;
import dev.souk.marketplace.Marketplace;
import dev.souk.payments.Gateway;
import dev.souk.payments.PaymentState;
import dev.souk.payments.PaymentView;
import dev.souk.payments.Payments;
import dev.souk.shared.Money;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every built-in process walked end to end over the API, with the card simulator and with direct
 * payment, moving the clock for expiry and completion; and every refusal, with nothing stored.
 */
@SoukTest
@Import(WithMailbox.class)
class TransactionsApiTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @LocalServerPort
    int port;

    @Autowired
    Payments payments;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Accounts accounts;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TransactionStore store;

    @Autowired
    TransactionTemplate transactionTemplate;

    Http http;
    Deals deals;
    Signed customer;
    Signed provider;
    Commission commission;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        deals = new Deals(http, marketplace, listings);
        customer = Members.verifiedMember(http, "Deal Customer");
        provider = Members.verifiedMember(http, "Deal Provider");
        commission = marketplace.config().commission();
        // 10 % of the provider's price (at least 2.00), and a 5 % service fee for the customer
        marketplace.updateCommission(
                new Commission(new BigDecimal("10"), Money.of(200, deals.currency), new BigDecimal("5")));
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
        marketplace.updateCommission(commission);
        payments.chooseGateway(Gateway.DIRECT);
    }

    // --- request to book -------------------------------------------------------------------------

    @Test
    void aRequestPaidByCardIsAcceptedThenCompletesTheDayAfterCheckOutAndIsPaidOut() {
        UUID listing = deals.listing(
                provider,
                "stay",
                10_000,
                "flexible",
                "\"fees\": [{\"key\": \"cleaning\", \"label\": \"Cleaning\", \"amount\": {\"amount\": 2500, \"currency\": \""
                        + deals.currency + "\"}}]");
        LocalDate checkIn = today().plusDays(30);
        LocalDate checkOut = checkIn.plusDays(3);

        JsonNode quote = ok(http.get("/api/v1/listings/" + listing + "/quote?start=" + checkIn + "&end=" + checkOut));
        assertThat(quote.get("units").asLong()).isEqualTo(3);
        // 3 nights × 100.00 + cleaning 25.00 = 325.00; the customer adds 5 %, the provider gives 10 %
        assertThat(quote.at("/customerTotal/amount").asLong()).isEqualTo(34_125);
        assertThat(quote.at("/providerTotal/amount").asLong()).isEqualTo(29_250);
        assertThat(quote.at("/marketplaceTotal/amount").asLong()).isEqualTo(4_875);
        assertThat(codes(quote)).containsExactly("units", "fee.cleaning", "commission.customer", "commission.provider");
        assertThat(quote.at("/cancellation/policy").asString()).isEqualTo("flexible");
        assertThat(quote.at("/cancellation/terms").asString()).contains("full refund");

        HttpResponse<String> created = http.postJson(
                "/api/v1/transactions",
                """
                {"listingId": "%s", "start": "%s", "end": "%s", "message": "Hello, we are two quiet guests."}""".formatted(listing, checkIn, checkOut),
                auth(customer, "Idempotency-Key", "book-" + listing));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode started = json.readTree(created.body());
        UUID id = UUID.fromString(started.at("/transaction/id").asString());
        assertThat(started.at("/transaction/state").asString()).isEqualTo("pending-payment");
        assertThat(started.at("/transaction/process/key").asString()).isEqualTo("request-booking");
        assertThat(started.at("/nextActionUrl").asString()).contains("/payments/simulator/");
        HttpResponse<String> replay = http.postJson(
                "/api/v1/transactions",
                """
                {"listingId": "%s", "start": "%s", "end": "%s", "message": "Hello, we are two quiet guests."}""".formatted(listing, checkIn, checkOut),
                auth(customer, "Idempotency-Key", "book-" + listing));
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(count("transactions WHERE listing_id = '" + listing + "'")).isEqualTo(1);

        payments.payWithTestCard(paymentOf(id));
        JsonNode requested = awaitState(provider, id, "requested");
        assertThat(names(requested.get("availableTransitions")))
                .containsExactlyInAnyOrder("accept", "decline", "cancel");
        assertThat(names(get(customer, id).get("availableTransitions"))).containsExactly("cancel");
        assertThat(requested.at("/payment/state").asString()).isEqualTo("authorized");

        // the dates are taken for everyone else
        HttpResponse<String> taken = http.get(
                "/api/v1/listings/" + listing + "/quote?start=" + checkIn.plusDays(1) + "&end=" + checkOut.plusDays(2));
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
        assertThat(taken.body())
                .contains(checkIn.plusDays(1).toString())
                .contains(checkIn.plusDays(2).toString());
        assertThat(taken.body()).doesNotContain(checkOut.toString() + " is");

        JsonNode accepted = ok(http.postJson(
                "/api/v1/transactions/" + id + "/transitions",
                "{\"name\": \"accept\", \"params\": {\"message\": \"Welcome!\"}}",
                auth(provider, "Idempotency-Key", "accept-" + id)));
        assertThat(accepted.get("state").asString()).isEqualTo("accepted");
        awaitPayment(id, p -> p.state() == PaymentState.CAPTURED);
        assertThat(names(accepted.get("transitions"))).containsExactly("start", "paid", "accept");

        clock.advance(Duration.between(
                        clock.instant(),
                        checkOut.plusDays(1).atStartOfDay(BERLIN).toInstant())
                .plusMinutes(1));
        customer = Members.token(http, customer.email());
        JsonNode completed = awaitState(customer, id, "completed");
        assertThat(completed.get("finished").asBoolean()).isTrue();
        assertThat(completed.get("availableTransitions")).isEmpty();
        PaymentView paid = awaitPayment(id, p -> p.state() == PaymentState.PAID_OUT);
        assertThat(paid.paidOut().amount()).isEqualTo(29_250);
        assertThat(payments.checkLedger().passed()).isTrue();
    }

    @Test
    void aDeclinedRequestReleasesTheHoldAndTheDates() {
        payments.chooseGateway(Gateway.DIRECT);
        UUID listing = deals.listing(provider, "stay", 8_000, "moderate", "");
        LocalDate checkIn = today().plusDays(10);
        UUID id = book(customer, listing, checkIn, checkIn.plusDays(2));
        JsonNode requested = awaitState(provider, id, "requested");
        assertThat(requested.at("/payment/gateway").asString()).isEqualTo("direct");
        assertThat(requested.at("/payment/state").asString()).isEqualTo("agreed");

        JsonNode declined = ok(transition(provider, id, "decline", Map.of("message", "Sorry, we are away.")));
        assertThat(declined.get("state").asString()).isEqualTo("declined");
        awaitPayment(id, p -> p.state() == PaymentState.CANCELLED);
        assertThat(http.get("/api/v1/listings/" + listing + "/quote?start=" + checkIn + "&end=" + checkIn.plusDays(2))
                        .statusCode())
                .isEqualTo(200);
        assertThat(payments.checkLedger().passed()).isTrue();
    }

    @Test
    void anUnansweredRequestExpiresAfter72HoursOnce() {
        payments.chooseGateway(Gateway.DIRECT);
        UUID listing = deals.listing(provider, "stay", 8_000, "flexible", "");
        LocalDate checkIn = today().plusDays(20);
        UUID id = book(customer, listing, checkIn, checkIn.plusDays(1));
        awaitState(provider, id, "requested");

        clock.advance(Duration.ofHours(71));
        pause(Duration.ofSeconds(3));
        assertThat(get(customer, id).get("state").asString()).isEqualTo("requested");

        clock.advance(Duration.ofHours(2));
        JsonNode expired = awaitState(customer, id, "expired");
        assertThat(names(expired.get("transitions"))).containsExactly("start", "paid", "expire");
        assertThat(expired.at("/transitions/2/by").asString()).isEqualTo("system");
        assertThat(count("transaction_transitions WHERE transaction_id = '" + id + "' AND name = 'expire'"))
                .isEqualTo(1);
        assertThat(count("transaction_bookings WHERE transaction_id = '" + id + "' AND active"))
                .isZero();
    }

    // --- instant booking and cancellation policies -------------------------------------------------

    @Test
    void cancellingAnInstantBookingRefundsWhatThePolicyGives() {
        UUID strict = deals.listing(provider, "instant", 10_000, "strict", "");
        LocalDate checkIn = today().plusDays(10);
        UUID id = book(customer, strict, checkIn, checkIn.plusDays(2));
        JsonNode quote = get(customer, id).get("quote");
        assertThat(quote.at("/cancellation/refundPercent").asInt()).isEqualTo(50);
        payments.payWithTestCard(paymentOf(id));
        awaitState(customer, id, "accepted");
        awaitPayment(id, p -> p.state() == PaymentState.CAPTURED);

        JsonNode cancelled = ok(transition(customer, id, "cancel", Map.of()));
        assertThat(cancelled.get("state").asString()).isEqualTo("cancelled");
        // 200.00 + 5 % = 210.00 paid; strict gives half back 7 days or more before check-in
        assertThat(cancelled.at("/transitions/2/refund/amount").asLong()).isEqualTo(10_500);
        PaymentView refunded = awaitPayment(id, p -> p.refunded().amount() == 10_500);
        assertThat(refunded.refunded().amount()).isEqualTo(10_500);

        // flexible: a full refund until a day before, nothing after
        UUID flexible = deals.listing(provider, "instant", 10_000, "flexible", "");
        UUID late = book(customer, flexible, today().plusDays(3), today().plusDays(4));
        payments.payWithTestCard(paymentOf(late));
        awaitState(customer, late, "accepted");
        awaitPayment(late, p -> p.state() == PaymentState.CAPTURED);
        // twelve hours before check-in: past the day's notice, but not started
        clock.advance(Duration.between(
                clock.instant(),
                today().plusDays(3).atStartOfDay(BERLIN).minusHours(12).toInstant()));
        JsonNode lateCancel = ok(transition(customer, late, "cancel", Map.of()));
        assertThat(lateCancel.at("/transitions/2/refund/amount").asLong()).isZero();

        // the provider cancelling gives everything back, whatever the policy
        UUID byProvider = book(customer, strict, checkIn.plusDays(5), checkIn.plusDays(6));
        payments.payWithTestCard(paymentOf(byProvider));
        awaitState(customer, byProvider, "accepted");
        awaitPayment(byProvider, p -> p.state() == PaymentState.CAPTURED);
        JsonNode providerCancel = ok(transition(provider, byProvider, "cancel", Map.of("message", "Burst pipe.")));
        assertThat(providerCancel.at("/transitions/2/refund/amount").asLong()).isEqualTo(10_500);
        awaitPayment(byProvider, p -> p.refunded().amount() == 10_500);
        assertThat(payments.checkLedger().passed()).isTrue();
    }

    // --- purchases -------------------------------------------------------------------------------

    @Test
    void aPurchaseIsShippedReceivedAndPaidOutAndADisputeIsResolvedByTheOperator() {
        UUID goods = deals.listing(provider, "goods", 4_000, "flexible", "");
        deals.stock(provider, goods, 3);

        HttpResponse<String> tooMany = http.postJson(
                "/api/v1/transactions", "{\"listingId\": \"" + goods + "\", \"quantity\": 4}", customer.auth());
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(409);

        UUID order = buy(customer, goods, 2);
        payments.payWithTestCard(paymentOf(order));
        awaitState(customer, order, "paid");
        assertThat(stock(goods)).isEqualTo(1);
        awaitPayment(order, p -> p.state() == PaymentState.CAPTURED);
        assertThat(ok(transition(provider, order, "ship", Map.of("message", "Posted today.")))
                        .get("state")
                        .asString())
                .isEqualTo("shipped");
        assertThat(ok(transition(customer, order, "receive", Map.of()))
                        .get("state")
                        .asString())
                .isEqualTo("received");
        awaitPayment(order, p -> p.state() == PaymentState.PAID_OUT);

        UUID disputed = buy(customer, goods, 1);
        payments.payWithTestCard(paymentOf(disputed));
        awaitState(customer, disputed, "paid");
        awaitPayment(disputed, p -> p.state() == PaymentState.CAPTURED);
        assertThat(stock(goods)).isZero();
        ok(transition(provider, disputed, "ship", Map.of()));
        ok(transition(customer, disputed, "dispute", Map.of("message", "It arrived broken.")));
        assertThat(transition(customer, disputed, "resolve", Map.of("refund", "100"))
                        .statusCode())
                .isEqualTo(422);
        String operator = operatorToken();
        HttpResponse<String> resolved = http.postJson(
                "/api/v1/transactions/" + disputed + "/transitions",
                "{\"name\": \"resolve\", \"params\": {\"refund\": \"2000\"}}",
                "Authorization",
                "Bearer " + operator);
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(json.readTree(resolved.body()).get("state").asString()).isEqualTo("resolved");
        PaymentView partly = awaitPayment(disputed, p -> p.state() == PaymentState.PAID_OUT);
        assertThat(partly.refunded().amount()).isEqualTo(2_000);
        assertThat(payments.checkLedger().passed()).isTrue();
    }

    @Test
    void aShippedOrderIsReceivedByItself14DaysLater() {
        payments.chooseGateway(Gateway.DIRECT);
        UUID goods = deals.listing(provider, "goods", 1_500, "flexible", "");
        deals.stock(provider, goods, 5);
        UUID order = buy(customer, goods, 1);
        awaitState(customer, order, "paid");
        ok(transition(provider, order, "ship", Map.of()));
        clock.advance(Duration.ofDays(14).plusMinutes(1));
        customer = Members.token(http, customer.email());
        JsonNode received = awaitState(customer, order, "received");
        assertThat(received.at("/transitions/3/by").asString()).isEqualTo("system");
        assertThat(received.at("/transitions/3/name").asString()).isEqualTo("auto-receive");
    }

    @Test
    void anInquiryIsAConversationUntilEitherSideClosesIt() {
        UUID ask = deals.listing(provider, "ask", 0, "flexible", "");
        HttpResponse<String> empty =
                http.postJson("/api/v1/transactions", "{\"listingId\": \"" + ask + "\"}", customer.auth());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("\"field\":\"message\"");
        HttpResponse<String> created = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"" + ask + "\", \"message\": \"Could you teach on weekends?\"}",
                customer.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode inquiry = json.readTree(created.body()).get("transaction");
        assertThat(inquiry.get("state").asString()).isEqualTo("inquiring");
        assertThat(inquiry.has("quote")).isFalse();
        String conversation = inquiry.get("conversationId").asString();
        assertThat(http.get("/api/v1/conversations/" + conversation + "/messages", provider.auth())
                        .body())
                .contains("Could you teach on weekends?");
        UUID id = UUID.fromString(inquiry.get("id").asString());
        assertThat(ok(transition(provider, id, "close", Map.of())).get("state").asString())
                .isEqualTo("closed");
    }

    @Test
    void aProviderTurnsAnInquiryIntoAnOfferTheCustomerPaysAndConfirms() {
        UUID ask = deals.listing(provider, "ask", 0, "flexible", "");
        HttpResponse<String> created = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"" + ask + "\", \"message\": \"Could you repair a cracked vase?\"}",
                customer.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(
                json.readTree(created.body()).at("/transaction/id").asString());
        assertThat(names(get(provider, id).get("availableTransitions"))).containsExactlyInAnyOrder("offer", "close");

        assertThat(transition(provider, id, "offer", Map.of("price", "-5")).statusCode())
                .isEqualTo(400);
        assertThat(transition(provider, id, "offer", Map.of()).body()).contains("params.price");
        JsonNode offered =
                ok(transition(provider, id, "offer", Map.of("price", "4500", "message", "45 euros, a week.")));
        assertThat(offered.get("state").asString()).isEqualTo("offered");
        // 45.00 asked, the customer adds 5 %, the provider gives 10 %
        assertThat(offered.at("/quote/customerTotal/amount").asLong()).isEqualTo(4_725);
        assertThat(offered.at("/quote/providerTotal/amount").asLong()).isEqualTo(4_050);
        assertThat(names(get(customer, id).get("availableTransitions")))
                .containsExactlyInAnyOrder("accept-offer", "decline-offer", "close");

        JsonNode paying = ok(transition(customer, id, "accept-offer", Map.of()));
        assertThat(paying.get("state").asString()).isEqualTo("pending-payment");
        assertThat(paying.at("/payment/nextActionUrl").asString()).contains("/payments/simulator/");
        payments.payWithTestCard(paymentOf(id));
        awaitState(customer, id, "accepted");
        awaitPayment(id, p -> p.state() == PaymentState.CAPTURED);
        assertThat(ok(transition(customer, id, "complete", Map.of()))
                        .get("state")
                        .asString())
                .isEqualTo("completed");
        PaymentView paid = awaitPayment(id, p -> p.state() == PaymentState.PAID_OUT);
        assertThat(paid.paidOut().amount()).isEqualTo(4_050);
        assertThat(payments.checkLedger().passed()).isTrue();
    }

    @Test
    void aMembersDataHoldsTheirDealsAndTheirWordsGoWhenTheyLeaveWhileTheDealStays() {
        payments.chooseGateway(Gateway.DIRECT);
        UUID listing = deals.listing(provider, "stay", 6_000, "flexible", "");
        LocalDate checkIn = today().plusDays(12);
        UUID id = book(customer, listing, checkIn, checkIn.plusDays(1));
        awaitState(provider, id, "requested");
        ok(transition(customer, id, "cancel", Map.of("message", "My aunt is ill, sorry.")));

        HttpResponse<String> export = http.get("/api/v1/me/data", customer.auth());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(json.readTree(export.body())
                        .at("/transactions/asCustomer/0/id")
                        .asString())
                .isEqualTo(id.toString());
        assertThat(export.body()).contains("My aunt is ill, sorry.");

        HttpResponse<String> deleted = http.postJson(
                "/api/v1/me/deletion", "{\"currentPassword\": \"" + Members.PASSWORD + "\"}", customer.auth());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (count("transaction_transitions WHERE transaction_id = '" + id + "' AND message IS NOT NULL") > 0
                && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(100));
        }
        assertThat(count("transaction_transitions WHERE transaction_id = '" + id + "' AND message IS NOT NULL"))
                .isZero();
        JsonNode kept = get(provider, id);
        assertThat(kept.get("state").asString()).isEqualTo("cancelled");
        assertThat(names(kept.get("transitions"))).containsExactly("start", "paid", "cancel");
        assertThatThrownBy(() -> jdbc.sql("UPDATE transaction_transitions SET name = 'x' WHERE transaction_id = :id")
                        .param("id", id)
                        .update())
                .hasMessageContaining("append-only");
    }

    // --- seats -----------------------------------------------------------------------------------

    @Test
    void seatsOfAClassAreSharedUntilTheyRunOut() {
        payments.chooseGateway(Gateway.DIRECT);
        UUID yoga = deals.listing(provider, "class", 2_000, "flexible", "\"seats\": 4");
        LocalDate day = today().plusDays(7);
        String start = day + "T10:00";
        String end = day + "T12:00";
        Signed other = Members.verifiedMember(http, "Other Customer");
        HttpResponse<String> first = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", \"seats\": 3}".formatted(yoga, start, end),
                customer.auth());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(json.readTree(first.body()).at("/transaction/quote/units").asLong())
                .isEqualTo(2);
        HttpResponse<String> second = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", \"seats\": 2}"
                        .formatted(yoga, day + "T11:00", day + "T12:00"),
                other.auth());
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(second.body()).contains(day + "T11:00");
        HttpResponse<String> one = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", \"seats\": 1}"
                        .formatted(yoga, day + "T11:00", day + "T12:00"),
                other.auth());
        assertThat(one.statusCode()).as(one.body()).isEqualTo(201);
    }

    // --- races -----------------------------------------------------------------------------------

    @Test
    void overlappingStaysRequestedAtOnceAreBookedOnce() throws Exception {
        payments.chooseGateway(Gateway.DIRECT);
        UUID stay = deals.listing(provider, "instant", 9_000, "flexible", "");
        LocalDate checkIn = today().plusDays(20);
        List<Signed> guests = IntStream.range(0, 8)
                .mapToObj(i -> Members.verifiedMember(http, "Racing Guest " + i))
                .toList();

        // every two of these stays overlap: three nights from the check-in or from the day after
        List<HttpResponse<String>> answers = atOnce(
                guests, (guest, i) -> startBooking(guest, stay, checkIn.plusDays(i % 2), checkIn.plusDays(i % 2 + 3)));

        List<HttpResponse<String>> booked =
                answers.stream().filter(r -> r.statusCode() == 201).toList();
        assertThat(booked).hasSize(1);
        // a direct payment is agreed at once: the instant booking answers accepted
        assertThat(json.readTree(booked.get(0).body()).at("/transaction/state").asString())
                .isEqualTo("accepted");
        answers.stream()
                .filter(r -> r.statusCode() != 201)
                .forEach(r -> assertProblem(r, 409, "transactions.dates.taken"));
        assertThat(count("transactions WHERE listing_id = '" + stay + "'")).isEqualTo(1);
        assertThat(count("transaction_bookings WHERE active AND listing_id = '" + stay + "'"))
                .isEqualTo(1);
        assertThat(count("payments WHERE reference = (SELECT id FROM transactions WHERE listing_id = '" + stay + "')"))
                .isEqualTo(1);

        // a booking that reaches the insert after an overlapping one committed is refused by the database
        UUID late = UUID.randomUUID();
        assertThatThrownBy(() -> transactionTemplate.executeWithoutResult(status -> store.book(
                        late,
                        stay,
                        1,
                        checkIn.plusDays(2).atStartOfDay(),
                        checkIn.plusDays(5).atStartOfDay(),
                        true)))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        assertThat(count("transaction_bookings WHERE listing_id = '" + stay + "'"))
                .isEqualTo(1);
    }

    @Test
    void theLastItemsGoToAsManyBuyersAsThereAreItems() throws Exception {
        payments.chooseGateway(Gateway.DIRECT);
        UUID goods = deals.listing(provider, "goods", 2_500, "flexible", "");
        deals.stock(provider, goods, 3);
        List<Signed> buyers = IntStream.range(0, 9)
                .mapToObj(i -> Members.verifiedMember(http, "Racing Buyer " + i))
                .toList();

        List<HttpResponse<String>> answers = atOnce(
                buyers,
                (buyer, i) -> http.postJson(
                        "/api/v1/transactions", "{\"listingId\": \"" + goods + "\", \"quantity\": 1}", buyer.auth()));

        assertThat(answers).filteredOn(r -> r.statusCode() == 201).hasSize(3);
        // refused by the check before the order or by the stock's own conditional update, whichever came first
        answers.stream().filter(r -> r.statusCode() != 201).forEach(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            assertThat(r.body())
                    .containsAnyOf(
                            "\"code\":\"transactions.stock.insufficient\"", "\"code\":\"listings.stock.insufficient\"");
        });
        assertThat(stock(goods)).isZero();
        assertThat(count("transactions WHERE listing_id = '" + goods + "' AND state = 'paid'"))
                .isEqualTo(3);
        assertThat(count("transactions WHERE listing_id = '" + goods + "'")).isEqualTo(3);
    }

    // --- refusals --------------------------------------------------------------------------------

    @Test
    void refusalsNameWhatIsWrongAndStoreNothing() {
        UUID listing = deals.listing(
                provider,
                "stay",
                5_000,
                "flexible",
                "\"rules\": {\"minDuration\": 2, \"maxDuration\": 5, \"advanceNoticeDays\": 3, \"cancellationPolicy\": \"flexible\"}");
        long before = count("transactions");
        LocalDate start = today().plusDays(10);

        assertProblem(startBooking(provider, listing, start, start.plusDays(2)), 422, "transactions.ownListing");
        Signed unverified = Members.unverifiedMember(http, "Unverified Customer");
        assertThat(startBooking(unverified, listing, start, start.plusDays(2)).statusCode())
                .isEqualTo(403);
        HttpResponse<String> tooShort = startBooking(customer, listing, start, start.plusDays(1));
        assertProblem(tooShort, 422, "transactions.rules");
        assertThat(tooShort.body()).contains("\"field\":\"end\"").contains("at least 2 nights");
        assertThat(startBooking(customer, listing, start, start.plusDays(6)).body())
                .contains("at most 5 nights");
        HttpResponse<String> soon = startBooking(customer, listing, today().plusDays(1), today().plusDays(3));
        assertProblem(soon, 422, "transactions.rules");
        assertThat(soon.body()).contains("\"field\":\"start\"").contains("3 days ahead");
        HttpResponse<String> backwards = startBooking(customer, listing, start, start.minusDays(1));
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("\"field\":\"end\"");
        HttpResponse<String> garbage = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"" + listing + "\", \"start\": \"2027-02-30\", \"end\": \"" + "9".repeat(5000)
                        + "\"}",
                customer.auth());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("\"field\":\"start\"").contains("\"field\":\"end\"");
        assertThat(http.postJson(
                                "/api/v1/transactions",
                                "{\"listingId\": \"" + UUID.randomUUID() + "\"}",
                                customer.auth())
                        .statusCode())
                .isEqualTo(404);
        assertThat(count("transactions")).isEqualTo(before);

        payments.chooseGateway(Gateway.DIRECT);
        UUID id = book(customer, listing, start, start.plusDays(2));
        awaitState(provider, id, "requested");
        HttpResponse<String> collide = startBooking(
                Members.verifiedMember(http, "Late Customer"), listing, start.plusDays(1), start.plusDays(3));
        assertProblem(collide, 409, "transactions.dates.taken");
        assertThat(collide.body()).contains(start.plusDays(1).toString()).doesNotContain(start.plusDays(2) + " is");

        assertProblem(transition(customer, id, "accept", Map.of()), 422, "transactions.transition.notAvailable");
        Signed stranger = Members.verifiedMember(http, "Stranger");
        assertThat(transition(stranger, id, "cancel", Map.of()).statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v1/transactions/" + id, stranger.auth()).statusCode())
                .isEqualTo(404);
        assertThat(transition(provider, id, "accept", Map.of("colour", "red")).statusCode())
                .isEqualTo(400);
        assertThat(get(provider, id).get("state").asString()).isEqualTo("requested");
        assertThat(count("transaction_transitions WHERE transaction_id = '" + id + "'"))
                .isEqualTo(2);

        JsonNode mine = ok(http.get("/api/v1/transactions?role=customer", customer.auth()));
        assertThat(mine.get("items")).hasSize(1);
        JsonNode sales = ok(http.get("/api/v1/transactions?role=provider&state=requested", provider.auth()));
        assertThat(sales.get("items")).hasSize(1);
        assertThat(http.get("/api/v1/transactions?role=owner", provider.auth()).statusCode())
                .isEqualTo(400);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), BERLIN);
    }

    private HttpResponse<String> startBooking(Signed who, UUID listing, LocalDate start, LocalDate end) {
        return http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\"}".formatted(listing, start, end),
                who.auth());
    }

    private UUID book(Signed who, UUID listing, LocalDate start, LocalDate end) {
        HttpResponse<String> created = startBooking(who, listing, start, end);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(
                json.readTree(created.body()).at("/transaction/id").asString());
    }

    private UUID buy(Signed who, UUID listing, int quantity) {
        HttpResponse<String> created = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"quantity\": %d}".formatted(listing, quantity),
                who.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(
                json.readTree(created.body()).at("/transaction/id").asString());
    }

    private HttpResponse<String> transition(Signed who, UUID id, String name, Map<String, String> params) {
        return http.postJson(
                "/api/v1/transactions/" + id + "/transitions",
                json.writeValueAsString(Map.of("name", name, "params", params)),
                who.auth());
    }

    private JsonNode get(Signed who, UUID id) {
        return ok(http.get("/api/v1/transactions/" + id, who.auth()));
    }

    private JsonNode awaitState(Signed who, UUID id, String state) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode now = get(who, id);
        while (!state.equals(now.get("state").asString()) && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(100));
            now = get(who, id);
        }
        assertThat(now.get("state").asString()).as(now.toString()).isEqualTo(state);
        return now;
    }

    private PaymentView awaitPayment(UUID transaction, Predicate<PaymentView> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        PaymentView now = payments.payment(paymentOf(transaction)).orElseThrow();
        while (!condition.test(now) && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(200));
            now = payments.payment(now.id()).orElseThrow();
        }
        assertThat(condition.test(now)).as("payment now " + now).isTrue();
        return now;
    }

    private UUID paymentOf(UUID transaction) {
        return jdbc.sql("SELECT payment_id FROM transactions WHERE id = :id")
                .param("id", transaction)
                .query(UUID.class)
                .single();
    }

    private int stock(UUID listing) {
        return ok(http.get("/api/v1/listings/" + listing)).get("stock").asInt();
    }

    private long count(String from) {
        return jdbc.sql("SELECT count(*) FROM " + from).query(Long.class).single();
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    private static List<String> names(JsonNode array) {
        return array.valueStream()
                .map(n -> n.isString() ? n.asString() : n.get("name").asString())
                .toList();
    }

    private static List<String> codes(JsonNode quote) {
        return quote.get("lineItems")
                .valueStream()
                .map(n -> n.get("code").asString())
                .toList();
    }

    private static String[] auth(Signed who, String... more) {
        String[] headers = new String[2 + more.length];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + who.token();
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }

    /** Each one's request sent at the same moment, from a thread of its own; the answers in their order. */
    private static <T> List<HttpResponse<String>> atOnce(
            List<T> who, BiFunction<T, Integer, HttpResponse<String>> request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(who.size());
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < who.size(); i++) {
                int n = i;
                sent.add(threads.submit(() -> {
                    go.await();
                    return request.apply(who.get(n), n);
                }));
            }
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    private String operatorToken() {
        String email = Members.uniqueEmail("deal-operator");
        accounts.ensureOperator(email, "dispute-settling-words", "Dispute Operator");
        Web web = new Web(port, "10.63.0.1");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", email, "password", "dispute-settling-words"));
        TwoFactor.Enrolled enrolled = TwoFactor.enrol(web, "dispute-settling-words", clock);
        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> token = http.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s", "code": "%s"}""".formatted(
                        email, "dispute-settling-words", TwoFactor.code(enrolled.secret(), clock.instant())));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        return Members.field(token.body(), "token");
    }
}
