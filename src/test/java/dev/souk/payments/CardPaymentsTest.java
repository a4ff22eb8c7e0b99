package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.infra.InstallSecrets;
import dev.souk.payments.PaymentGateway.WebhookEvent;
import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Card payments end to end: the facade, the card simulator's checkout page, its signed webhooks to
 * Souk's own endpoint, and the ledger after every step.
 */
@SoukTest
@Import(WithMailbox.class)
class CardPaymentsTest {

    @LocalServerPort
    int port;

    @Autowired
    Payments payments;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    CardSimulatorWebhooks simulatorWebhooks;

    @Autowired
    InstallSecrets secrets;

    Http http;
    Signed customer;
    Signed provider;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        customer = Members.verifiedMember(http, "Cara Customer");
        provider = Members.verifiedMember(http, "Piet Provider");
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
        payments.chooseGateway(Gateway.DIRECT);
    }

    @Test
    void aCustomerPaysByCardTheProviderIsPaidOutAndTheLedgerBalancesAfterEveryStep() {
        PaymentView started = start(10_000, 1_200);
        assertThat(started.state()).isEqualTo(PaymentState.REQUIRES_ACTION);
        assertThat(started.nextActionUrl()).isNotNull();

        pay(started, "4242 4242 4242 4242");
        PaymentView held = await(started.id(), p -> p.state() == PaymentState.AUTHORIZED);
        assertThat(held.authorized()).isEqualTo(Money.of(10_000, "EUR"));
        assertThat(held.holdExpiresAt()).isNotNull();
        assertLedgerPasses();

        PaymentView captured = payments.capture(started.id(), null, "capture-" + started.id());
        assertThat(captured.state()).isEqualTo(PaymentState.CAPTURED);
        assertThat(captured.captured()).isEqualTo(Money.of(10_000, "EUR"));
        assertThat(payments.capture(started.id(), null, "capture-" + started.id())
                        .captured())
                .as("the same key captures once")
                .isEqualTo(Money.of(10_000, "EUR"));
        assertLedgerPasses();

        PaymentView refunded = payments.refund(started.id(), Money.of(2_500, "EUR"), "refund-1-" + started.id());
        assertThat(refunded.refunded()).isEqualTo(Money.of(2_500, "EUR"));
        assertLedgerPasses();

        long journals = journals(started.id());
        assertThatThrownBy(() -> payments.refund(started.id(), Money.of(7_501, "EUR"), "refund-2-" + started.id()))
                .as("a refund above what is left")
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.CONFLICT));
        assertThat(journals(started.id())).isEqualTo(journals);

        PaymentView paying = payments.payout(started.id(), "payout-" + started.id());
        assertThat(paying.state()).isIn(PaymentState.PAYOUT_PENDING, PaymentState.PAID_OUT);
        assertLedgerPasses();
        PaymentView paid = await(started.id(), p -> p.state() == PaymentState.PAID_OUT);
        // the marketplace keeps its fee on what the customer finally paid: 1,200 × 7,500 / 10,000
        assertThat(paid.paidOut()).isEqualTo(Money.of(7_500 - 900, "EUR"));
        assertThat(payments.earningsSummary(provider.id()).paidOut()).containsExactly(Money.of(6_600, "EUR"));
        assertThat(payments.receipts(customer.id(), null, 10).items())
                .extracting(PaymentView::id)
                .contains(started.id());
        assertLedgerPasses();
        assertThat(revenueIn("EUR")).isGreaterThanOrEqualTo(900);
    }

    @Test
    void aDeclinedCardLeavesThePaymentOpenForAnotherCard() {
        PaymentView started = start(4_000, 400);
        HttpResponse<String> declined = pay(started, "4000 0000 0000 0002");
        assertThat(declined.statusCode()).isEqualTo(402);
        PaymentView failed = await(started.id(), p -> "card_declined".equals(p.failureCode()));
        assertThat(failed.state()).isEqualTo(PaymentState.REQUIRES_ACTION);

        pay(started, "4000 0000 0000 9995");
        await(started.id(), p -> "insufficient_funds".equals(p.failureCode()));

        pay(started, "4242 4242 4242 4242");
        await(started.id(), p -> p.state() == PaymentState.AUTHORIZED);
        assertThat(payments.cancel(started.id(), "cancel-" + started.id()).state())
                .isEqualTo(PaymentState.CANCELLED);
        assertLedgerPasses();
    }

    @Test
    void aReplayedWebhookIsAcknowledgedWithNoSecondEffectAndABadSignatureRecordsNothing() {
        PaymentView started = start(6_000, 600);
        pay(started, "4242 4242 4242 4242");
        await(started.id(), p -> p.state() == PaymentState.AUTHORIZED);
        payments.capture(started.id(), Money.of(5_000, "EUR"), "capture-" + started.id());
        String reference = jdbc.sql("SELECT gateway_reference FROM payments WHERE id = :id")
                .param("id", started.id())
                .query(String.class)
                .single();
        // the simulator's own CAPTURED event, delivered once already, sent again
        WebhookEvent captured = awaitEvent(reference, "CAPTURED");
        long journals = journals(started.id());
        long seen = seenWebhooks();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> replay = postWebhook(simulatorWebhooks.body(captured), signingKey());
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        }
        assertThat(journals(started.id())).isEqualTo(journals);
        assertThat(seenWebhooks()).isEqualTo(seen);
        assertThat(payments.payment(started.id()).orElseThrow().captured()).isEqualTo(Money.of(5_000, "EUR"));

        // a refund event nobody signed: refused, and nothing about it is kept
        var forged = new WebhookEvent(
                UUID.randomUUID().toString(),
                WebhookEvent.Kind.REFUNDED,
                reference,
                Money.of(5_000, "EUR"),
                null,
                clock.instant());
        byte[] wrongKey = new byte[32];
        HttpResponse<String> bad = postWebhook(simulatorWebhooks.body(forged), wrongKey);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("signature");
        assertThat(seenWebhooks()).isEqualTo(seen);
        assertThat(payments.payment(started.id()).orElseThrow().refunded().amount())
                .isZero();
        assertLedgerPasses();
    }

    @Test
    void aHoldNobodyCapturesExpiresAfterSevenDays() {
        PaymentView started = start(3_000, 300);
        pay(started, "4242 4242 4242 4242");
        await(started.id(), p -> p.state() == PaymentState.AUTHORIZED);
        clock.advance(Payments.HOLD.plusMinutes(1));
        payments.recover(100);
        assertThat(payments.payment(started.id()).orElseThrow().state()).isEqualTo(PaymentState.EXPIRED);
        assertThatThrownBy(() -> payments.capture(started.id(), null, "late-" + started.id()))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID_STATE));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private PaymentView start(long amount, long fee) {
        return payments.start(new StartPayment(
                UUID.randomUUID(),
                customer.id(),
                provider.id(),
                Money.of(amount, "EUR"),
                Money.of(fee, "EUR"),
                "Three nights in the blue room",
                "start-" + UUID.randomUUID(),
                URI.create("http://localhost:" + port + "/account/payments")));
    }

    private HttpResponse<String> pay(PaymentView payment, String card) {
        var checkouts = new Checkouts(null, port, clock);
        var checkout = new Checkouts.Checkout(
                "unused", payment.nextActionUrl().getPath(), URI.create("http://localhost/back"));
        return checkouts.pay(new Web(port), checkout, card);
    }

    private PaymentView await(UUID id, Predicate<PaymentView> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        PaymentView now = payments.payment(id).orElseThrow();
        while (!condition.test(now) && Instant.now().isBefore(deadline)) {
            sleep();
            now = payments.payment(id).orElseThrow();
        }
        assertThat(condition.test(now)).as("payment now " + now).isTrue();
        return now;
    }

    private WebhookEvent awaitEvent(String reference, String kind) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            var event = jdbc.sql("""
                    SELECT id, amount, currency, created_at FROM card_simulator_events
                     WHERE reference = :reference AND kind = :kind AND delivered_at IS NOT NULL
                    """)
                    .param("reference", reference)
                    .param("kind", kind)
                    .query((rs, i) -> new WebhookEvent(
                            rs.getString("id"),
                            WebhookEvent.Kind.valueOf(kind),
                            reference,
                            new Money(rs.getLong("amount"), Currency.getInstance(rs.getString("currency"))),
                            null,
                            rs.getTimestamp("created_at").toInstant()))
                    .optional();
            if (event.isPresent()) {
                return event.get();
            }
            sleep();
        }
        throw new AssertionError("no delivered " + kind + " event for " + reference);
    }

    private HttpResponse<String> postWebhook(byte[] body, byte[] key) {
        return http.post(
                "/api/v1/webhooks/card-simulator",
                "application/json",
                new String(body, StandardCharsets.UTF_8),
                WebhookSignature.HEADER,
                WebhookSignature.header(key, clock.instant(), body));
    }

    private byte[] signingKey() {
        return secrets.key("card-simulator-webhooks");
    }

    private void assertLedgerPasses() {
        LedgerCheck check = payments.checkLedger();
        assertThat(check.passed()).as(check.toString()).isTrue();
    }

    private long journals(UUID paymentId) {
        return jdbc.sql("SELECT count(*) FROM ledger_journals WHERE payment_id = :p")
                .param("p", paymentId)
                .query(Long.class)
                .single();
    }

    private long seenWebhooks() {
        return jdbc.sql("SELECT count(*) FROM payment_webhook_events")
                .query(Long.class)
                .single();
    }

    private long revenueIn(String currency) {
        return payments.revenueByMonth(1).stream()
                .filter(r -> r.revenue().currency().getCurrencyCode().equals(currency))
                .mapToLong(r -> r.revenue().amount())
                .sum();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
