package dev.souk.payments;

import dev.souk.payments.PaymentGateway.Declined;
import dev.souk.payments.PaymentGateway.Outcome;
import dev.souk.payments.PaymentGateway.Pending;
import dev.souk.payments.PaymentGateway.RequiresAction;
import dev.souk.payments.PaymentGateway.Succeeded;
import dev.souk.payments.PaymentGateway.WebhookEvent;
import dev.souk.payments.SimulatedCharge.Status;
import dev.souk.shared.Money;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The card simulator's tables ({@code card_simulator_*}); the simulator decides, this reads and writes. */
@Repository
class CardSimulatorStore {

    private static final int ERROR_MAX = 1000;

    private final JdbcClient jdbc;

    CardSimulatorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- charges ---------------------------------------------------------------------------------

    void addCharge(String reference, PaymentGateway.Authorization request, Instant now) {
        jdbc.sql("""
                INSERT INTO card_simulator_charges (reference, payment_id, amount, currency, application_fee,
                                                    provider_account, description, return_url, status, created_at)
                VALUES (:reference, :payment, :amount, :currency, :fee, :account, :description, :returnUrl, 'open', :now)""")
                .param("reference", reference)
                .param("payment", request.paymentId())
                .param("amount", request.amount().amount())
                .param("currency", request.amount().currency().getCurrencyCode())
                .param("fee", request.applicationFee().amount())
                .param("account", request.providerAccount())
                .param("description", request.description())
                .param("returnUrl", request.returnUrl().toString())
                .param("now", Timestamp.from(now))
                .update();
    }

    Optional<SimulatedCharge> find(String reference) {
        return jdbc.sql("SELECT * FROM card_simulator_charges WHERE reference = :reference")
                .param("reference", reference)
                .query(CardSimulatorStore::charge)
                .optional();
    }

    /** The charge, locked for the caller's transaction: calls on one payment queue up. */
    Optional<SimulatedCharge> lock(String reference) {
        return jdbc.sql("SELECT * FROM card_simulator_charges WHERE reference = :reference FOR UPDATE")
                .param("reference", reference)
                .query(CardSimulatorStore::charge)
                .optional();
    }

    /** The customer's card was refused: the checkout stays open for another card. */
    void refuseCard(String reference, String brand, String last4, String failureCode) {
        jdbc.sql("""
                UPDATE card_simulator_charges
                   SET status = 'open', card_brand = :brand, card_last4 = :last4, failure_code = :code
                 WHERE reference = :reference""")
                .param("reference", reference)
                .param("brand", brand)
                .param("last4", last4)
                .param("code", failureCode)
                .update();
    }

    void startAuthentication(String reference, String brand, String last4) {
        jdbc.sql("""
                UPDATE card_simulator_charges
                   SET status = 'authenticating', card_brand = :brand, card_last4 = :last4, failure_code = NULL
                 WHERE reference = :reference""")
                .param("reference", reference)
                .param("brand", brand)
                .param("last4", last4)
                .update();
    }

    void hold(String reference, String brand, String last4, Instant until) {
        jdbc.sql("""
                UPDATE card_simulator_charges
                   SET status = 'held', card_brand = :brand, card_last4 = :last4, failure_code = NULL,
                       held_until = :until
                 WHERE reference = :reference""")
                .param("reference", reference)
                .param("brand", brand)
                .param("last4", last4)
                .param("until", Timestamp.from(until))
                .update();
    }

    void capture(String reference, long amount) {
        jdbc.sql(
                        "UPDATE card_simulator_charges SET status = 'captured', captured = :amount WHERE reference = :reference")
                .param("reference", reference)
                .param("amount", amount)
                .update();
    }

    void cancel(String reference) {
        jdbc.sql("UPDATE card_simulator_charges SET status = 'cancelled' WHERE reference = :reference")
                .param("reference", reference)
                .update();
    }

