package dev.souk.bench;

import dev.souk.marketplace.Marketplace;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.stereotype.Component;

/**
 * Fills the ledger with a year of card and direct payments, each with the calls and journals the
 * payments module writes for it and figures that match them, written with {@code COPY} in
 * transactions of about {@link #BATCH} journals: a stopped run keeps what it wrote. A payment's
 * journals lie days apart, among other payments' journals, as they do when the app writes them.
 *
 * <p>The mix: most card payments captured, released and paid out, some refunded in part first, some
 * captured and still held, some refunded in full; a tenth are direct payments marked received (the
 * commission journal), half of whose providers settled it.
 */
@Component
class LedgerGenerator {

    static final int BATCH = 50_000;
    static final int PROVIDERS = 5_000;
    static final int CUSTOMERS = 20_000;
    static final String DESCRIPTION = "Bench payment";
    private static final Duration YEAR = Duration.ofDays(365);

    private final DataSource dataSource;
    private final Marketplace marketplace;
    private final Clock clock;

    LedgerGenerator(DataSource dataSource, Marketplace marketplace, Clock clock) {
        this.dataSource = dataSource;
        this.marketplace = marketplace;
        this.clock = clock;
    }

    record Summary(long journals, long entries, long payments, Duration took) {

        double journalsPerSecond() {
            return journals / Math.max(0.001, took.toMillis() / 1000.0);
        }
    }

    /** One money movement of a payment, written when its time comes. */
    private record Journal(
            Instant at,
            String kind,
            @Nullable UUID paymentId,
            @Nullable UUID operationId,
            List<Object[]> entries) {}

    private static final class Batch {
        final String currency;
        final CopyRows payments = new CopyRows();
        final CopyRows operations = new CopyRows();
        final List<Journal> journals = new ArrayList<>();
        long paymentCount;

        Batch(String currency) {
            this.currency = currency;
        }
    }

    Summary generate(long count, long seed, PrintStream progress) {
        Instant started = Instant.now();
        Random random = new Random(seed);
        String currency = marketplace.settings().defaultCurrency().getCurrencyCode();
        List<UUID> providers = ids(PROVIDERS);
        List<UUID> customers = ids(CUSTOMERS);
        // payments spread evenly over a year, about 2.7 journals each; their last journals come up to a
        // month later, still before now
        Instant from = clock.instant().minus(YEAR).minus(Duration.ofDays(31));
        Duration step = YEAR.dividedBy(Math.max(1, count * 10 / 27));
        long journals = 0;
        long entries = 0;
        long paymentCount = 0;
        Instant at = from;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            while (journals < count) {
                var batch = new Batch(currency);
                while (batch.journals.size() < Math.min(BATCH, count - journals)) {
                    at = at.plus(step);
                    payment(batch, random, at, currency, providers, customers);
                }
                entries += write(connection, copy, batch);
                connection.commit();
                journals += batch.journals.size();
                paymentCount += batch.paymentCount;
                progress(progress, journals, count, started);
            }
            progress.println();
            connection.setAutoCommit(true);
            try (Statement vacuum = connection.createStatement()) {
                // the check reads the ledger from its indexes alone once the visibility map is set
                vacuum.execute("VACUUM (ANALYZE) payments, payment_operations, ledger_journals, ledger_entries");
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Generating the ledger failed", e);
        }
        return new Summary(journals, entries, paymentCount, Duration.between(started, Instant.now()));
    }

    private static void progress(PrintStream out, long written, long count, Instant started) {
        double seconds =
                Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        double rate = written / seconds;
        long eta = Math.round((count - written) / Math.max(1, rate));
        out.printf(
                Locale.ROOT,
                "\rjournals %,d / %,d (%d%%)  %,.0f journals/s  ETA %d:%02d   ",
                written,
                count,
                written * 100L / count,
                rate,
                eta / 60,
                eta % 60);
        out.flush();
    }

    // --- one payment -----------------------------------------------------------------------------

