package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.infra.Timers;
import dev.souk.payments.ScriptedProcessor.Charge;
import dev.souk.payments.ScriptedProcessor.Checkout;
import dev.souk.payments.ScriptedProcessor.Event;
import dev.souk.payments.ScriptedProcessor.Fault;
import dev.souk.payments.ScriptedProcessor.PayoutMode;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Random sequences of what happens to card payments: checkouts completed or declined, full and
 * partial captures, partial refunds, payouts that land at once or later (or bounce), cancellations,
 * the processor unavailable (nothing done) or losing its answer after doing it (a timeout, a crash),
 * webhooks late, out of order, replayed or forged, recovery runs and holds running out. After every
 * step the whole ledger checks out, nothing moved in Souk that the processor did not move, and a
 * refused call changed nothing; after each sequence, once recovery and the webhooks have caught up,
 * Souk's payments and journals say exactly what the processor's own books say.
 *
 * <p>The sequences share one database, so the invariants hold over all of them together. {@code
 * -Dsouk.payments.tries=N} runs more of them (each about 20 steps); a failure shows the steps that led
 * to it and the seed they were drawn from ({@code -Dsouk.payments.seed=S} starts from it).
 */
@SoukTest
@Import(ScriptedProcessing.class)
// every lost answer is logged as a warning by the facade; thousands of them say nothing here
@TestPropertySource(properties = "logging.level.dev.souk.payments.Payments=error")
class PaymentSequencesTest {

    static final int TRIES = Integer.getInteger("souk.payments.tries", 250);
    static final long SEED = Long.getLong("souk.payments.seed", System.nanoTime());
    static final int STEPS = 24;
    static final Currency EUR = Currency.getInstance("EUR");

    @Autowired
    Payments payments;

    @Autowired
    ScriptedProcessor processor;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    Timers timers;

    /** How often each kind of thing happened over all sequences, to show what the run went through. */
    final Map<String, Integer> tally = new TreeMap<>();

    /** Events delivered (applied) at least once; the others are still to be sent. */
    final Set<Long> delivered = new HashSet<>();

    final List<UUID> members =
            List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

    @BeforeEach
    void setUp() {
        // this test runs recovery itself, step by step; the timer that runs it every few seconds is
        // tested with a real process (PaymentCrashRecoveryTest)
        timers.stop();
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
    }

