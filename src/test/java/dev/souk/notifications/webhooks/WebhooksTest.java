package dev.souk.notifications.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import dev.souk.notifications.webhooks.Receiver.Received;
import dev.souk.payments.Gateway;
import dev.souk.payments.PaymentView;
import dev.souk.payments.Payments;
import dev.souk.testing.Http;
import dev.souk.testing.Mailbox;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks over the real stack: endpoints registered through the API, events of a real booking posted
 * signed to a receiver on 127.0.0.1 (signatures checked here with an HMAC of our own), retries with
 * growing delays as the clock moves, and an endpoint paused, its operators mailed, after a day of failures.
 */
@SoukTest
@Import(WithMailbox.class)
class WebhooksTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @LocalServerPort
    int port;

    @Autowired
    Webhooks webhooks;

    @Autowired
    Accounts accounts;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Payments payments;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    Http http;
    Operator operator;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        operator = Operator.signIn(port, accounts, clock);
    }

    @AfterEach
    void tearDown() {
        webhooks.endpoints().forEach(e -> webhooks.delete(e.id()));
        payments.chooseGateway(Gateway.DIRECT);
        clock.reset();
    }

    @Test
    void aBookingWalkedThroughItsProcessIsPostedSignedToTheEndpoint() throws Exception {
        try (Receiver receiver = new Receiver()) {
            HttpResponse<String> created = http.postJson(
                    "/api/v1/admin/webhooks", """
                    {"url": "%s", "events": ["transaction.moved", "payout.sent", "listing.published", "message.sent"],
                     "description": "Bookkeeping"}""".formatted(receiver.url("/souk/events")), operator.auth());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode answer = json.readTree(created.body());
            String secret = answer.get("secret").asString();
            UUID endpointId = UUID.fromString(answer.at("/endpoint/id").asString());
            assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
            assertThat(answer.at("/endpoint/state").asString()).isEqualTo("enabled");
            assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/admin/webhooks/" + endpointId);
            byte[] stored = jdbc.sql("SELECT secret FROM webhook_endpoints WHERE id = :id")
                    .param("id", endpointId)
                    .query(byte[].class)
                    .single();
            assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                    .as("kept sealed")
                    .doesNotContain(secret.substring(6));
            HttpResponse<String> readBack =
                    http.get("/api/v1/admin/webhooks/" + endpointId + "/secret", operator.auth());
            assertThat(Members.field(readBack.body(), "secret")).isEqualTo(secret);
            HttpResponse<String> list = http.get("/api/v1/admin/webhooks", operator.auth());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains(endpointId.toString()).doesNotContain(secret);

            UUID transaction = completedInstantBooking();
            String listing = moveOf(receiver, transaction).at("/data/listingId").asString();
            receiver.await(r -> "listing.published".equals(r.header("Souk-Event-Type"))
                    && r.body().contains(listing));
            // a message's ids, never its words
            Received message = receiver.await(r -> "message.sent".equals(r.header("Souk-Event-Type"))
                    && r.body()
                            .contains(moveOf(receiver, transaction)
                                    .at("/data/customerId")
                                    .asString()));
            assertThat(message.body())
                    .doesNotContain("door code")
                    .contains("conversationId")
                    .contains("messageId");

            Predicate<Received> ofIt = r -> r.body().contains(transaction.toString());
            receiver.await(ofIt.and(r -> r.body().contains("\"transition\":\"complete\"")));
            Received payout = receiver.await(ofIt.and(r -> "payout.sent".equals(r.header("Souk-Event-Type"))));
            List<Received> moves = receiver.received().stream()
                    .filter(ofIt)
                    .filter(r -> "transaction.moved".equals(r.header("Souk-Event-Type")))
                    .toList();
            assertThat(moves.stream()
                            .map(r -> json.readTree(r.body())
                                    .at("/data/transition")
                                    .asString())
                            .toList())
                    .as("each step once")
                    .containsExactlyInAnyOrder("start", "paid", "complete");
            for (Received r : receiver.received()) {
                assertThat(verified(secret, r)).as(r.toString()).isTrue();
                JsonNode body = json.readTree(r.body());
                assertThat(r.header("Souk-Event-Id")).isEqualTo(body.get("id").asString());
                assertThat(r.header("Souk-Event-Type"))
                        .isEqualTo(body.get("type").asString());
                assertThat(r.header("Content-Type")).isEqualTo("application/json");
                assertThat(verified("whsec_someone-else", r)).isFalse();
            }
            JsonNode paidOut = json.readTree(payout.body());
            assertThat(paidOut.at("/data/transactionId").asString()).isEqualTo(transaction.toString());
            assertThat(paidOut.at("/data/amount/amount").asLong()).isPositive();
            JsonNode completed = json.readTree(moves.stream()
                    .filter(r -> r.body().contains("\"complete\""))
                    .findFirst()
                    .orElseThrow()
                    .body());
            assertThat(completed.at("/data/from").asString()).isEqualTo("accepted");
            assertThat(completed.at("/data/to").asString()).isEqualTo("completed");
            assertThat(completed.at("/data/by").asString()).isEqualTo("system");

            // each one recorded as delivered at the first attempt, with the receiver's answer
            List<Delivery> recorded = awaitDeliveries(
                    endpointId, all -> all.size() >= 4 && all.stream().allMatch(d -> d.attempts() == 1));
            assertThat(recorded).allSatisfy(d -> {
                assertThat(d.status()).isEqualTo(Delivery.Status.SUCCEEDED);
                assertThat(d.lastStatusCode()).isEqualTo(200);
                assertThat(d.nextAttemptAt()).isNull();
            });
            HttpResponse<String> deliveries =
                    http.get("/api/v1/admin/webhooks/" + endpointId + "/deliveries", operator.auth());
            assertThat(deliveries.statusCode()).isEqualTo(200);
            assertThat(deliveries.body()).contains("\"status\":\"succeeded\"").contains("\"lastStatusCode\":200");

            // the endpoint's page lists them with their payloads; the operator deletes it (back to
            // today's date, as sessions are dated by the wall clock)
            clock.reset();
            String page = operator.web().get("/admin/webhooks/" + endpointId).body();
            assertThat(page).contains("payout.sent").contains("Delivered").contains(transaction.toString());
            HttpResponse<String> deleted =
                    http.method("DELETE", "/api/v1/admin/webhooks/" + endpointId, "", operator.auth());
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(count("webhook_deliveries WHERE endpoint_id = '" + endpointId + "'"))
                    .isZero();
        }
    }

    @Test
    void anEventHandedOverTwiceIsDeliveredOnceAndKeptForThirtyDays() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Endpoint endpoint = webhooks.create(receiver.url("/"), List.of("listing.published"), "")
                    .endpoint();
            UUID listing = UUID.randomUUID();
            var event = new dev.souk.listings.ListingPublished(listing, UUID.randomUUID(), clock.instant());
            UUID id = WebhookEvents.id(EventType.LISTING_PUBLISHED, event);
            assertThat(WebhookEvents.id(
                            EventType.LISTING_PUBLISHED,
                            new dev.souk.listings.ListingPublished(listing, event.ownerId(), event.publishedAt())))
                    .isEqualTo(id);
            webhooks.record(EventType.LISTING_PUBLISHED, id, clock.instant(), Map.of("listingId", listing));
            webhooks.record(EventType.LISTING_PUBLISHED, id, clock.instant(), Map.of("listingId", listing));
            UUID delivered = awaitDeliveries(
                            endpoint.id(), all -> all.size() == 1 && all.get(0).status() == Delivery.Status.SUCCEEDED)
                    .get(0)
                    .id();
            assertThat(receiver.received()).hasSize(1);

            // kept for 30 days, then forgotten
            clock.advance(Duration.ofDays(29));
            webhooks.forgetOld();
            assertThat(webhooks.deliveries(endpoint.id())).hasSize(1);
            assertThat(count("webhook_attempts WHERE delivery_id = '" + delivered + "'"))
                    .isEqualTo(1);
            clock.advance(Duration.ofDays(2));
            webhooks.forgetOld();
            assertThat(webhooks.deliveries(endpoint.id())).isEmpty();
            assertThat(count("webhook_attempts WHERE delivery_id = '" + delivered + "'"))
                    .isZero();
        }
    }

    @Test
    void aFailingEndpointIsRetriedWithGrowingDelaysUntilItAnswers() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.then(500, 500, Receiver.silence(Duration.ofSeconds(4))).always(204);
            Endpoint endpoint = webhooks.create(receiver.url("/hook"), List.of("listing.closed"), "Flaky")
                    .endpoint();
            webhooks.record(
                    EventType.LISTING_CLOSED,
                    UUID.randomUUID(),
                    clock.instant(),
                    Map.of("listingId", UUID.randomUUID()));

            Delivery delivery = awaitAttempts(endpoint.id(), 1);
            for (int n = 2; n <= 4; n++) {
                assertThat(delivery.status()).isEqualTo(Delivery.Status.PENDING);
                clock.advance(Duration.between(clock.instant(), delivery.nextAttemptAt())
                        .plusSeconds(1));
                delivery = awaitAttempts(endpoint.id(), n);
            }

            assertThat(delivery.status()).isEqualTo(Delivery.Status.SUCCEEDED);
            assertThat(delivery.lastStatusCode()).isEqualTo(204);
            assertThat(delivery.nextAttemptAt()).isNull();
            List<Attempt> attempts =
                    webhooks.delivery(endpoint.id(), delivery.id()).getValue();
            assertThat(attempts).extracting(Attempt::statusCode).containsExactly(500, 500, null, 204);
            assertThat(attempts).extracting(Attempt::succeeded).containsExactly(false, false, false, true);
            assertThat(attempts.get(0).error()).isEqualTo("HTTP 500");
            assertThat(attempts.get(2).error()).contains("timed out");
            assertThat(attempts.get(2).durationMs()).isBetween(1_900, 4_000);
            List<Duration> delays = attempts.subList(0, 3).stream()
                    .map(a -> Duration.between(a.attemptedAt(), a.nextAttemptAt()))
                    .toList();
            assertThat(delays.get(0)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(36));
            assertThat(delays.get(1)).isGreaterThan(delays.get(0));
            assertThat(delays.get(2)).isGreaterThan(delays.get(1));
            assertThat(attempts.get(3).nextAttemptAt()).isNull();
            // the same event, id and signature made afresh each time
            assertThat(receiver.received()).hasSize(4);
            assertThat(receiver.received().stream()
                            .map(r -> r.header("Souk-Event-Id"))
                            .distinct())
                    .containsExactly(delivery.eventId().toString());
            assertThat(webhooks.endpoint(endpoint.id()).failingSince()).isNull();
        }
    }

    @Test
    void anEndpointFailingForADayIsPausedItsOperatorsMailedAndResumedByThem() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.always(503);
            Endpoint endpoint = webhooks.create(receiver.url("/down"), List.of("review.published"), "")
                    .endpoint();
            webhooks.record(EventType.REVIEW_PUBLISHED, UUID.randomUUID(), clock.instant(), Map.of("rating", 5));

            Delivery delivery = awaitAttempts(endpoint.id(), 1);
            int n = 1;
            while (delivery.status() == Delivery.Status.PENDING && n < 40) {
                clock.advance(Duration.between(clock.instant(), delivery.nextAttemptAt())
                        .plusSeconds(1));
                delivery = awaitAttempts(endpoint.id(), ++n);
            }
            assertThat(delivery.status()).isEqualTo(Delivery.Status.FAILED);
            assertThat(delivery.lastStatusCode()).isEqualTo(503);
            List<Attempt> attempts =
                    webhooks.delivery(endpoint.id(), delivery.id()).getValue();
            assertThat(attempts).hasSizeBetween(10, 20).allMatch(a -> !a.succeeded());
            Duration tried = Duration.between(
                    attempts.get(0).attemptedAt(),
                    attempts.get(attempts.size() - 1).attemptedAt());
            assertThat(tried)
                    .isBetween(Duration.ofHours(24), Duration.ofHours(24).plusMinutes(1));
            assertThat(attempts.get(attempts.size() - 1).nextAttemptAt()).isNull();

            Endpoint paused = webhooks.endpoint(endpoint.id());
            assertThat(paused.paused()).isTrue();
            assertThat(paused.pausedReason()).isEqualTo("failing");
            String mail = Mailbox.text(awaitMail(operator.email(), "was paused"));
            assertThat(mail).contains(receiver.url("/down")).contains("/admin/webhooks/" + endpoint.id());

            // nothing is recorded for a paused endpoint
            webhooks.record(EventType.REVIEW_PUBLISHED, UUID.randomUUID(), clock.instant(), Map.of("rating", 4));
            assertThat(webhooks.deliveries(endpoint.id())).hasSize(1);

            // back to today's date, as sessions are dated by the wall clock
            clock.reset();
            String list = operator.web().get("/admin/webhooks").body();
            assertThat(list)
                    .contains("every attempt to deliver to it failed for 24 hours")
                    .contains("kept failing");

            // the operator fixes the receiver, resumes the endpoint and sends the delivery again
            receiver.always(200);
            assertThat(operator.web()
                            .post("/admin/webhooks/" + endpoint.id() + "/resume", Map.of())
                            .statusCode())
                    .isEqualTo(302);
            assertThat(webhooks.endpoint(endpoint.id()).paused()).isFalse();
            assertThat(operator.web()
                            .post(
                                    "/admin/webhooks/" + endpoint.id() + "/deliveries/" + delivery.id() + "/resend",
                                    Map.of())
                            .statusCode())
                    .isEqualTo(302);
            Delivery resent = awaitAttempts(endpoint.id(), n + 1);
            assertThat(resent.status()).isEqualTo(Delivery.Status.SUCCEEDED);
            assertThat(resent.lastStatusCode()).isEqualTo(200);
            assertThat(operator.web().get("/admin/webhooks").body()).doesNotContain("kept failing");
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** HMAC-SHA256 of "t.body" with the secret, as an integrator computes it (docs/webhooks.md). */
    static boolean verified(String secret, Received r) throws Exception {
        String header = r.header("Souk-Signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        return java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), v1.getBytes(StandardCharsets.US_ASCII));
    }

    private JsonNode moveOf(Receiver receiver, UUID transaction) {
        return json.readTree(receiver.await(r -> "transaction.moved".equals(r.header("Souk-Event-Type"))
                        && r.body().contains(transaction.toString()))
                .body());
    }

    /** An instant booking paid by card, walked to completed and paid out; its id. */
    private UUID completedInstantBooking() {
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
        String key = "hook-" + UUID.randomUUID().toString().substring(0, 8);
        marketplace.saveListingType(
                new ListingType(key, "Stay " + key, TransactionKind.NIGHTLY, true, false, Set.of(), 90));
        marketplace.saveCategory(new Category("c-" + key, "C " + key, null, Set.of(key), 90));
        String currency = marketplace.settings().defaultCurrency().getCurrencyCode();
        Signed provider = Members.verifiedMember(http, "Hook Provider");
        Signed customer = Members.verifiedMember(http, "Hook Customer");
        HttpResponse<String> listing =
                http.postJson("/api/v1/listings", """
                {"listingType": "%s", "category": "c-%s", "title": "A room to hook into",
                 "description": "Somewhere to test webhooks.", "price": {"amount": 9000, "currency": "%s"},
                 "timeZone": "Europe/Berlin", "instantBook": true}""".formatted(key, key, currency), provider.auth());
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(201);
        String listingId = Members.field(listing.body(), "id");
        HttpResponse<String> published =
                http.postJson("/api/v1/listings/" + listingId + "/publish", "", provider.auth());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

        LocalDate checkIn = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(5);
        LocalDate checkOut = checkIn.plusDays(2);
        HttpResponse<String> booked = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", \"message\": \"The door code is 4321?\"}"
                        .formatted(listingId, checkIn, checkOut),
                customer.auth());
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
        UUID id = UUID.fromString(
                json.readTree(booked.body()).at("/transaction/id").asString());
        PaymentView payment = await(
                () -> payments.receipts(customer.id(), null, 10).items().stream()
                        .filter(p -> id.equals(p.reference()))
                        .findFirst(),
                "the booking's payment");
        payments.payWithTestCard(payment.id());
        awaitState(customer, id, "accepted");
        clock.advance(Duration.between(
                        clock.instant(),
                        checkOut.plusDays(1).atStartOfDay(BERLIN).toInstant())
                .plusMinutes(1));
        awaitState(Members.token(http, customer.email()), id, "completed");
        return id;
    }

    private void awaitState(Signed who, UUID id, String state) {
        await(
                () -> Optional.of(http.get("/api/v1/transactions/" + id, who.auth()))
                        .filter(r -> r.statusCode() == 200 && r.body().contains("\"state\":\"" + state + "\"")),
                "transaction " + state);
    }

    private Delivery awaitAttempts(UUID endpointId, int attempts) {
        return awaitDeliveries(endpointId, all -> all.size() == 1 && all.get(0).attempts() == attempts)
                .get(0);
    }

    private List<Delivery> awaitDeliveries(UUID endpointId, Predicate<List<Delivery>> wanted) {
        return await(() -> Optional.of(webhooks.deliveries(endpointId)).filter(wanted), "deliveries of " + endpointId);
    }

    private jakarta.mail.internet.MimeMessage awaitMail(String address, String subject) {
        return await(
                () -> Mailbox.to(address).stream()
                        .filter(m -> Mailbox.subject(m).contains(subject))
                        .findFirst(),
                "a mail about " + subject);
    }

    private long count(String from) {
        return jdbc.sql("SELECT count(*) FROM " + from).query(Long.class).single();
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> probe, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("waited 30 s for " + what);
    }
}
