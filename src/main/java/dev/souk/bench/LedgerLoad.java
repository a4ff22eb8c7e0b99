package dev.souk.bench;

import dev.souk.marketplace.Marketplace;
import dev.souk.payments.Gateway;
import dev.souk.payments.PaymentState;
import dev.souk.payments.PaymentView;
import dev.souk.payments.Payments;
import dev.souk.payments.StartPayment;
import dev.souk.shared.Money;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Moves money through the payments facade from several workers at once, each payment as a booking's
 * does: started, captured, a quarter of them refunded in part, paid out. Through a gateway that
 * answers at once ({@code souk.bench.instant-gateway}), so the figures are Souk's and its database's.
 */
@Component
class LedgerLoad {

    static final String[] OPERATIONS = {"start", "capture", "refund", "payout"};
    private static final int PROVIDERS = 1_000;

    private final Payments payments;
    private final Marketplace marketplace;

    LedgerLoad(Payments payments, Marketplace marketplace) {
        this.payments = payments;
        this.marketplace = marketplace;
    }

    /** What the measured part of a run did; latencies in nanoseconds per operation. */
    record Summary(int workers, Duration took, long payments, long journals, Map<String, List<Long>> latencies) {

        double journalsPerSecond() {
            return journals / Math.max(0.001, took.toNanos() / 1e9);
        }
    }

    /** Warms up for {@code warmUp} (not counted), then measures for {@code duration}. */
    Summary run(int workers, Duration warmUp, Duration duration, PrintStream out) throws Exception {
        if (!payments.usableGateways().contains(Gateway.CARD_SIMULATOR)) {
            throw new IllegalStateException("no card gateway: start with --souk.bench.instant-gateway=true");
        }
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
        Currency currency = marketplace.settings().defaultCurrency();
        List<UUID> providers = new ArrayList<>();
        for (int i = 0; i < PROVIDERS; i++) {
            providers.add(UUID.randomUUID());
        }
        out.printf(Locale.ROOT, "Warming up for %d s…%n", warmUp.toSeconds());
        drive(workers, warmUp, currency, providers);
        out.printf(Locale.ROOT, "Moving money from %d workers for %d s…%n", workers, duration.toSeconds());
        long started = System.nanoTime();
        List<Worker> done = drive(workers, duration, currency, providers);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Map<String, List<Long>> latencies = new LinkedHashMap<>();
        for (String operation : OPERATIONS) {
            List<Long> all = new ArrayList<>();
            done.forEach(w -> all.addAll(w.latencies.get(operation)));
            Collections.sort(all);
            latencies.put(operation, all);
        }
        return new Summary(
                workers,
                took,
                done.stream().mapToLong(w -> w.payments).sum(),
                done.stream().mapToLong(w -> w.journals).sum(),
                latencies);
    }

    private List<Worker> drive(int workers, Duration duration, Currency currency, List<UUID> providers)
            throws Exception {
        long until = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "ledger-load");
            thread.setDaemon(true); // a failed run must not keep the process alive
            return thread;
        });
        try {
            List<Future<Worker>> futures = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                long seed = System.nanoTime() + i;
                futures.add(pool.submit(() -> {
                    var worker = new Worker(new SplittableRandom(seed));
                    while (System.nanoTime() < until) {
                        worker.onePayment(currency, providers);
                    }
                    return worker;
                }));
            }
            List<Worker> done = new ArrayList<>();
            for (Future<Worker> future : futures) {
                done.add(future.get());
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    private final class Worker {

        final SplittableRandom random;
        final Map<String, List<Long>> latencies = new LinkedHashMap<>();
        long payments;
        long journals;

        Worker(SplittableRandom random) {
            this.random = random;
            for (String operation : OPERATIONS) {
                latencies.put(operation, new ArrayList<>());
            }
        }

        void onePayment(Currency currency, List<UUID> providers) {
            long amount = 1_000 + random.nextInt(199_000);
            UUID provider = providers.get(random.nextInt(providers.size()));
            String key = UUID.randomUUID().toString();
            PaymentView started = timed(
                    "start",
                    () -> LedgerLoad.this.payments.start(new StartPayment(
                            UUID.randomUUID(),
                            UUID.randomUUID(),
                            provider,
                            new Money(amount, currency),
                            new Money(amount / 10, currency),
                            "Bench payment",
                            "bench-" + key,
                            URI.create("http://localhost/back"))));
            expect(started, PaymentState.AUTHORIZED);
            expect(
                    timed("capture", () -> LedgerLoad.this.payments.capture(started.id(), null, "capture-" + key)),
                    PaymentState.CAPTURED);
            journals++;
            if (random.nextInt(4) == 0) {
                expect(
                        timed(
                                "refund",
                                () -> LedgerLoad.this.payments.refund(
                                        started.id(), new Money(amount / 4, currency), "refund-" + key)),
                        PaymentState.CAPTURED);
                journals++;
            }
            expect(
                    timed("payout", () -> LedgerLoad.this.payments.payout(started.id(), "payout-" + key)),
                    PaymentState.PAID_OUT);
            journals += 2; // what was held released to the provider and the marketplace, then paid out
            payments++;
        }

        PaymentView timed(String operation, Supplier<PaymentView> call) {
            long start = System.nanoTime();
            PaymentView view = call.get();
            latencies.get(operation).add(System.nanoTime() - start);
            return view;
        }

        void expect(PaymentView view, PaymentState state) {
            if (view.state() != state) {
                throw new IllegalStateException(
                        "payment " + view.id() + " is " + view.state().key() + ", not " + state.key());
            }
        }
    }
}