    @Test
    void whateverHappensInWhateverOrderTheLedgerBalancesAndSoukAgreesWithTheProcessor() {
        int steps = 0;
        long began = System.nanoTime();
        for (int t = 0; t < TRIES; t++) {
            long seed = SEED + t;
            var sequence = new Sequence(new SplittableRandom(seed));
            try {
                sequence.play();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "sequence " + t + " failed; play it again with -Dsouk.payments.seed=" + seed
                                + " -Dsouk.payments.tries=1\n" + String.join("\n", sequence.log) + "\n",
                        e);
            }
            steps += sequence.steps;
        }
        System.out.printf(
                Locale.ROOT,
                "%d sequences of card payments, %d steps in %.1f s (seeds from %d): the ledger checked out after every"
                        + " step, and Souk agreed with the processor after every sequence.%n%s%n",
                TRIES,
                steps,
                (System.nanoTime() - began) / 1e9,
                SEED,
                tally);
        assertThat(payments.checkLedger().journals()).isPositive();
    }

    // --- what sequences found, kept as examples ---------------------------------------------------

    @Test
    void aSecondCaptureWhileOneIsUnderWayIsRefusedSoTheProcessorsWebhookNamesTheOneItDid() {
        processor.checkout(Checkout.FRICTIONLESS);
        PaymentView authorized = payments.start(request(8_000, 800));
        processor.failNext(Fault.UNAVAILABLE);
        payments.capture(authorized.id(), Money.of(5_000, "EUR"), "capture-" + UUID.randomUUID());
        List<UUID> ids = List.of(authorized.id());
        Snapshot before = snapshot(ids);

        assertThatThrownBy(() -> payments.capture(authorized.id(), null, "capture-" + UUID.randomUUID()))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                    assertThat(r.code()).isEqualTo("payments.capture.busy");
                });
        assertThat(snapshot(ids)).isEqualTo(before);

        // the processor's webhooks before and after recovery repeats the first capture
        deliverAll(authorized.id());
        clock.advance(Payments.FIRST_RETRY.plusSeconds(1));
        payments.recover(100);
        deliverAll(authorized.id());
        assertThat(payments.payment(authorized.id()).orElseThrow().captured()).isEqualTo(Money.of(5_000, "EUR"));
        assertThat(processor.charge(authorized.id()).orElseThrow().captured()).isEqualTo(5_000);
        assertThat(payments.checkLedger().passed()).isTrue();
    }

    @Test
    void aHoldWhoseEventArrivesAfterItRanOutIsNotCountedOn() {
        processor.checkout(Checkout.CUSTOMER_ACTS);
        PaymentView started = payments.start(request(6_000, 600));
        processor.completeCheckout(processor.charge(started.id()).orElseThrow().reference());
        clock.advance(Payments.HOLD.plusHours(1));
        processor.expireHolds();
        // the processor's events arrive late, the newest first: the hold ran out, then it was placed
        List<Event> events = new ArrayList<>(processor.events(0).stream()
                .filter(e -> e.paymentId().equals(started.id()))
                .toList());
        Collections.reverse(events);
        events.forEach(this::deliver);
        payments.recover(100);

        assertThat(processor.charge(started.id()).orElseThrow().state()).isEqualTo("expired");
        assertThat(payments.payment(started.id()).orElseThrow().state()).isEqualTo(PaymentState.EXPIRED);
    }

    void deliverAll(UUID paymentId) {
        processor.events(0).stream()
                .filter(e -> e.paymentId().equals(paymentId))
                .forEach(this::deliver);
    }

    void deliver(Event event) {
        ScriptedProcessor.Delivery delivery = processor.delivery(event);
        payments.receiveWebhook(Gateway.CARD_SIMULATOR.key(), delivery.headers(), delivery.body());
    }

    StartPayment request(long amount, long fee) {
        return new StartPayment(
                UUID.randomUUID(),
                members.get(0),
                members.get(1),
                Money.of(amount, "EUR"),
                Money.of(fee, "EUR"),
                "One night",
                "pay-" + UUID.randomUUID(),
                URI.create("http://localhost/back"));
    }

    /** A payment this test started, how, and the keys of what was asked of it since. */
    record Started(UUID id, StartPayment request, List<String[]> asked) {

        long amount() {
            return request.amount().amount();
        }
    }

    /** One sequence: one to three payments and what happens to them, in a random order. */
    final class Sequence {

        final SplittableRandom random;
        final List<String> log = new ArrayList<>();
        final List<Started> started = new ArrayList<>();
        int steps;

        Sequence(SplittableRandom random) {
            this.random = random;
        }

        void play() {
            processor.payouts(random.nextInt(3) == 0 ? PayoutMode.LATER : PayoutMode.INSTANT);
            start();
            int length = STEPS / 3 + random.nextInt(STEPS);
            for (int i = 0; i < length; i++) {
                step();
            }
            settle();
        }

        /** One thing happens: mostly what the payment's state calls for, sometimes anything at all. */
        void step() {
            steps++;
            if (started.size() < 3 && random.nextInt(100) < 6) {
                start();
                return;
            }
            Started p = started.get(random.nextInt(started.size()));
            PaymentView view = payments.payment(p.id()).orElseThrow();
            Charge charge = processor.charge(p.id()).orElse(null);
            Runnable[] any = {
                () -> customerAtCheckout(charge),
                () -> capture(p, view),
                () -> refund(p, view),
                () -> payout(p),
                () -> cancel(p),
                this::deliverWebhook,
                this::replayWebhook,
                this::forgedWebhook,
                this::recover,
                this::landPayout,
                () -> repeatRequest(p),
                () -> reuseKeyOnAnotherPayment(p),
                this::holdsRunOut,
                () -> refusedOutright(p, view)
            };
            if (random.nextInt(100) < 20) {
                any[random.nextInt(any.length)].run();
                return;
            }
            // weights of the steps above, in their order
            int[] weights = switch (view.state()) {
                case PENDING, REQUIRES_ACTION -> new int[] {8, 1, 0, 0, 2, 5, 1, 1, 4, 0, 2, 1, 1, 1};
                case AUTHORIZED -> new int[] {0, 10, 1, 0, 2, 4, 1, 1, 3, 0, 2, 1, 1, 1};
                case CAPTURED -> new int[] {0, 1, 6, 5, 1, 4, 1, 1, 3, 1, 2, 1, 0, 1};
                case PAYOUT_PENDING -> new int[] {0, 0, 1, 4, 0, 4, 1, 1, 3, 5, 2, 1, 0, 1};
                default -> new int[] {0, 0, 1, 1, 1, 6, 3, 1, 3, 2, 2, 1, 0, 1};
            };
            any[weighted(weights)].run();
        }

        // --- the steps ---------------------------------------------------------------------------

        void start() {
            Checkout checkout = Checkout.values()[weighted(55, 30, 15)];
            processor.checkout(checkout);
            long amount = 100 + random.nextInt(200_000);
            long fee = random.nextInt(4) == 0 ? 0 : random.nextLong(amount / 4 + 1);
            UUID customer = members.get(random.nextInt(members.size()));
            UUID provider =
                    members.stream().filter(m -> !m.equals(customer)).toList().get(random.nextInt(members.size() - 1));
            String key = "pay-" + UUID.randomUUID();
            var request = new StartPayment(
                    UUID.randomUUID(),
                    customer,
                    provider,
                    new Money(amount, EUR),
                    new Money(fee, EUR),
                    "Two nights at the lake",
                    key,
                    URI.create("http://localhost/back"));
            Fault fault = fault();
            PaymentView view = act("start " + amount + " EUR (fee " + fee + ") " + checkout + faultText(fault), () -> {
                        arm(fault);
                        return payments.start(request);
                    })
                    .orElseThrow();
            started.add(new Started(view.id(), request, new ArrayList<>()));
        }

        void customerAtCheckout(Charge charge) {
            if (charge == null || !charge.state().equals("checkout")) {
                log.add("the customer has no checkout open");
                return;
            }
            boolean completes = random.nextInt(4) != 0;
            log.add("the customer " + (completes ? "completes" : "is declined at") + " the checkout of "
                    + charge.paymentId());
            if (completes) {
                processor.completeCheckout(charge.reference());
            } else {
                processor.declineAtCheckout(charge.reference());
            }
            checkInvariants();
        }

        void capture(Started p, PaymentView view) {
            long held = view.authorized().amount() > 0 ? view.authorized().amount() : p.amount();
            Money amount = random.nextInt(3) == 0
                    ? null
                    : new Money(1 + random.nextLong(held + (random.nextInt(8) == 0 ? 500 : 0)), EUR);
            String key = key(p, "capture");
            Fault fault = fault();
            act("capture " + (amount == null ? "all" : amount.amount()) + " of " + p.id() + faultText(fault), () -> {
                arm(fault);
                return payments.capture(p.id(), amount, key);
            });
        }

        void refund(Started p, PaymentView view) {
            long refundable = Math.max(1, view.refundable().amount());
            var amount = new Money(1 + random.nextLong(refundable + (random.nextInt(6) == 0 ? 300 : 0)), EUR);
            String key = key(p, "refund");
            Fault fault = fault();
            act("refund " + amount.amount() + " of " + p.id() + faultText(fault), () -> {
                arm(fault);
                return payments.refund(p.id(), amount, key);
            });
        }

        void payout(Started p) {
            String key = key(p, "payout");
            Fault fault = fault();
            act("pay out " + p.id() + faultText(fault), () -> {
                arm(fault);
                return payments.payout(p.id(), key);
            });
        }

        void cancel(Started p) {
            String key = key(p, "cancel");
            Fault fault = fault();
            act("cancel " + p.id() + faultText(fault), () -> {
                arm(fault);
                return payments.cancel(p.id(), key);
            });
        }

        /** The same request again, with its key: a client that never heard the answer. */
        void repeatRequest(Started p) {
            if (p.asked().isEmpty() || random.nextInt(4) == 0) {
                Fault fault = fault();
                act("start " + p.id() + " again with its key" + faultText(fault), () -> {
                            arm(fault);
                            return payments.start(p.request());
                        })
                        .ifPresent(again ->
                                assertThat(again.id()).as("the same payment").isEqualTo(p.id()));
                return;
            }
            String[] asked = p.asked().get(random.nextInt(p.asked().size()));
            Fault fault = fault();
            act("repeat " + asked[0] + " of " + p.id() + " with key " + asked[1] + faultText(fault), () -> {
                arm(fault);
                return switch (asked[0]) {
                    case "capture" -> payments.capture(p.id(), null, asked[1]);
                    case "refund" -> payments.refund(p.id(), new Money(1, EUR), asked[1]);
                    case "payout" -> payments.payout(p.id(), asked[1]);
                    default -> payments.cancel(p.id(), asked[1]);
                };
            });
        }

        void reuseKeyOnAnotherPayment(Started p) {
            var other = started.stream()
                    .filter(o -> !o.id().equals(p.id()) && !o.asked().isEmpty())
                    .findFirst();
            if (other.isEmpty()) {
                log.add("no other payment's key to reuse");
                return;
            }
            String[] asked = other.get().asked().get(0);
            act("reuse key " + asked[1] + " of " + other.get().id() + " on " + p.id(), () -> switch (asked[0]) {
                case "capture" -> payments.capture(p.id(), null, asked[1]);
                case "refund" -> payments.refund(p.id(), new Money(1, EUR), asked[1]);
                case "payout" -> payments.payout(p.id(), asked[1]);
                default -> payments.cancel(p.id(), asked[1]);
            });
        }

        /** Calls no state allows: more than was authorized or is left, a malformed key, another currency. */
        void refusedOutright(Started p, PaymentView view) {
            Supplier<PaymentView> call = switch (random.nextInt(4)) {
                case 0 -> () -> payments.capture(p.id(), new Money(p.amount() + 1, EUR), key(p, "capture"));
                case 1 ->
                    () -> payments.refund(p.id(), new Money(view.refundable().amount() + 1, EUR), key(p, "refund"));
                case 2 -> () -> payments.capture(p.id(), null, "a key");
                default -> () -> payments.refund(p.id(), Money.of(1, "USD"), key(p, "refund"));
            };
            assertThat(act("a call refused whatever the state of " + p.id(), call))
                    .as("refused")
                    .isEmpty();
        }

        void deliverWebhook() {
            List<Event> waiting = processor.events(0).stream()
                    .filter(e -> !delivered.contains(e.id()))
                    .toList();
            if (waiting.isEmpty()) {
                log.add("no webhook to deliver");
                return;
            }
            // usually the oldest, sometimes any: webhooks arrive late and out of order
            deliver(waiting.get(random.nextInt(3) == 0 ? random.nextInt(waiting.size()) : 0));
        }

        void replayWebhook() {
            List<Event> sent = processor.events(0).stream()
                    .filter(e -> delivered.contains(e.id()))
                    .toList();
            if (sent.isEmpty()) {
                log.add("no webhook to replay");
                return;
            }
            Event event = sent.get(random.nextInt(sent.size()));
            ScriptedProcessor.Delivery delivery = processor.delivery(event);
            Snapshot before = snapshot(ids(event));
            log.add("replay webhook " + event);
            count("webhooks replayed");
            payments.receiveWebhook(Gateway.CARD_SIMULATOR.key(), delivery.headers(), delivery.body());
            assertThat(snapshot(ids(event)))
                    .as("a replayed webhook changes nothing")
                    .isEqualTo(before);
            checkInvariants();
        }

        void forgedWebhook() {
            List<Event> events = processor.events(0);
            if (events.isEmpty()) {
                return;
            }
            Event event = events.get(random.nextInt(events.size()));
            ScriptedProcessor.Delivery real = processor.delivery(event);
            byte[] body = new String(real.body(), StandardCharsets.UTF_8)
                    .replace("id=evt_", "id=evt_forged_")
                    .getBytes(StandardCharsets.UTF_8);
            act("a forged webhook like " + event, () -> {
                payments.receiveWebhook(Gateway.CARD_SIMULATOR.key(), real.headers(), body);
                return null;
            });
        }

        void recover() {
            Duration later = Duration.ofSeconds(random.nextLong(Payments.LAST_RETRY.toSeconds() + 60));
            Fault fault = fault();
            log.add("recovery, " + later + " later" + faultText(fault));
            count("recovery runs");
            clock.advance(later);
            arm(fault);
            payments.recover(100);
            processor.clearFaults();
            checkInvariants();
        }

        void landPayout() {
            List<String> underWay = processor.payoutsUnderWay();
            if (underWay.isEmpty()) {
                log.add("no payout under way");
                return;
            }
            String payout = underWay.get(random.nextInt(underWay.size()));
            boolean paid = random.nextInt(5) != 0;
            log.add("payout " + payout + (paid ? " lands" : " bounces"));
            processor.landPayout(payout, paid);
            checkInvariants();
        }

        void holdsRunOut() {
            log.add("a week passes: holds run out");
            clock.advance(Payments.HOLD.plusMinutes(1));
            processor.expireHolds();
            payments.recover(100);
            checkInvariants();
        }

        /** Everything delivered, every started call repeated, until nothing is left to do: then the books agree. */
        void settle() {
            log.add("settle");
            tally.merge("calls unanswered when a sequence settles", (int) startedOperations(), Integer::sum);
            processor.clearFaults();
            processor.expireHolds();
            for (int round = 0; round < 10; round++) {
                List<Event> waiting = new ArrayList<>(processor.events(0).stream()
                        .filter(e -> !delivered.contains(e.id()))
                        .toList());
                for (int i = waiting.size() - 1; i > 0; i--) {
                    Collections.swap(waiting, i, random.nextInt(i + 1));
                }
                waiting.forEach(this::deliver);
                clock.advance(Payments.LAST_RETRY.plusMinutes(1));
                payments.recover(1_000);
                checkInvariants();
                if (startedOperations() == 0
                        && processor.events(0).stream().allMatch(e -> delivered.contains(e.id()))) {
                    break;
                }
            }
            assertThat(startedOperations())
                    .as("calls left unanswered after recovery")
                    .isZero();
            assertThat(ahead(null))
                    .as("payments where Souk moved money the processor did not (or twice)")
                    .isEmpty();
            // every provider here is paid by card: nothing is ever owed by one
            assertThat(jdbc.sql("""
                    SELECT member_id FROM ledger_entries WHERE account = 'provider_payable'
                     GROUP BY member_id, currency HAVING sum(amount) > 0
                    """).query(UUID.class).list())
                    .as("providers owing the marketplace")
                    .isEmpty();
            List<String> disagreements = jdbc.sql("""
                    SELECT p.id || ' ' || p.state || ' captured ' || p.captured || '/' || c.captured
                           || ' refunded ' || p.refunded || '/' || c.refunded
                           || ' paid out ' || p.paid_out || '/' || c.paid_out || ' at the processor ' || c.state
                      FROM payments p
                      JOIN scripted_charges c ON c.payment_id = p.id
                     WHERE p.captured <> c.captured OR p.refunded <> c.refunded OR p.paid_out <> c.paid_out
                        OR (SELECT count(*) FROM ledger_entries e
                             WHERE e.payment_id = p.id AND e.account = 'gateway_clearing' AND e.amount > 0)
                           <> c.captures
                        OR CASE c.state
                               WHEN 'declined' THEN p.state <> 'failed'
                               WHEN 'checkout' THEN p.state <> 'requires_action'
                               WHEN 'authorized' THEN p.state <> 'authorized'
                               WHEN 'cancelled' THEN p.state <> 'cancelled'
                               WHEN 'expired' THEN p.state <> 'expired'
                               ELSE p.state NOT IN ('captured', 'refunded', 'payout_pending', 'paid_out')
                           END
                    """).query(String.class).list();
            assertThat(disagreements)
                    .as("payments where Souk and the processor disagree once everything caught up")
                    .isEmpty();
            assertThat(jdbc.sql("""
                    SELECT count(*) FROM payments p WHERE p.gateway = 'card-simulator'
                       AND NOT EXISTS (SELECT 1 FROM scripted_charges c WHERE c.payment_id = p.id)
                    """).query(Long.class).single())
                    .as("payments the processor never heard of")
                    .isZero();
        }

        // --- doing and checking ------------------------------------------------------------------

        /** Runs a call of the facade; a refusal is fine, but must leave everything as it was. */
        Optional<PaymentView> act(String what, Supplier<PaymentView> call) {
            Snapshot before = snapshot(ids());
            log.add(what);
            try {
                PaymentView view = call.get();
                processor.clearFaults();
                if (view != null) {
                    log.add("  -> " + view.state().key() + " captured "
                            + view.captured().amount() + " refunded "
                            + view.refunded().amount() + " paid out "
                            + view.paidOut().amount());
                }
                checkInvariants();
                return Optional.ofNullable(view);
            } catch (Refusal | InvalidInput refused) {
                processor.clearFaults();
                log.add("  -> refused: " + refused.getMessage());
                count("calls refused");
                assertThat(snapshot(ids())).as("a refused call changes nothing").isEqualTo(before);
                checkInvariants();
                return Optional.empty();
            }
        }

        void deliver(Event event) {
            ScriptedProcessor.Delivery delivery = processor.delivery(event);
            Snapshot before = snapshot(ids(event));
            try {
                payments.receiveWebhook(Gateway.CARD_SIMULATOR.key(), delivery.headers(), delivery.body());
                delivered.add(event.id());
                log.add("webhook " + event + " applied");
                count("webhooks applied");
            } catch (Refusal refused) {
                assertThat(refused.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
                assertThat(snapshot(ids(event)))
                        .as("a webhook Souk can't place yet changes nothing")
                        .isEqualTo(before);
                log.add("webhook " + event + " not placed yet: sent again later");
                count("webhooks sent again later");
            }
            checkInvariants();
        }

        List<UUID> ids() {
            return started.stream().map(Started::id).toList();
        }

        /** This sequence's payments and the event's, which may be another sequence's. */
        List<UUID> ids(Event event) {
            List<UUID> ids = new ArrayList<>(ids());
            ids.add(event.paymentId());
            return ids;
        }

        void checkInvariants() {
            LedgerCheck check = payments.checkLedger();
            assertThat(check.passed()).as("ledger check: %s", check).isTrue();
            assertThat(ahead(ids()))
                    .as("payments where Souk moved money the processor did not (or twice)")
                    .isEmpty();
        }

        String key(Started p, String kind) {
            String key = kind + "-" + UUID.randomUUID();
            p.asked().add(new String[] {kind, key});
            return key;
        }

        Fault fault() {
            int roll = random.nextInt(100);
            return roll < 15 ? Fault.UNAVAILABLE : roll < 30 ? Fault.ANSWER_LOST : null;
        }

        void arm(Fault fault) {
            processor.clearFaults();
            if (fault != null) {
                processor.failNext(fault);
                count(fault == Fault.UNAVAILABLE ? "processor unavailable" : "answer lost");
            }
        }

        void count(String what) {
            tally.merge(what, 1, Integer::sum);
        }

        String faultText(Fault fault) {
            return fault == null
                    ? ""
                    : " [" + fault.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "]";
        }

        int weighted(int... weights) {
            int roll = random.nextInt(Arrays.stream(weights).sum());
            for (int i = 0; i < weights.length; i++) {
                roll -= weights[i];
                if (roll < 0) {
                    return i;
                }
            }
            return weights.length - 1;
        }
    }

    /**
     * What a call could change: this sequence's payments and their calls in full, and how many
     * payments, calls, journals and webhooks there are in all, and calls the processor had.
     */
    record Snapshot(String payments, String operations, long counts, long journals, long webhooks, long calls) {}

    Snapshot snapshot(List<UUID> ids) {
        UUID[] array = ids.toArray(UUID[]::new);
        return new Snapshot(
                jdbc.sql(
                                "SELECT coalesce(string_agg(p::text, ',' ORDER BY id), '') FROM payments p WHERE id = ANY(:ids)")
                        .param("ids", array)
                        .query(String.class)
                        .single(),
                jdbc.sql("""
                        SELECT coalesce(string_agg(o::text, ',' ORDER BY id), '') FROM payment_operations o
                         WHERE payment_id = ANY(:ids)
                        """).param("ids", array).query(String.class).single(),
                jdbc.sql("SELECT (SELECT count(*) FROM payments) * 1000000 + (SELECT count(*) FROM payment_operations)")
                        .query(Long.class)
                        .single(),
                jdbc.sql("SELECT count(*) FROM ledger_journals")
                        .query(Long.class)
                        .single(),
                jdbc.sql("SELECT count(*) FROM payment_webhook_events")
                        .query(Long.class)
                        .single(),
                processor.calls());
    }

    /** Payments (of these, or all if null) where Souk says more moved than the processor moved. */
    List<String> ahead(List<UUID> ids) {
        return jdbc.sql("""
                SELECT p.id || ' ' || p.state || ' captured ' || p.captured || '/' || coalesce(c.captured, 0)
                       || ' refunded ' || p.refunded || '/' || coalesce(c.refunded, 0)
                       || ' paid out ' || p.paid_out || '/' || coalesce(c.paid_out, 0)
                  FROM payments p
                  LEFT JOIN scripted_charges c ON c.payment_id = p.id
                 WHERE p.gateway = 'card-simulator' AND (CAST(:ids AS uuid[]) IS NULL OR p.id = ANY(:ids))
                   AND (p.captured > coalesce(c.captured, 0) OR p.refunded > coalesce(c.refunded, 0)
                        OR p.paid_out > coalesce(c.paid_out, 0) OR coalesce(c.captures, 0) > 1
                        OR p.captured - p.refunded - p.paid_out - p.fees_taken < 0
                        OR (SELECT count(*) FROM ledger_entries e
                             WHERE e.payment_id = p.id AND e.account = 'gateway_clearing' AND e.amount > 0) > 1)
                """)
                .param("ids", ids == null ? null : ids.toArray(UUID[]::new))
                .query(String.class)
                .list();
    }

    long startedOperations() {
        return jdbc.sql("SELECT count(*) FROM payment_operations WHERE state = 'started'")
                .query(Long.class)
                .single();
    }
}
