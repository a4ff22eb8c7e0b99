package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.payments.Ledger.Account;
import dev.souk.payments.Ledger.Entry;
import dev.souk.shared.Money;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger check names what is wrong, each kind of fault, and passes a ledger that adds up. It runs
 * on a database of its own, migrated as the app migrates it, because a ledger broken on purpose stays
 * broken: journals can't be changed or removed.
 */
class LedgerCheckTest {

    static EmbeddedPostgres postgres;
    static JdbcClient jdbc;
    static Ledger ledger;

    final Instant now = Instant.parse("2026-06-01T10:00:00Z");
    final UUID provider = UUID.randomUUID();

    @BeforeAll
    static void database() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        jdbc = JdbcClient.create(dataSource);
        ledger = new Ledger(jdbc, dataSource);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void aLedgerThatAddsUpPassesAndEveryKindOfFaultIsNamed() {
        // a card payment of 100.00 captured, 20.00 refunded, the rest released (10.00 fee) and paid out
        UUID paid = payment("card-simulator", 10_000, 2_000, 7_000, 1_000);
        post(Ledger.Kind.CAPTURE, paid, debit(Account.GATEWAY_CLEARING, 10_000), credit(Account.FUNDS_HELD, 10_000));
        post(Ledger.Kind.REFUND, paid, debit(Account.FUNDS_HELD, 2_000), credit(Account.GATEWAY_CLEARING, 2_000));
        post(
                Ledger.Kind.RELEASE,
                paid,
                debit(Account.FUNDS_HELD, 8_000),
                credit(Account.PROVIDER_PAYABLE, 7_000),
                credit(Account.MARKETPLACE_REVENUE, 1_000));
        post(Ledger.Kind.PAYOUT, paid, debit(Account.PROVIDER_PAYABLE, 7_000), credit(Account.GATEWAY_CLEARING, 7_000));
        // a direct payment: the provider owes its commission, and settled it
        UUID direct = payment("direct", 0, 0, 0, 500);
        post(
                Ledger.Kind.COMMISSION,
                direct,
                debit(Account.PROVIDER_PAYABLE, 500),
                credit(Account.MARKETPLACE_REVENUE, 500));
        post(Ledger.Kind.SETTLEMENT, null, debitCash(500), credit(Account.PROVIDER_PAYABLE, 500));
        // a journal in two currencies, each balanced
        jdbc.sql("""
                WITH j AS (INSERT INTO ledger_journals (kind, created_at) VALUES ('settlement', now()) RETURNING id)
                INSERT INTO ledger_entries (journal_id, account, member_id, currency, amount)
                SELECT j.id, e.account, e.member, e.currency, e.amount FROM j, (VALUES
                    ('operator_cash', NULL::uuid, 'EUR', 300), ('provider_payable', :provider, 'EUR', -300),
                    ('operator_cash', NULL::uuid, 'USD', 700), ('provider_payable', :provider, 'USD', -700))
                    AS e (account, member, currency, amount)
                """).param("provider", provider).update();

        LedgerCheck clean = ledger.check(now);
        assertThat(clean.passed()).as("%s", clean).isTrue();
        assertThat(clean.journals()).isEqualTo(7);

        long unbalanced = rawJournal("EUR", 500, "EUR", -400);
        long acrossCurrencies = rawJournal("EUR", 500, "USD", -500);
        // its journal balances, but the payment says more was captured
        UUID overstated = payment("card-simulator", 5_000, 0, 0, 0);
        post(
                Ledger.Kind.CAPTURE,
                overstated,
                debit(Account.GATEWAY_CLEARING, 4_000),
                credit(Account.FUNDS_HELD, 4_000));
        // journals naming a payment there is no row of
        UUID unknown = UUID.randomUUID();
        jdbc.sql("""
                WITH j AS (INSERT INTO ledger_journals (kind, created_at) VALUES ('capture', now()) RETURNING id)
                INSERT INTO ledger_entries (journal_id, account, member_id, payment_id, currency, amount)
                SELECT j.id, e.account, e.member, :payment, 'EUR', e.amount FROM j, (VALUES
                    ('gateway_clearing', NULL::uuid, 100), ('funds_held', :provider, -100)) AS e (account, member, amount)
                """).param("payment", unknown).param("provider", provider).update();
        // more released to a provider than was ever held for them
        UUID overReleased = payment("card-simulator", 0, 0, 0, 0);
        post(
                Ledger.Kind.RELEASE,
                overReleased,
                debit(Account.FUNDS_HELD, 900_000),
                credit(Account.PROVIDER_PAYABLE, 900_000));

        LedgerCheck broken = ledger.check(now);

        assertThat(broken.passed()).isFalse();
        assertThat(broken.journals()).isEqualTo(12);
        assertThat(broken.unbalancedJournals()).containsExactly(unbalanced, acrossCurrencies);
        assertThat(broken.mismatchedPayments()).containsExactlyInAnyOrder(overstated, unknown);
        assertThat(broken.negativeBalances()).singleElement().asString().startsWith("funds_held " + provider + " EUR ");
    }

    private UUID payment(String gateway, long captured, long refunded, long paidOut, long fees) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO payments (id, gateway, customer_id, provider_id, currency, amount, fee, description, state,
                                      authorized, captured, refunded, paid_out, fees_taken, created_at, updated_at)
                VALUES (:id, :gateway, :customer, :provider, 'EUR', 10000, :fees, 'Ledger check', 'captured',
                        10000, :captured, :refunded, :paidOut, :fees, :at, :at)
                """)
                .param("id", id)
                .param("gateway", gateway)
                .param("customer", UUID.randomUUID())
                .param("provider", provider)
                .param("captured", captured)
                .param("refunded", refunded)
                .param("paidOut", paidOut)
                .param("fees", fees)
                .param("at", Timestamp.from(now))
                .update();
        return id;
    }

    private void post(Ledger.Kind kind, UUID payment, Entry... entries) {
        ledger.post(kind, payment, null, now, List.of(entries));
    }

    /** A journal of two entries written past {@link Ledger#post}, which refuses any that doesn't balance. */
    private long rawJournal(String firstCurrency, long first, String secondCurrency, long second) {
        return jdbc.sql("""
                WITH j AS (INSERT INTO ledger_journals (kind, created_at) VALUES ('settlement', now()) RETURNING id),
                     e AS (INSERT INTO ledger_entries (journal_id, account, currency, amount)
                           SELECT j.id, 'operator_cash', :c1, :a1 FROM j
                           UNION ALL SELECT j.id, 'operator_cash', :c2, :a2 FROM j)
                SELECT id FROM j
                """)
                .param("c1", firstCurrency)
                .param("a1", first)
                .param("c2", secondCurrency)
                .param("a2", second)
                .query(Long.class)
                .single();
    }

    private Entry debit(Account account, long amount) {
        return Entry.debit(account, account.perMember ? provider : null, Money.of(amount, "EUR"));
    }

    private Entry credit(Account account, long amount) {
        return Entry.credit(account, account.perMember ? provider : null, Money.of(amount, "EUR"));
    }

    private static Entry debitCash(long amount) {
        return Entry.debit(Account.OPERATOR_CASH, null, Money.of(amount, "EUR"));
    }
}
