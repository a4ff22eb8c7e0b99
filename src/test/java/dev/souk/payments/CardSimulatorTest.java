package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.payments.Checkouts.Checkout;
import dev.souk.payments.PaymentGateway.Declined;
import dev.souk.payments.PaymentGateway.Outcome;
import dev.souk.payments.PaymentGateway.Payout;
import dev.souk.payments.PaymentGateway.Pending;
import dev.souk.payments.PaymentGateway.Succeeded;
import dev.souk.payments.PaymentGateway.WebhookEvent;
import dev.souk.payments.WebhookReceiver.Delivery;
import dev.souk.shared.Money;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The card simulator through the gateway port: money moves once per key, within what is held and captured. */
@SoukTest
@Import(WithWebhookReceiver.class)
class CardSimulatorTest {

    @LocalServerPort
    int port;

    @Autowired
    CardSimulator simulator;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    PaymentGateway gateway;
    Checkouts checkouts;

    @BeforeEach
    void setUp() {
        gateway = simulator;
        checkouts = new Checkouts(simulator, port, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theSimulatorIsAlwaysReadyToBeChosen() {
        assertThat(gateway.gateway()).isEqualTo(Gateway.CARD_SIMULATOR);
        assertThat(gateway.configured()).isTrue();
    }

    @Test
    void aHoldIsCapturedInPartRefundedTwiceAndNoFurtherThanWhatIsLeftThenPaidOut() {
        Checkout checkout = checkouts.held(100_00);
        String reference = checkout.reference();

        assertThat(gateway.capture(reference, eur(200_00), key())).isEqualTo(new Declined("amount_too_large"));
        assertThat(gateway.capture(reference, eur(80_00), key())).isEqualTo(new Succeeded(reference));
        assertThat(event(WebhookReceiver.await(reference, "CAPTURED")).amount()).isEqualTo(eur(80_00));
        assertThat(charge(reference)).containsEntry("status", "captured").containsEntry("captured", 80_00L);

        Outcome first = gateway.refund(reference, eur(30_00), key());
        Outcome second = gateway.refund(reference, eur(20_00), key());
        Outcome beyond = gateway.refund(reference, eur(30_01), key());

        assertThat(first).isInstanceOf(Succeeded.class);
        assertThat(second).isInstanceOf(Succeeded.class).isNotEqualTo(first);
        assertThat(((Succeeded) first).reference()).startsWith("sim_re_");
        assertThat(beyond).isEqualTo(new Declined("amount_too_large"));
        assertThat(charge(reference)).containsEntry("refunded", 50_00L);
        assertThat(WebhookReceiver.await(reference, "REFUNDED")).isNotNull();
        assertThat(refundsDelivered(reference)).containsExactlyInAnyOrder(eur(30_00), eur(20_00));

        assertThat(gateway.capture(reference, eur(10_00), key()))
                .as("captured already")
                .isEqualTo(new Declined("unexpected_state"));

        Outcome payout = gateway.payout(new Payout(UUID.randomUUID(), key(), reference, eur(25_00), "acct_petra"));

        assertThat(payout).isInstanceOf(Pending.class);
        assertThat(((Pending) payout).reference()).startsWith("sim_po_");
        WebhookEvent paid = event(WebhookReceiver.await(reference, "PAYOUT_PAID"));
        assertThat(paid.amount()).isEqualTo(eur(25_00));
        assertThat(jdbc.sql("SELECT status, provider_account FROM card_simulator_payouts WHERE charge = :r")
                        .param("r", reference)
                        .query()
                        .singleRow())
                .containsEntry("status", "paid")
                .containsEntry("provider_account", "acct_petra");
        assertThat(gateway.payout(new Payout(UUID.randomUUID(), key(), reference, eur(5_01), null)))
                .as("80 captured, 50 refunded, 25 paid out: 5 are left")
                .isEqualTo(new Declined("amount_too_large"));
    }

    @Test
    void aCancelledHoldIsReleasedAndCanNoLongerBeCaptured() {
        Checkout checkout = checkouts.held(40_00);
        String reference = checkout.reference();

        assertThat(gateway.cancel(reference, key())).isEqualTo(new Succeeded(reference));

        assertThat(charge(reference)).containsEntry("status", "cancelled");
        assertThat(event(WebhookReceiver.await(reference, "CANCELLED")).amount())
                .isEqualTo(eur(40_00));
        assertThat(gateway.capture(reference, eur(40_00), key())).isEqualTo(new Declined("unexpected_state"));
        assertThat(gateway.cancel(reference, key())).isEqualTo(new Declined("unexpected_state"));
    }

    @Test
    void callsAboutAPaymentTheSimulatorDoesNotKnowOrInAnotherCurrencyAreDeclined() {
        Checkout checkout = checkouts.held(40_00);

        assertThat(gateway.capture("sim_ch_unknown", eur(1_00), key())).isEqualTo(new Declined("resource_missing"));
        assertThat(gateway.refund("x".repeat(10_000), eur(1_00), key())).isEqualTo(new Declined("resource_missing"));
        assertThat(gateway.capture(checkout.reference(), Money.of(40_00, "USD"), key()))
                .isEqualTo(new Declined("currency_mismatch"));
        assertThat(gateway.capture(checkout.reference(), eur(0), key())).isEqualTo(new Declined("amount_invalid"));
        assertThat(gateway.refund(checkout.reference(), eur(1_00), key()))
                .as("nothing captured yet")
                .isEqualTo(new Declined("unexpected_state"));
        assertThat(charge(checkout.reference())).containsEntry("status", "held");
    }

    @Test
    void theSameCaptureKeyTwiceCapturesOnceAndAnswersTheSame() {
        Checkout checkout = checkouts.held(50_00);
        String key = key();

        Outcome first = gateway.capture(checkout.reference(), eur(50_00), key);
        Outcome again = gateway.capture(checkout.reference(), eur(50_00), key);

        assertThat(first).isEqualTo(new Succeeded(checkout.reference()));
        assertThat(again).isEqualTo(first);
        assertThat(events(checkout.reference(), "CAPTURED")).isEqualTo(1);
        assertThat(charge(checkout.reference())).containsEntry("captured", 50_00L);
        assertThat(gateway.capture(checkout.reference(), eur(10_00), key))
                .as("the same key for another call")
                .isEqualTo(new Declined("idempotency_key_reused"));
    }

    @Test
    void aRefusalIsAnsweredAgainForItsKeyEvenAfterTheStateChanged() {
        Checkout checkout = checkouts.held(50_00);
        String key = key();

        Outcome early = gateway.refund(checkout.reference(), eur(10_00), key);
        gateway.capture(checkout.reference(), eur(50_00), key());

        assertThat(early).isEqualTo(new Declined("unexpected_state"));
        assertThat(gateway.refund(checkout.reference(), eur(10_00), key)).isEqualTo(early);
        assertThat(charge(checkout.reference())).containsEntry("refunded", 0L);
    }

    @Test
    void aRepeatedAuthorizationAnswersTheSameCheckout() {
        UUID payment = UUID.randomUUID();
        var request = new PaymentGateway.Authorization(
                payment,
                "authorize-" + payment,
                eur(10_00),
                eur(1_00),
                null,
                "Bike, 2 days",
                URI.create("http://localhost:8080/back"));

        Outcome first = gateway.authorize(request);
        Outcome again = gateway.authorize(request);

        assertThat(again).isEqualTo(first);
        assertThat(jdbc.sql("SELECT count(*) FROM card_simulator_charges WHERE payment_id = :p")
                        .param("p", payment)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void concurrentCallsWithOneKeyHaveOneEffectAndTheSameAnswer() throws Exception {
        Checkout checkout = checkouts.held(70_00);
        gateway.capture(checkout.reference(), eur(70_00), key());
        String key = key();
        int callers = 8;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Outcome>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return gateway.refund(checkout.reference(), eur(70_00), key);
                }));
            }
            List<Outcome> answers = new ArrayList<>();
            for (Future<Outcome> call : calls) {
                answers.add(call.get());
            }

            assertThat(answers)
                    .hasSize(callers)
                    .allSatisfy(a -> assertThat(a).isInstanceOf(Succeeded.class).isEqualTo(answers.get(0)));
        } finally {
            pool.shutdownNow();
        }
        assertThat(charge(checkout.reference())).containsEntry("refunded", 70_00L);
        assertThat(jdbc.sql("SELECT count(*) FROM card_simulator_refunds WHERE charge = :r")
                        .param("r", checkout.reference())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(events(checkout.reference(), "REFUNDED")).isEqualTo(1);
    }