    /** A payment with its calls and journals, as the payments module writes them. */
    private void payment(
            Batch batch, Random random, Instant at, String currency, List<UUID> providers, List<UUID> customers) {
        UUID id = UUID.randomUUID();
        UUID provider = providers.get(random.nextInt(providers.size()));
        UUID customer = customers.get(random.nextInt(customers.size()));
        long amount = 1_000 + random.nextInt(199_000);
        long fee = random.nextInt(10) == 0 ? 0 : amount * (5 + random.nextInt(16)) / 100;
        int story = random.nextInt(100);
        batch.paymentCount++;
        if (story < 10) {
            direct(batch, random, id, provider, customer, currency, amount, fee, at);
            return;
        }
        String reference = "instant-" + id;
        operation(batch, id, "authorize", amount, reference, at);
        long captured = random.nextInt(10) == 0 ? amount * 8 / 10 : amount;
        Instant capturedAt = at.plus(Duration.ofHours(1 + random.nextInt(48)));
        UUID capture = operation(batch, id, "capture", captured, reference, capturedAt);
        batch.journals.add(new Journal(
                capturedAt,
                "capture",
                id,
                capture,
                List.of(entry("gateway_clearing", null, captured), entry("funds_held", provider, -captured))));
        long refunded = 0;
        Instant refundedAt = capturedAt.plus(Duration.ofHours(1 + random.nextInt(72)));
        if (story < 25) {
            refunded = captured / 4 + random.nextInt((int) (captured / 4) + 1);
        } else if (story < 30) {
            refunded = captured;
        }
        if (refunded > 0) {
            UUID refund = operation(batch, id, "refund", refunded, "refund-" + UUID.randomUUID(), refundedAt);
            batch.journals.add(new Journal(
                    refundedAt,
                    "refund",
                    id,
                    refund,
                    List.of(entry("funds_held", provider, refunded), entry("gateway_clearing", null, -refunded))));
        }
        String state;
        long feesTaken = 0;
        long paidOut = 0;
        if (refunded == captured) {
            state = "refunded";
        } else if (story >= 30 && story < 40) {
            state = "captured";
        } else {
            // released and paid out, as the payout does
            Instant paidAt = refundedAt.plus(Duration.ofDays(1 + random.nextInt(5)));
            long held = captured - refunded;
            feesTaken = Math.min(fee, held);
            long share = held - feesTaken;
            List<Object[]> release = new ArrayList<>();
            release.add(entry("funds_held", provider, held));
            if (share > 0) {
                release.add(entry("provider_payable", provider, -share));
            }
            if (feesTaken > 0) {
                release.add(entry("marketplace_revenue", null, -feesTaken));
            }
            batch.journals.add(new Journal(paidAt, "release", id, null, release));
            // a payout of nothing (the fee took all that was held) is finished without calling the gateway
            UUID payout =
                    operation(batch, id, "payout", share, share > 0 ? "payout-" + UUID.randomUUID() : null, paidAt);
            if (share > 0) {
                batch.journals.add(new Journal(
                        paidAt,
                        "payout",
                        id,
                        payout,
                        List.of(entry("provider_payable", provider, share), entry("gateway_clearing", null, -share))));
            }
            paidOut = share;
            state = "paid_out";
        }
        batch.payments.row(
                id,
                UUID.randomUUID(),
                "card-simulator",
                customer,
                provider,
                currency,
                amount,
                fee,
                DESCRIPTION,
                state,
                reference,
                amount,
                captured,
                refunded,
                paidOut,
                feesTaken,
                null,
                at,
                at);
    }

