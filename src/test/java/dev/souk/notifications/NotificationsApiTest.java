package dev.souk.notifications;

import static dev.souk.testing.Pause.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.messaging.Messaging;
import dev.souk.payments.PaymentFailed;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.Redelivery;
import dev.souk.testing.SoukTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bell over the API: a member's notifications newest first, page by page, marked read one by one
 * or all at once; nobody else's; the choice of mails; and an event delivered twice telling once.
 */
@SoukTest
class NotificationsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IncompleteEventPublications registry;

    @Autowired
    JsonMapper json;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    Messaging messaging;

    Http http;
    Signed member;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        member = Members.unverifiedMember(http, "Bell Ringer");
    }

    @Test
    void aMemberPagesThroughTheirNotificationsNewestFirstAndMarksThemRead() {
        failedPayment(member, "card_declined");
        failedPayment(member, "insufficient_funds");
        failedPayment(member, "expired_card");
        awaitUnread(member, 3);

        JsonNode first = ok(http.get("/api/v1/notifications?limit=2", member.auth()));
        assertThat(first.get("items")).hasSize(2);
        JsonNode newest = first.get("items").get(0);
        assertThat(newest.get("category").asString()).isEqualTo("payment-failed");
        assertThat(newest.get("title").asString()).isEqualTo("Your payment didn’t go through");
        assertThat(newest.get("text").asString()).contains("was refused");
        assertThat(newest.get("link").asString()).isEqualTo("http://localhost:8080/account/payments");
        assertThat(newest.get("createdAt").asString()).endsWith("Z");
        assertThat(newest.has("readAt")).isFalse();
        String cursor = first.get("nextCursor").asString();
        JsonNode second = ok(http.get("/api/v1/notifications?limit=2&cursor=" + cursor, member.auth()));
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.hasNonNull("nextCursor")).isFalse();
        List<String> ids = List.of(
                first.at("/items/0/id").asString(),
                first.at("/items/1/id").asString(),
                second.at("/items/0/id").asString());
        assertThat(ids).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> b.compareTo(a));

        JsonNode read = ok(http.postJson("/api/v1/notifications/" + ids.get(1) + "/read", "", member.auth()));
        assertThat(read.get("readAt").asString()).endsWith("Z");
        assertThat(ok(http.get("/api/v1/notifications/unread", member.auth()))
                        .get("unreadCount")
                        .asInt())
                .isEqualTo(2);
        assertThat(ok(http.postJson("/api/v1/notifications/read", "", member.auth()))
                        .get("marked")
                        .asInt())
                .isEqualTo(2);
        assertThat(ok(http.get("/api/v1/notifications/unread", member.auth()))
                        .get("unreadCount")
                        .asInt())
                .isZero();
        assertThat(ok(http.get("/api/v1/notifications", member.auth()))
                        .get("items")
                        .valueStream())
                .allSatisfy(n -> assertThat(n.hasNonNull("readAt")).isTrue());
    }

    @Test
    void anotherMembersNotificationIsNotFoundAndStaysUnread() {
        failedPayment(member, "card_declined");
        awaitUnread(member, 1);
        String id = ok(http.get("/api/v1/notifications", member.auth()))
                .at("/items/0/id")
                .asString();
        Signed stranger = Members.unverifiedMember(http, "Nosy Stranger");

        HttpResponse<String> refused = http.postJson("/api/v1/notifications/" + id + "/read", "", stranger.auth());
        assertNotFound(refused);
        assertNotFound(http.postJson("/api/v1/notifications/" + UUID.randomUUID() + "/read", "", member.auth()));
        assertThat(jdbc.sql("SELECT read_at IS NULL FROM notifications WHERE id = :id")
                        .param("id", UUID.fromString(id))
                        .query(Boolean.class)
                        .single())
                .as("still unread")
                .isTrue();
        assertThat(ok(http.get("/api/v1/notifications", stranger.auth())).get("items"))
                .isEmpty();
        assertThat(ok(http.postJson("/api/v1/notifications/read", "", stranger.auth()))
                        .get("marked")
                        .asInt())
                .isZero();
        assertThat(http.get("/api/v1/notifications").statusCode()).isEqualTo(401);
    }

    @Test
    void aCursorTheListDidNotGiveOutIsRefusedAndTheLimitIsBounded() {
        HttpResponse<String> bad = http.get("/api/v1/notifications?cursor=not-a-cursor", member.auth());
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(bad.body()).contains("\"field\":\"cursor\"");
        assertThat(http.get("/api/v1/notifications?cursor=" + "x".repeat(5000), member.auth())
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.get("/api/v1/notifications?limit=100000", member.auth()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void anEventDeliveredTwiceTellsOnceAndQueuesOneMail() {
        PaymentFailed event = new PaymentFailed(UUID.randomUUID(), null, member.id(), "card_declined");
        String key = event.paymentId().toString();
        publish(event);
        awaitUnread(member, 1);
        awaitHandled(key);
        assertThat(Redelivery.redeliver(jdbc, registry, PaymentFailed.class, key))
                .isPositive();
        awaitHandled(key);
        assertThat(count("notifications WHERE member_id = '" + member.id() + "'"))
                .isOne();
        assertThat(count("mail_outbox WHERE member_id = '" + member.id() + "' AND subject LIKE 'Your payment%'"))
                .isOne();
    }

    @Test
    void aCategoryTurnedOffStillRingsTheBellButSendsNoMail() {
        JsonNode all = ok(http.get("/api/v1/me/notification-preferences", member.auth()));
        assertThat(all.get("mail").properties()).hasSize(Category.values().length);
        assertThat(all.get("mail").valueStream())
                .allSatisfy(on -> assertThat(on.asBoolean()).isTrue());

        JsonNode changed = ok(http.method(
                "PUT",
                "/api/v1/me/notification-preferences",
                "{\"mail\": {\"payment-failed\": false, \"messages\": false}}",
                member.auth()));
        assertThat(changed.at("/mail/payment-failed").asBoolean()).isFalse();
        assertThat(changed.at("/mail/messages").asBoolean()).isFalse();
        assertThat(changed.at("/mail/payout-sent").asBoolean()).isTrue();
        assertThat(messaging.messageEmails(member.id())).as("kept by messaging").isFalse();

        failedPayment(member, "card_declined");
        awaitUnread(member, 1);
        assertThat(count("mail_outbox WHERE member_id = '" + member.id() + "' AND subject LIKE 'Your payment%'"))
                .as("no mail: it would have been queued with the notification")
                .isZero();
    }

    @Test
    void anUnknownCategoryIsRefusedAndNothingChanges() {
        HttpResponse<String> unknown = http.method(
                "PUT",
                "/api/v1/me/notification-preferences",
                "{\"mail\": {\"payout-sent\": false, \"spam\": false}}",
                member.auth());
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"field\":\"mail\"");
        HttpResponse<String> notABoolean = http.method(
                "PUT", "/api/v1/me/notification-preferences", "{\"mail\": {\"payout-sent\": \"no\"}}", member.auth());
        assertThat(notABoolean.statusCode()).as(notABoolean.body()).isEqualTo(400);
        assertThat(count("notification_preferences WHERE member_id = '" + member.id() + "'"))
                .isZero();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void failedPayment(Signed who, String code) {
        publish(new PaymentFailed(UUID.randomUUID(), null, who.id(), code));
    }

    private void publish(Object event) {
        transactions.executeWithoutResult(tx -> events.publishEvent(event));
    }

    private void awaitUnread(Signed who, int expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        int unread = -1;
        while (Instant.now().isBefore(deadline)) {
            unread = ok(http.get("/api/v1/notifications/unread", who.auth()))
                    .get("unreadCount")
                    .asInt();
            if (unread == expected) {
                return;
            }
            pause(Duration.ofMillis(100));
        }
        assertThat(unread).isEqualTo(expected);
    }

    /** Every listener of the event has had its turn: its publications are complete. */
    private void awaitHandled(String key) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Redelivery.incomplete(jdbc, PaymentFailed.class, key) > 0
                && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(100));
        }
        assertThat(Redelivery.incomplete(jdbc, PaymentFailed.class, key)).isZero();
    }

    private long count(String from) {
        return jdbc.sql("SELECT count(*) FROM " + from).query(Long.class).single();
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static void assertNotFound(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"urn:souk:problem:not-found\"");
    }
}
