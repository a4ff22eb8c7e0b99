package dev.souk.notifications;

import static dev.souk.testing.Pause.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.messaging.Messaging;
import dev.souk.payments.PaymentFailed;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.Web;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The bell's page, the badge in the header, and the choice of mails among the account settings. */
@SoukTest
class NotificationPagesTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    Notifications notifications;

    @Autowired
    Messaging messaging;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ApplicationEventPublisher events;

    @Test
    void visitorsAreSentToSignIn() {
        Web visitor = new Web(port);
        assertThat(visitor.get("/notifications").statusCode()).isEqualTo(302);
        assertThat(visitor.get("/account/notifications").statusCode()).isEqualTo(302);
        assertThat(visitor.get("/").body()).doesNotContain("id=\"bell\"");
    }

    @Test
    void theBellsPageListsNewestFirstHighlightsTheUnreadAndMarksThemRead() {
        Signed member = Members.unverifiedMember(new Http(port), "Page Reader");
        Web web = signedIn(member);
        assertThat(web.get("/notifications").body())
                .contains("Nothing to tell you yet.")
                .doesNotContain("Mark all as read");

        failedPayment(member, "card_declined");
        failedPayment(member, "insufficient_funds");
        awaitUnread(member, 2);
        String page = web.get("/notifications").body();
        assertThat(count(page, "souk-unread")).isEqualTo(2);
        assertThat(page)
                .contains("Your payment didn’t go through")
                .contains("Mark all as read")
                .contains("2 unread notifications");

        Matcher first = Pattern.compile("action=\"/notifications/([0-9a-f-]{36})/read\"")
                .matcher(page);
        assertThat(first.find()).isTrue();
        HttpResponse<String> read = web.post("/notifications/" + first.group(1) + "/read", Map.of());
        assertThat(read.statusCode()).isEqualTo(302);
        String after = web.follow(read).body();
        assertThat(count(after, "souk-unread")).isEqualTo(1);
        assertThat(after).contains("1 unread notification");

        Matcher open = Pattern.compile("action=\"/notifications/([0-9a-f-]{36})/open\"")
                .matcher(after);
        assertThat(open.find()).isTrue();
        HttpResponse<String> opened = web.post("/notifications/" + open.group(1) + "/open", Map.of());
        assertThat(opened.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/account/payments"));

        web.get("/notifications");
        HttpResponse<String> all = web.post("/notifications/read", Map.of());
        assertThat(web.follow(all).body()).doesNotContain("souk-unread").doesNotContain("Mark all as read");
        assertThat(notifications.unreadCount(member.id())).isZero();

        Signed stranger = Members.unverifiedMember(new Http(port), "Page Stranger");
        failedPayment(member, "expired_card");
        awaitUnread(member, 1);
        UUID theirs = notifications.page(member.id(), null, 1).items().get(0).id();
        Web other = signedIn(stranger);
        other.get("/notifications");
        assertThat(other.post("/notifications/" + theirs + "/read", Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(notifications.unreadCount(member.id())).as("still unread").isOne();
    }

    @Test
    void theChoiceOfMailsListsEveryKindAndKeepsWhatIsTicked() {
        Signed member = Members.unverifiedMember(new Http(port), "Choosy Person");
        Web web = signedIn(member);
        String page = web.get("/account/notifications").body();
        for (Category category : Category.values()) {
            assertThat(page).containsPattern("id=\"mail-" + category.key() + "\"[^>]*checked");
        }
        assertThat(page).contains("Someone sends you a message").contains("Bookings");

        HttpResponse<String> saved = web.postFields(
                "/account/notifications",
                List.of(Map.entry("mail", "booking-requested"), Map.entry("mail", "payout-sent")));
        assertThat(saved.statusCode()).isEqualTo(302);
        String after = web.follow(saved).body();
        assertThat(after)
                .contains("Your notification settings are saved.")
                .containsPattern("id=\"mail-payout-sent\"[^>]*checked")
                .doesNotContainPattern("id=\"mail-messages\"[^>]*checked");
        Map<Category, Boolean> chosen = notifications.mailPreferences(member.id());
        assertThat(chosen.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey))
                .containsExactlyInAnyOrder(Category.BOOKING_REQUESTED, Category.PAYOUT_SENT);
        assertThat(messaging.messageEmails(member.id()))
                .as("messages: the messaging module's setting")
                .isFalse();

        HttpResponse<String> unknown = web.postFields("/account/notifications", List.of(Map.entry("mail", "spam")));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(notifications.mailPreferences(member.id()))
                .as("nothing changed")
                .isEqualTo(chosen);

        web.postFields("/account/notifications", List.of(Map.entry("mail", "messages")));
        assertThat(messaging.messageEmails(member.id())).isTrue();
    }

    @Test
    void anUnsubscribeLinkThisSiteDidNotMakeIsNotFound() {
        assertThat(new Web(port)
                        .get("/unsubscribe/bm90LWEtdG9rZW4.c2lnbmF0dXJl")
                        .statusCode())
                .isEqualTo(404);
        assertThat(new Http(port)
                        .post("/unsubscribe/" + "x".repeat(500), "application/x-www-form-urlencoded", "")
                        .statusCode())
                .isEqualTo(404);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private Web signedIn(Signed member) {
        Web web = new Web(port, "10.65." + (ADDRESSES.incrementAndGet() / 250) + "." + (ADDRESSES.get() % 250 + 1));
        web.get("/sign-in");
        HttpResponse<String> response =
                web.post("/sign-in", Map.of("email", member.email(), "password", Members.PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return web;
    }

    private void failedPayment(Signed who, String code) {
        transactions.executeWithoutResult(
                tx -> events.publishEvent(new PaymentFailed(UUID.randomUUID(), null, who.id(), code)));
    }

    private void awaitUnread(Signed who, int expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (notifications.unreadCount(who.id()) != expected && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(100));
        }
        assertThat(notifications.unreadCount(who.id())).isEqualTo(expected);
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }
}