    @Test
    void concurrentCapturesWithDifferentKeysCaptureOnce() throws Exception {
        Checkout checkout = checkouts.held(70_00);
        int callers = 6;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Outcome> answers = new ArrayList<>();
        try {
            List<Future<Outcome>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return gateway.capture(checkout.reference(), eur(70_00), key());
                }));
            }
            for (Future<Outcome> call : calls) {
                answers.add(call.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answers).filteredOn(Succeeded.class::isInstance).hasSize(1);
        assertThat(answers).filteredOn(Declined.class::isInstance).hasSize(callers - 1);
        assertThat(events(checkout.reference(), "CAPTURED")).isEqualTo(1);
    }

    @Test
    void aHoldNotCapturedWithinSevenDaysExpiresAndCanNoLongerBeCaptured() {
        Checkout checkout = checkouts.held(35_00);
        String reference = checkout.reference();

        clock.advance(Duration.ofDays(7).plusSeconds(1));

        assertThat(gateway.capture(reference, eur(35_00), key()))
                .as("refused whether or not the expiry job has run yet")
                .isEqualTo(new Declined("charge_expired_for_capture"));
        WebhookEvent expired = event(WebhookReceiver.await(reference, "EXPIRED"));
        assertThat(expired.amount()).isEqualTo(eur(35_00));
        assertThat(charge(reference)).containsEntry("status", "expired");
        assertThat(gateway.capture(reference, eur(35_00), key())).isEqualTo(new Declined("charge_expired_for_capture"));
        assertThat(events(reference, "EXPIRED")).isEqualTo(1);
    }

    @Test
    void aHoldCanBeCapturedUntilItsLastMoment() {
        Checkout checkout = checkouts.held(35_00);
        clock.advance(Duration.ofDays(7).minusMinutes(1));

        assertThat(gateway.capture(checkout.reference(), eur(35_00), key()))
                .isEqualTo(new Succeeded(checkout.reference()));
    }

    private WebhookEvent event(Delivery delivery) {
        return gateway.verify(delivery.headers(), delivery.body());
    }

    private List<Money> refundsDelivered(String reference) {
        WebhookReceiver.await(reference, "REFUNDED");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<Money> amounts;
        do {
            amounts = WebhookReceiver.about(reference).stream()
                    .filter(d -> d.ofKind("REFUNDED") && d.status() == 200)
                    .map(d -> event(d).amount())
                    .toList();
        } while (amounts.size() < 2 && System.nanoTime() < deadline);
        return amounts;
    }

    private int events(String reference, String kind) {
        return jdbc.sql("SELECT count(*) FROM card_simulator_events WHERE reference = :r AND kind = :k")
                .param("r", reference)
                .param("k", kind)
                .query(Integer.class)
                .single();
    }

    private Map<String, Object> charge(String reference) {
        return jdbc.sql("SELECT * FROM card_simulator_charges WHERE reference = :r")
                .param("r", reference)
                .query()
                .singleRow();
    }

    private static Money eur(long amount) {
        return Money.of(amount, "EUR");
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
