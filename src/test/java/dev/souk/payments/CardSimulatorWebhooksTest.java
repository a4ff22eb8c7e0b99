package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.infra.InstallSecrets;
import dev.souk.payments.Checkouts.Checkout;
import dev.souk.payments.PaymentGateway.BadSignature;
import dev.souk.payments.PaymentGateway.WebhookEvent;
import dev.souk.payments.PaymentGateway.WebhookEvent.Kind;
import dev.souk.payments.WebhookReceiver.Delivery;
import dev.souk.shared.Money;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The simulator's webhooks: signed so that only it can have sent them, and delivered until answered. */
@SoukTest
@Import(WithWebhookReceiver.class)
class CardSimulatorWebhooksTest {

    @LocalServerPort
    int port;

    @Autowired
    CardSimulator simulator;

    @Autowired
    CardSimulatorWebhooks webhooks;

    @Autowired
    InstallSecrets secrets;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    PaymentGateway gateway;
    WebhookEvent event;
    byte[] body;

    @BeforeEach
    void setUp() {
        gateway = simulator;
        event = new WebhookEvent(
                UUID.randomUUID().toString(),
                Kind.CAPTURED,
                "sim_ch_" + UUID.randomUUID().toString().replace("-", ""),
                Money.of(12_50, "EUR"),
                null,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        body = webhooks.body(event);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aWebhookSignedWithTheInstallsKeyIsReadAsTheEventItSays() throws Exception {
        Instant now = clock.instant();
        String header = sign(key(), now, body);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key(), "HmacSHA256"));
        mac.update((now.getEpochSecond() + ".").getBytes(StandardCharsets.US_ASCII));
        assertThat(header)
                .isEqualTo("t=" + now.getEpochSecond() + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body)));

        WebhookEvent read = gateway.verify(Map.of("souk-signature", header), body);

        assertThat(read).isEqualTo(event);
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"" + event.id() + "\",\"kind\":\"CAPTURED\",\"reference\":\"" + event.reference()
                        + "\",\"amount\":{\"amount\":1250,\"currency\":\"EUR\"},\"failureCode\":null,\"createdAt\":\""
                        + event.createdAt() + "\"}");
    }

    @Test
    void aSignatureUpToFiveMinutesOldIsAccepted() {
        Instant signed = clock.instant().minusSeconds(300);

        assertThat(gateway.verify(Map.of("Souk-Signature", sign(key(), signed, body)), body))
                .isEqualTo(event);
    }

    @Test
    void aTamperedBodyAWrongKeyNoSignatureOrAnOldOneIsRefused() {
        byte[] tampered = new String(body, StandardCharsets.UTF_8)
                .replace("1250", "125000")
                .getBytes(StandardCharsets.UTF_8);
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        String good = sign(key(), clock.instant(), body);

        refused(Map.of("Souk-Signature", good), tampered);
        refused(Map.of("Souk-Signature", sign(otherKey, clock.instant(), body)), body);
        refused(Map.of(), body);
        refused(Map.of("Content-Type", "application/json"), body);
        refused(Map.of("Souk-Signature", sign(key(), clock.instant().minusSeconds(301), body)), body);
        refused(Map.of("Souk-Signature", sign(key(), clock.instant().plusSeconds(301), body)), body);
        refused(Map.of("Souk-Signature", good.replaceAll("v1=[0-9a-f]+", "v1=")), body);
        refused(Map.of("Souk-Signature", good.replaceAll("t=\\d+,", "")), body);
        refused(Map.of("Souk-Signature", "t=99999999999999999999," + good.substring(good.indexOf("v1="))), body);
        refused(Map.of("Souk-Signature", good + ",v0=" + "a".repeat(1024)), body);
    }

    @Test
    void aSignedBodyThatIsNoEventIsRefusedAndAnUnknownKindIsOther() {
        for (String text : List.of(
                "not json",
                "{}",
                "[]",
                "{\"id\":\"e\",\"kind\":\"CAPTURED\",\"reference\":\"r\",\"amount\":{\"amount\":-1,\"currency\":\"EUR\"},"
                        + "\"createdAt\":\"2030-01-01T00:00:00Z\"}",
                "{\"id\":\"e\",\"kind\":\"CAPTURED\",\"reference\":\"r\",\"amount\":{\"amount\":1,\"currency\":\"XX\"},"
                        + "\"createdAt\":\"2030-01-01T00:00:00Z\"}",
                "{\"id\":\"e\",\"kind\":\"CAPTURED\",\"reference\":\"r\",\"createdAt\":\"yesterday\"}",
                "{\"id\":\"" + "e".repeat(300) + "\",\"kind\":\"CAPTURED\",\"reference\":\"r\","
                        + "\"createdAt\":\"2030-01-01T00:00:00Z\"}")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            refused(Map.of("Souk-Signature", sign(key(), clock.instant(), bytes)), bytes);
        }
        byte[] unknown =
                "{\"id\":\"e\",\"kind\":\"DISPUTED\",\"reference\":\"r\",\"createdAt\":\"2030-01-01T00:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8);

        WebhookEvent other = gateway.verify(Map.of("Souk-Signature", sign(key(), clock.instant(), unknown)), unknown);

        assertThat(other.kind()).isEqualTo(Kind.OTHER);
        assertThat(other.amount()).isNull();
        assertThat(other.failureCode()).isNull();
    }

    @Test
    void aWebhookAnsweredWithAnErrorIsPostedAgainLaterUntilItIsTakenAndThenNeverAgain() {
        Checkouts checkouts = new Checkouts(simulator, port, clock);
        Checkout checkout = checkouts.start(25_00);
        WebhookReceiver.failNext(checkout.reference(), 1);

        checkouts.pay(checkout, Checkouts.SUCCEEDS);

        Delivery refused = WebhookReceiver.await(checkout.reference(), "AUTHORIZED", 500);
        String id = gateway.verify(refused.headers(), refused.body()).id();
        // the attempt is counted when it is claimed; its answer is written once the receiver has given it
        awaitError(id);
        assertThat(row(id)).containsEntry("attempts", 1).containsEntry("delivered_at", null);
        assertThat(row(id).get("last_error")).isEqualTo("answered 500");

        clock.advance(CardSimulatorWebhooks.pauseAfter(1).plusSeconds(1));

        Delivery taken = WebhookReceiver.await(checkout.reference(), "AUTHORIZED", 200);
        assertThat(taken.body()).isEqualTo(refused.body());
        assertThat(gateway.verify(taken.headers(), taken.body()).id()).isEqualTo(id);
        awaitDelivered(id);
        assertThat(row(id))
                .containsEntry("attempts", 2)
                .containsEntry("next_attempt_at", null)
                .containsEntry("last_error", null);

        clock.advance(Duration.ofHours(2));
        webhooks.sweep();

        assertThat(WebhookReceiver.about(checkout.reference()))
                .filteredOn(d -> d.ofKind("AUTHORIZED"))
                .extracting(Delivery::status)
                .containsExactly(500, 200);
    }

    @Test
    void theRetriesComeAtGrowingPauses() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 50).stream().map(CardSimulatorWebhooks::pauseAfter))
                .containsExactly(
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(15),
                        Duration.ofHours(1),
                        Duration.ofHours(1),
                        Duration.ofHours(1));
        assertThat(CardSimulatorWebhooks.pauseAfter(1))
                .as("a claim outlasts one post")
                .isGreaterThan(CardSimulatorWebhooks.CONNECT_TIMEOUT.plus(CardSimulatorWebhooks.REQUEST_TIMEOUT));
    }

    private void refused(Map<String, String> headers, byte[] bytes) {
        assertThatThrownBy(() -> gateway.verify(headers, bytes))
                .as(headers + " " + new String(bytes, StandardCharsets.UTF_8))
                .isInstanceOf(BadSignature.class);
    }

    private byte[] key() {
        return secrets.key("card-simulator-webhooks");
    }

    private static String sign(byte[] key, Instant at, byte[] body) {
        return WebhookSignature.header(key, at, body);
    }

    private void awaitError(String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (row(id).get("last_error") == null && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Map<String, Object> row(String id) {
        return jdbc.sql(
                        "SELECT attempts, delivered_at, next_attempt_at, last_error FROM card_simulator_events WHERE id = :id")
                .param("id", UUID.fromString(id))
                .query()
                .singleRow();
    }

    private void awaitDelivered(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (row(id).get("delivered_at") == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(row(id).get("delivered_at")).isNotNull();
    }
}