    /** A direct payment the provider marked received: the commission is owed, and half the time settled. */
    private void direct(
            Batch batch,
            Random random,
            UUID id,
            UUID provider,
            UUID customer,
            String currency,
            long amount,
            long fee,
            Instant at) {
        operation(batch, id, "authorize", amount, null, at);
        Instant receivedAt = at.plus(Duration.ofDays(1 + random.nextInt(10)));
        if (fee > 0) {
            batch.journals.add(new Journal(
                    receivedAt,
                    "commission",
                    id,
                    null,
                    List.of(entry("provider_payable", provider, fee), entry("marketplace_revenue", null, -fee))));
            if (random.nextBoolean()) {
                batch.journals.add(new Journal(
                        receivedAt.plus(Duration.ofDays(20)),
                        "settlement",
                        null,
                        null,
                        List.of(entry("operator_cash", null, fee), entry("provider_payable", provider, -fee))));
            }
        }
        batch.payments.row(
                id,
                UUID.randomUUID(),
                "direct",
                customer,
                provider,
                currency,
                amount,
                fee,
                DESCRIPTION,
                "received",
                null,
                0,
                0,
                0,
                0,
                fee,
                receivedAt,
                at,
                receivedAt);
    }

    /** A gateway call that succeeded, as the payments module records it. */
    private static UUID operation(
            Batch batch, UUID paymentId, String kind, long amount, @Nullable String reference, Instant at) {
        UUID id = UUID.randomUUID();
        batch.operations.row(
                id, paymentId, kind, amount, "bench-" + id + ":" + kind, "succeeded", reference, 0, at, at, at);
        return id;
    }

    private static Object[] entry(String account, @Nullable UUID memberId, long amount) {
        return new Object[] {account, memberId, amount};
    }

    // --- writing ---------------------------------------------------------------------------------

    /** Writes a batch in one transaction; answers how many entries it wrote. */
    private static long write(Connection connection, CopyManager copy, Batch batch) throws SQLException, IOException {
        copy.copyIn("""
                COPY payments (id, reference, gateway, customer_id, provider_id, currency, amount, fee, description,
                               state, gateway_reference, authorized, captured, refunded, paid_out, fees_taken,
                               received_at, created_at, updated_at) FROM STDIN""", batch.payments.reader());
        copy.copyIn("""
                COPY payment_operations (id, payment_id, kind, amount, idempotency_key, state, gateway_reference,
                                         attempts, next_attempt_at, created_at, finished_at) FROM STDIN""", batch.operations.reader());
        // journals in the order of their time, as the app numbers them
        batch.journals.sort(Comparator.comparing(Journal::at));
        long first = reserveJournalIds(connection, batch.journals.size());
        CopyRows journals = new CopyRows();
        CopyRows entries = new CopyRows();
        long entryCount = 0;
        for (int i = 0; i < batch.journals.size(); i++) {
            Journal journal = batch.journals.get(i);
            long id = first + i;
            journals.row(id, journal.kind(), journal.paymentId(), journal.operationId(), journal.at());
            for (Object[] entry : journal.entries()) {
                entries.row(id, entry[0], entry[1], journal.paymentId(), batch.currency, entry[2]);
                entryCount++;
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TEMPORARY TABLE IF NOT EXISTS bench_journals (LIKE ledger_journals) ON COMMIT DELETE ROWS
                    """);
        }
        copy.copyIn(
                "COPY bench_journals (id, kind, payment_id, operation_id, created_at) FROM STDIN", journals.reader());
        try (Statement statement = connection.createStatement()) {
            // the ids were taken from the journals' own sequence, so the app goes on after them
            statement.execute("INSERT INTO ledger_journals OVERRIDING SYSTEM VALUE SELECT * FROM bench_journals");
        }
        copy.copyIn(
                "COPY ledger_entries (journal_id, account, member_id, payment_id, currency, amount) FROM STDIN",
                entries.reader());
        return entryCount;
    }

    /** Takes {@code count} ids from the journals' sequence; answers the first. */
    private static long reserveJournalIds(Connection connection, int count) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT setval(pg_get_serial_sequence('ledger_journals', 'id'),"
                        + " nextval(pg_get_serial_sequence('ledger_journals', 'id')) + " + (count - 1) + ")")) {
            rs.next();
            return rs.getLong(1) - count + 1;
        }
    }

    private static List<UUID> ids(int count) {
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        return ids;
    }
}
