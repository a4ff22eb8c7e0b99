package dev.souk.bench;

import dev.souk.payments.LedgerCheck;
import dev.souk.payments.Payments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Two ledger benchmarks, each a command that exits instead of serving (pass {@code --server.port=0}):
 *
 * <ul>
 *   <li>{@code java -jar souk.jar --souk.bench.ledger-journals=1000000 [--souk.bench.check-runs=5]
 *       [--souk.generate.seed=1]} fills the ledger with that many balanced journals and the payments
 *       they belong to ({@link LedgerGenerator}), then times the ledger check several times; {@code
 *       --souk.bench.ledger-check=5} only times the check, on the ledger there is;
 *   <li>{@code java -jar souk.jar --souk.bench.instant-gateway=true --souk.bench.ledger-load=60s
 *       [--souk.bench.concurrency=8] [--souk.bench.warm-up=15s]} moves money through the payments
 *       facade from that many workers ({@link LedgerLoad}), prints journals per second, then checks
 *       the ledger.
 * </ul>
 *
 * The process ends with status 1 if the ledger check fails.
 */
@Component
@Order(100)
class LedgerCommand implements ApplicationRunner {

    static final String JOURNALS = "souk.bench.ledger-journals";
    static final String CHECK = "souk.bench.ledger-check";
    static final String LOAD = "souk.bench.ledger-load";
    static final long MAX_JOURNALS = 100_000_000;

    private final Environment environment;
    private final LedgerGenerator generator;
    private final LedgerLoad load;
    private final Payments payments;
    private final ConfigurableApplicationContext context;

    LedgerCommand(
            Environment environment,
            LedgerGenerator generator,
            LedgerLoad load,
            Payments payments,
            ConfigurableApplicationContext context) {
        this.environment = environment;
        this.generator = generator;
        this.load = load;
        this.payments = payments;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        Long journals = environment.getProperty(JOURNALS, Long.class);
        Integer checks = environment.getProperty(CHECK, Integer.class);
        Duration duration = environment.getProperty(LOAD, Duration.class);
        if (journals == null && checks == null && duration == null) {
            return;
        }
        boolean passed = true;
        if (checks != null) {
            passed = timeChecks(checks);
        }
        if (journals != null) {
            if (journals < 1 || journals > MAX_JOURNALS) {
                throw new IllegalArgumentException(JOURNALS + " must be between 1 and " + MAX_JOURNALS);
            }
            long seed = environment.getProperty("souk.generate.seed", Long.class, System.nanoTime());
            LedgerGenerator.Summary summary = generator.generate(journals, seed, System.out);
            System.out.printf(
                    Locale.ROOT,
                    "Wrote %,d journals (%,d entries) of %,d payments in %.1f s: %,.0f journals/s.%n",
                    summary.journals(),
                    summary.entries(),
                    summary.payments(),
                    summary.took().toMillis() / 1000.0,
                    summary.journalsPerSecond());
            passed &= timeChecks(environment.getProperty("souk.bench.check-runs", Integer.class, 5));
        }
        if (duration != null) {
            LedgerLoad.Summary summary = load.run(
                    environment.getProperty("souk.bench.concurrency", Integer.class, 8),
                    environment.getProperty("souk.bench.warm-up", Duration.class, Duration.ofSeconds(15)),
                    duration,
                    System.out);
            System.out.printf(
                    Locale.ROOT,
                    "%,d payments, %,d journals in %.1f s from %d workers: %,.0f journals/s%n",
                    summary.payments(),
                    summary.journals(),
                    summary.took().toMillis() / 1000.0,
                    summary.workers(),
                    summary.journalsPerSecond());
            System.out.printf(Locale.ROOT, "%-8s %8s %8s %8s %8s%n", "call", "n", "p50 ms", "p99 ms", "max ms");
            summary.latencies().forEach((operation, nanos) -> {
                if (!nanos.isEmpty()) {
                    System.out.printf(
                            Locale.ROOT,
                            "%-8s %8d %8.1f %8.1f %8.1f%n",
                            operation,
                            nanos.size(),
                            percentile(nanos, 50) / 1e6,
                            percentile(nanos, 99) / 1e6,
                            nanos.get(nanos.size() - 1) / 1e6);
                }
            });
            passed &= timeChecks(1);
        }
        boolean exitPassed = passed;
        System.exit(SpringApplication.exit(context, () -> exitPassed ? 0 : 1));
    }

    /** Checks the whole ledger {@code runs} times; prints each run, then the fastest and the median. */
    private boolean timeChecks(int runs) {
        List<Long> millis = new ArrayList<>();
        LedgerCheck check = null;
        for (int i = 0; i < Math.max(1, runs); i++) {
            long started = System.nanoTime();
            check = payments.checkLedger();
            long took = (System.nanoTime() - started) / 1_000_000;
            millis.add(took);
            System.out.printf(
                    Locale.ROOT,
                    "Ledger check %d: %s, %,d journals, %d ms%n",
                    i + 1,
                    check.passed() ? "passed" : "FAILED",
                    check.journals(),
                    took);
        }
        Collections.sort(millis);
        System.out.printf(
                Locale.ROOT,
                "Ledger check of %,d journals: min %d ms, median %d ms over %d runs%n",
                check.journals(),
                millis.get(0),
                millis.get((millis.size() - 1) / 2),
                millis.size());
        if (!check.passed()) {
            System.out.println("Unbalanced journals: " + check.unbalancedJournals());
            System.out.println("Mismatched payments: " + check.mismatchedPayments());
            System.out.println("Negative balances: " + check.negativeBalances());
        }
        return check.passed();
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
