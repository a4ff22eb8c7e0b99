package dev.souk.payments;

import dev.souk.shared.Money;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Repository;

/**
 * The double-entry ledger's reads and writes. Debits are positive, credits negative; a journal's
 * entries sum to zero per currency, and a balance is the sum of an account's entries.
 */
@Repository
class Ledger {

    enum Account {
        /** Money the gateway holds for the marketplace: captured, not yet refunded or paid out. */
        GATEWAY_CLEARING(false),
        /** Captured for a provider, until the payment completes (a credit balance). */
        FUNDS_HELD(true),
        /** Owed to a provider (credit balance), or owed by one: the commission on a direct payment (debit). */
        PROVIDER_PAYABLE(true),
        MARKETPLACE_REVENUE(false),
        /** What the operator received outside any gateway: commission a provider settled. */
        OPERATOR_CASH(false);

        final boolean perMember;

        Account(boolean perMember) {
            this.perMember = perMember;
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Entry(Account account, @Nullable UUID memberId, Money amount) {
        Entry {
            if (account.perMember != (memberId != null)) {
                throw new IllegalArgumentException(account + (account.perMember ? " needs" : " takes no") + " member");
            }
        }

        static Entry debit(Account account, @Nullable UUID memberId, Money amount) {
            return new Entry(account, memberId, amount);
        }

        static Entry credit(Account account, @Nullable UUID memberId, Money amount) {
            return new Entry(account, memberId, new Money(-amount.amount(), amount.currency()));
        }
    }

    enum Kind {
        CAPTURE,
        REFUND,
        /** The payment completed: what was held goes to the provider and the marketplace. */
        RELEASE,
        PAYOUT,
        /** Direct payment received: the provider owes the marketplace its commission. */
        COMMISSION,
        /** A provider paid the commission they owed. */
        SETTLEMENT;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The ledger check's parts beside the caller's; a part waits on the database, not on a core. */
    private static final ExecutorService CHECK_PARTS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ledger-check");
        thread.setDaemon(true);
        return thread;
    });

