package dev.souk.payments;

import dev.souk.shared.Money;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient jdbc;

    Ledger(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
     */
    LedgerCheck check(Instant at) {
        long started = System.nanoTime();
        long journals = jdbc.sql("SELECT count(*) FROM ledger_journals")
                .query(Long.class)
                .single();
        List<Long> unbalanced = jdbc.sql("""
                SELECT journal_id FROM ledger_entries
                 GROUP BY journal_id, currency
                HAVING sum(amount) <> 0
                 ORDER BY journal_id
                 LIMIT 20
                """).query(Long.class).list();
        List<UUID> mismatched = jdbc.sql("""
                WITH l AS (
                    SELECT payment_id,
                           sum(amount) FILTER (WHERE account = 'gateway_clearing' AND amount > 0) AS captured,
                           sum(amount) FILTER (WHERE account = 'gateway_clearing') AS at_gateway,
                           -sum(amount) FILTER (WHERE account = 'marketplace_revenue') AS fees,
                           -sum(amount) FILTER (WHERE account IN ('funds_held', 'provider_payable')) AS held
                      FROM ledger_entries
                     WHERE payment_id IS NOT NULL
                     GROUP BY payment_id)
                SELECT p.id
                  FROM payments p
                  LEFT JOIN l ON l.payment_id = p.id
                 WHERE coalesce(l.captured, 0) <> p.captured
                    OR coalesce(l.at_gateway, 0) <> p.captured - p.refunded - p.paid_out
                    OR coalesce(l.fees, 0) <> p.fees_taken
                    OR coalesce(l.held, 0) <> p.captured - p.refunded - p.paid_out - p.fees_taken
                    OR (p.gateway <> 'direct' AND coalesce(l.held, 0) < 0)
                 ORDER BY p.id
                 LIMIT 20
                """).query(UUID.class).list();
        List<String> negative = jdbc.sql("""
                SELECT account || coalesce(' ' || member_id, '') || ' ' || currency || ' ' || sum(amount)
                  FROM ledger_entries
                 WHERE account IN ('gateway_clearing', 'funds_held', 'marketplace_revenue')
                 GROUP BY account, member_id, currency
                HAVING (account = 'gateway_clearing' AND sum(amount) < 0)
                    OR (account <> 'gateway_clearing' AND sum(amount) > 0)
                 LIMIT 20
                """).query(String.class).list();
        return new LedgerCheck(
                at, journals, unbalanced, mismatched, negative, (System.nanoTime() - started) / 1_000_000);
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