    /**
     * Ends up to {@code limit} holds that ran out, and answers them. Rows another node is expiring (or a
     * call is changing) are skipped, not waited for; they are taken at the next run if still due.
     */
    List<SimulatedCharge> expireHolds(Instant now, int limit) {
        return jdbc.sql("""
                UPDATE card_simulator_charges SET status = 'expired'
                 WHERE reference IN (SELECT reference FROM card_simulator_charges
                                      WHERE status = 'held' AND held_until <= :now
                                      ORDER BY held_until
                                      LIMIT :limit
                                        FOR UPDATE SKIP LOCKED)
                RETURNING *""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(CardSimulatorStore::charge)
                .list();
    }

    // --- refunds and payouts ---------------------------------------------------------------------

    void addRefund(String reference, String charge, long amount, Instant now) {
        jdbc.sql("""
                INSERT INTO card_simulator_refunds (reference, charge, amount, created_at)
                VALUES (:reference, :charge, :amount, :now)""")
                .param("reference", reference)
                .param("charge", charge)
                .param("amount", amount)
                .param("now", Timestamp.from(now))
                .update();
        jdbc.sql("UPDATE card_simulator_charges SET refunded = refunded + :amount WHERE reference = :charge")
                .param("charge", charge)
                .param("amount", amount)
                .update();
    }

    void addPayout(String reference, String charge, long amount, @Nullable String providerAccount, Instant now) {
        jdbc.sql("""
                INSERT INTO card_simulator_payouts (reference, charge, amount, provider_account, status, created_at)
                VALUES (:reference, :charge, :amount, :account, 'pending', :now)""")
                .param("reference", reference)
                .param("charge", charge)
                .param("amount", amount)
                .param("account", providerAccount)
                .param("now", Timestamp.from(now))
                .update();
        jdbc.sql("UPDATE card_simulator_charges SET paid_out = paid_out + :amount WHERE reference = :charge")
                .param("charge", charge)
                .param("amount", amount)
                .update();
    }

    /** A payout the simulated bank has paid: the payment it came from and the amount. */
    record PaidPayout(String charge, Money amount) {}

    /** Pays up to {@code limit} pending payouts, skipping those another node is paying. */
    List<PaidPayout> payPendingPayouts(Instant now, int limit) {
        return jdbc.sql("""
                UPDATE card_simulator_payouts p SET status = 'paid', paid_at = :now
                  FROM card_simulator_charges c
                 WHERE c.reference = p.charge
                   AND p.reference IN (SELECT reference FROM card_simulator_payouts
                                        WHERE status = 'pending'
                                        ORDER BY created_at
                                        LIMIT :limit
                                          FOR UPDATE SKIP LOCKED)
                RETURNING p.charge, p.amount, c.currency""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, row) -> new PaidPayout(
                        rs.getString("charge"), Money.of(rs.getLong("amount"), rs.getString("currency"))))
                .list();
    }

    // --- idempotency keys ------------------------------------------------------------------------

    /**
     * Claims the key for the caller's transaction; false if it was used before. A call holding the key
     * in a transaction not yet committed makes this wait for that transaction: then false if it
     * committed, true if it rolled back.
     */
    boolean claimKey(String key, String request, Instant now) {
        return jdbc.sql("""
                INSERT INTO card_simulator_idempotency_keys (key, request, created_at)
                VALUES (:key, :request, :now)
                ON CONFLICT (key) DO NOTHING""")
                        .param("key", key)
                        .param("request", request)
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /** What the first call with a key was and what it answered. */
    record Answer(String request, Outcome outcome) {}

    Answer answerOf(String key) {
        return jdbc.sql("SELECT * FROM card_simulator_idempotency_keys WHERE key = :key")
                .param("key", key)
                .query((rs, row) -> new Answer(rs.getString("request"), outcome(rs)))
                .single();
    }

    void recordAnswer(String key, Outcome outcome) {
        String kind;
        String reference = null;
        String url = null;
        String code = null;
        if (outcome instanceof Succeeded s) {
            kind = "succeeded";
            reference = s.reference();
        } else if (outcome instanceof Pending p) {
            kind = "pending";
            reference = p.reference();
        } else if (outcome instanceof RequiresAction r) {
            kind = "requires_action";
            reference = r.reference();
            url = r.url().toString();
        } else if (outcome instanceof Declined d) {
            kind = "declined";
            code = d.code();
        } else {
            throw new IllegalArgumentException("an unknown outcome is never kept: " + outcome);
        }
        jdbc.sql("""
                UPDATE card_simulator_idempotency_keys
                   SET outcome = :kind, outcome_reference = :reference, outcome_url = :url, outcome_code = :code
                 WHERE key = :key""")
                .param("key", key)
                .param("kind", kind)
                .param("reference", reference)
                .param("url", url)
                .param("code", code)
                .update();
    }

    private static Outcome outcome(ResultSet rs) throws SQLException {
        String kind = rs.getString("outcome");
        String reference = rs.getString("outcome_reference");
        return switch (kind) {
            case "succeeded" -> new Succeeded(reference);
            case "pending" -> new Pending(reference);
            case "requires_action" -> new RequiresAction(reference, URI.create(rs.getString("outcome_url")));
            case "declined" -> new Declined(rs.getString("outcome_code"));
            default -> throw new IllegalStateException("idempotency key without an answer: " + kind);
        };
    }

    // --- webhook events --------------------------------------------------------------------------

    void addEvent(WebhookEvent event) {
        Money amount = event.amount();
        jdbc.sql("""
                INSERT INTO card_simulator_events (id, kind, reference, amount, currency, failure_code, created_at,
                                                   next_attempt_at)
                VALUES (:id, :kind, :reference, :amount, :currency, :code, :at, :at)""")
                .param("id", UUID.fromString(event.id()))
                .param("kind", event.kind().name())
                .param("reference", event.reference())
                .param("amount", amount == null ? null : amount.amount())
                .param("currency", amount == null ? null : amount.currency().getCurrencyCode())
                .param("code", event.failureCode())
                .param("at", Timestamp.from(event.createdAt()))
                .update();
    }

    /** An event waiting to be delivered, and how often that was tried. */
    record PendingEvent(WebhookEvent event, int attempts) {}

    /** Locks the oldest due event for the caller's transaction, skipping those another node holds. */
    Optional<PendingEvent> lockNextDueEvent(Instant now) {
        return jdbc.sql("""
                SELECT * FROM card_simulator_events
                 WHERE delivered_at IS NULL AND next_attempt_at <= :now
                 ORDER BY next_attempt_at
                 LIMIT 1
                   FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamp.from(now))
                .query(CardSimulatorStore::pendingEvent)
                .optional();
    }

    /** Like {@link #lockNextDueEvent}, for one event: empty if it is not due or another node holds it. */
    Optional<PendingEvent> lockEventIfDue(UUID id, Instant now) {
        return jdbc.sql("""
                SELECT * FROM card_simulator_events
                 WHERE id = :id AND delivered_at IS NULL AND next_attempt_at <= :now
                   FOR UPDATE SKIP LOCKED""")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .query(CardSimulatorStore::pendingEvent)
                .optional();
    }

    void recordAttempt(UUID id, Instant nextAttemptAt) {
        jdbc.sql("UPDATE card_simulator_events SET attempts = attempts + 1, next_attempt_at = :next WHERE id = :id")
                .param("id", id)
                .param("next", Timestamp.from(nextAttemptAt))
                .update();
    }

    void markDelivered(UUID id, Instant now) {
        jdbc.sql("""
                UPDATE card_simulator_events SET delivered_at = :now, next_attempt_at = NULL, last_error = NULL
                 WHERE id = :id""").param("id", id).param("now", Timestamp.from(now)).update();
    }

    /** Why an attempt failed; the next attempt stays when the claim put it. */
    void recordFailure(UUID id, String error) {
        jdbc.sql("UPDATE card_simulator_events SET last_error = :error WHERE id = :id")
                .param("id", id)
                .param("error", error.length() > ERROR_MAX ? error.substring(0, ERROR_MAX) : error)
                .update();
    }

    // --- rows ------------------------------------------------------------------------------------

    private static SimulatedCharge charge(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency");
        return new SimulatedCharge(
                rs.getString("reference"),
                Money.of(rs.getLong("amount"), currency),
                rs.getString("description"),
                URI.create(rs.getString("return_url")),
                Status.fromDb(rs.getString("status")),
                rs.getString("card_brand"),
                rs.getString("card_last4"),
                rs.getString("failure_code"),
                instant(rs, "held_until"),
                rs.getLong("captured"),
                rs.getLong("refunded"),
                rs.getLong("paid_out"));
    }

    private static PendingEvent pendingEvent(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency");
        Money amount = currency == null ? null : Money.of(rs.getLong("amount"), currency);
        return new PendingEvent(
                new WebhookEvent(
                        rs.getObject("id", UUID.class).toString(),
                        WebhookEvent.Kind.valueOf(rs.getString("kind")),
                        rs.getString("reference"),
                        amount,
                        rs.getString("failure_code"),
                        rs.getTimestamp("created_at").toInstant()),
                rs.getInt("attempts"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