    private static final Pattern SNAPSHOT = Pattern.compile("[0-9A-F]+(-[0-9A-F]+)+");

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    Ledger(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * Writes one journal; must run in the transaction of the state change that causes it. Refuses a
     * journal whose entries do not sum to zero in each currency.
     */
    void post(Kind kind, @Nullable UUID paymentId, @Nullable UUID operationId, Instant at, List<Entry> entries) {
        Map<Currency, Long> sums = new HashMap<>();
        for (Entry entry : entries) {
            if (entry.amount().amount() == 0) {
                throw new IllegalArgumentException("an entry of nothing in " + kind);
            }
            sums.merge(entry.amount().currency(), entry.amount().amount(), Math::addExact);
        }
        if (entries.size() < 2 || sums.values().stream().anyMatch(sum -> sum != 0)) {
            throw new IllegalStateException("journal " + kind + " does not balance: " + sums);
        }
        List<String> accounts = entries.stream().map(e -> e.account().key()).toList();
        List<@Nullable UUID> members = entries.stream().map(Entry::memberId).toList();
        List<String> currencies = entries.stream()
                .map(e -> e.amount().currency().getCurrencyCode())
                .toList();
        List<Long> amounts = entries.stream().map(e -> e.amount().amount()).toList();
        // one round trip per journal: the journal and its entries in one statement
        jdbc.sql("""
                WITH j AS (
                    INSERT INTO ledger_journals (kind, payment_id, operation_id, created_at)
                    VALUES (:kind, :payment, :operation, :at)
                    RETURNING id)
                INSERT INTO ledger_entries (journal_id, account, member_id, payment_id, currency, amount)
                SELECT j.id, e.account, e.member_id, :payment, e.currency, e.amount
                  FROM j, unnest(:accounts::text[], :members::uuid[], :currencies::text[], :amounts::bigint[])
                          AS e (account, member_id, currency, amount)
                """)
                .param("kind", kind.key())
                .param("payment", paymentId)
                .param("operation", operationId)
                .param("at", java.sql.Timestamp.from(at))
                .param("accounts", array(accounts))
                .param("members", array(members))
                .param("currencies", array(currencies))
                .param("amounts", array(amounts))
                .update();
    }

    /** A member's balance in each account and currency they have entries in. */
    List<Balance> balances(UUID memberId) {
        return jdbc.sql("""
                SELECT account, currency, sum(amount) AS balance
                  FROM ledger_entries
                 WHERE member_id = :member
                 GROUP BY account, currency
                 ORDER BY account, currency
                """)
                .param("member", memberId)
                .query((rs, i) -> new Balance(
                        Account.valueOf(rs.getString("account").toUpperCase(Locale.ROOT)),
                        new Money(rs.getLong("balance"), Currency.getInstance(rs.getString("currency")))))
                .list();
    }

    record Balance(Account account, Money amount) {}

    /** Providers whose payable is a debit: they owe commission on direct payments. */
    List<CommissionDebt> debts() {
        return jdbc.sql("""
                SELECT member_id, currency, sum(amount) AS owed
                  FROM ledger_entries
                 WHERE account = 'provider_payable' AND member_id IS NOT NULL
                 GROUP BY member_id, currency
                HAVING sum(amount) > 0
                 ORDER BY owed DESC
                 LIMIT 200
                """)
                .query((rs, i) -> new CommissionDebt(
                        rs.getObject("member_id", UUID.class),
                        new Money(rs.getLong("owed"), Currency.getInstance(rs.getString("currency")))))
                .list();
    }

    /** The marketplace's revenue per month (in the given zone) and currency, oldest first. */
    List<MonthlyRevenue> revenueByMonth(String zone, Instant since) {
        return jdbc.sql("""
                SELECT to_char(date_trunc('month', j.created_at AT TIME ZONE :zone), 'YYYY-MM') AS month,
                       e.currency, -sum(e.amount) AS revenue
                  FROM ledger_entries e
                  JOIN ledger_journals j ON j.id = e.journal_id
                 WHERE e.account = 'marketplace_revenue' AND j.created_at >= :since
                 GROUP BY 1, 2
                 ORDER BY 1, 2
                """)
                .param("zone", zone)
                .param("since", java.sql.Timestamp.from(since))
                .query((rs, i) -> new MonthlyRevenue(
                        java.time.YearMonth.parse(rs.getString("month")),
                        new Money(rs.getLong("revenue"), Currency.getInstance(rs.getString("currency")))))
                .list();
    }

    /**
     * Verifies the whole ledger: every journal balances per currency; every payment's own figures
     * (captured, refunded, paid out, fees) are what its journals say, and captured = paid out + held
     * + refunded + fees; nothing is held below zero.
     *
     * <p>It reads every entry, from indexes that hold what each part needs in the order it groups by
     * (V45), with sums kept in {@code bigint} ({@code ledger_sum}) rather than {@code numeric}. The
     * journals' part and the payments' part run beside each other on two connections, both on one
     * snapshot of the ledger.
     */
    LedgerCheck check(Instant at) {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            JdbcClient journals = onSnapshot(connection, null);
            String snapshot = journals.sql("SELECT pg_export_snapshot()")
                    .query(String.class)
                    .single();
            Future<PaymentFigures> payments = CHECK_PARTS.submit(() -> checkPayments(snapshot));
            long count = journals.sql("SELECT count(*) FROM ledger_journals")
                    .query(Long.class)
                    .single();
            List<Long> unbalanced = journals.sql("""
                    SELECT DISTINCT journal_id FROM ledger_entries
                     GROUP BY journal_id, currency
                    HAVING ledger_sum(amount) <> 0
                     ORDER BY journal_id
                     LIMIT 20
                    """).query(Long.class).list();
            PaymentFigures figures = payments.get();
            connection.commit();
            return new LedgerCheck(
                    at,
                    count,
                    unbalanced,
                    figures.mismatched(),
                    figures.negative(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            throw new IllegalStateException("The ledger check could not read the ledger", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The ledger check could not read the payments", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The ledger check was interrupted", e);
        }
    }

    private record PaymentFigures(List<UUID> mismatched, List<String> negative) {}

    /** The payments' part of the check, on a connection of its own, on the journals' part's snapshot. */
    private PaymentFigures checkPayments(String snapshot) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            JdbcClient db = onSnapshot(connection, snapshot);
            // what a payment held is not summed: with its journals balanced, what is held for the provider
            // is what the gateway holds less the fees, unless the payment has entries of the operator's cash
            List<UUID> mismatched = db.sql("""
                    SELECT coalesce(p.id, l.payment_id)
                      FROM (SELECT payment_id,
                                   ledger_sum(amount) FILTER (WHERE account = 'gateway_clearing' AND amount > 0) AS captured,
                                   ledger_sum(amount) FILTER (WHERE account = 'gateway_clearing') AS at_gateway,
                                   -ledger_sum(amount) FILTER (WHERE account = 'marketplace_revenue') AS fees,
                                   count(*) FILTER (WHERE account = 'operator_cash') AS cash
                              FROM ledger_entries
                             WHERE payment_id IS NOT NULL
                               AND account IN ('gateway_clearing', 'marketplace_revenue', 'operator_cash')
                             GROUP BY payment_id) l
                      FULL JOIN payments p ON p.id = l.payment_id
                     WHERE p.id IS NULL
                        OR coalesce(l.captured, 0) <> p.captured
                        OR coalesce(l.at_gateway, 0) <> p.captured - p.refunded - p.paid_out
                        OR coalesce(l.fees, 0) <> p.fees_taken
                        OR l.cash > 0
                        OR (p.gateway <> 'direct' AND p.captured - p.refunded - p.paid_out - p.fees_taken < 0)
                     ORDER BY 1
                     LIMIT 20
                    """).query(UUID.class).list();
            List<String> negative = db.sql("""
                    SELECT account || coalesce(' ' || member_id, '') || ' ' || currency || ' ' || ledger_sum(amount)
                      FROM ledger_entries
                     WHERE account IN ('gateway_clearing', 'funds_held', 'marketplace_revenue')
                     GROUP BY account, member_id, currency
                    HAVING (account = 'gateway_clearing' AND ledger_sum(amount) < 0)
                        OR (account <> 'gateway_clearing' AND ledger_sum(amount) > 0)
                     LIMIT 20
                    """).query(String.class).list();
            connection.commit();
            return new PaymentFigures(mismatched, negative);
        }
    }

    /**
     * A read-only transaction on the connection that sees one snapshot of the ledger: a new one, or
     * the one exported by the transaction it is to share it with.
     */
    private static JdbcClient onSnapshot(Connection connection, @Nullable String snapshot) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        JdbcClient db = JdbcClient.create(new SingleConnectionDataSource(connection, true));
        if (snapshot != null) {
            if (!SNAPSHOT.matcher(snapshot).matches()) {
                throw new IllegalArgumentException("not a snapshot: " + snapshot);
            }
            // the first statement of the transaction; it takes no parameters
            db.sql("SET TRANSACTION SNAPSHOT '" + snapshot + "'").update();
        }
        return db;
    }

    /** An array literal of values that need no quoting (keys, ids, currency codes, numbers). */
    private static String array(List<?> values) {
        StringBuilder literal = new StringBuilder("{");
        for (Object value : values) {
            literal.append(literal.length() > 1 ? "," : "").append(value == null ? "NULL" : value);
        }
        return literal.append('}').toString();
    }
}
