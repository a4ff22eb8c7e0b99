package dev.souk.payments;

import dev.souk.shared.Money;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * All SQL of the payments tables but the ledger's ({@link Ledger}): the marketplace's gateway,
 * payments, their operations, webhooks seen and payout settings. The facade and its collaborators
 * decide, this reads and writes. One class, above the usual size, because a payment's row and its
 * operations are locked and changed together (payment first, then operation), an order that holds
 * only while every statement on them is in one place.
 */
@Repository
class PaymentStore {

    private static final String PAYMENT_COLUMNS = """
            id, reference, gateway, customer_id, provider_id, description, currency, amount, fee, state,
            authorized, captured, refunded, paid_out, fees_taken, next_action_url, failure_code,
            hold_expires_at, received_at, created_at, gateway_reference
            """;

    /** A payment with the figures the facade decides on. */
    record Row(PaymentView view, long feesTaken, @Nullable String gatewayReference) {
        UUID id() {
            return view.id();
        }

        PaymentState state() {
            return view.state();
        }

        Currency currency() {
            return view.amount().currency();
        }

        Money money(long amount) {
            return new Money(amount, currency());
        }

        Row state(PaymentState state) {
            return copy(
                    state,
                    view.authorized().amount(),
                    view.captured().amount(),
                    view.refunded().amount(),
                    view.paidOut().amount(),
                    feesTaken,
                    view.nextActionUrl(),
                    view.failureCode(),
                    view.holdExpiresAt(),
                    view.receivedAt());
        }

        Row authorized(long amount) {
            return copy(
                    view.state(),
                    amount,
                    view.captured().amount(),
                    view.refunded().amount(),
                    view.paidOut().amount(),
                    feesTaken,
                    view.nextActionUrl(),
                    view.failureCode(),
                    view.holdExpiresAt(),
                    view.receivedAt());
        }

        Row captured(long amount) {
            return copy(
                    view.state(),
                    view.authorized().amount(),
                    amount,
                    view.refunded().amount(),
                    view.paidOut().amount(),
                    feesTaken,
                    view.nextActionUrl(),
                    view.failureCode(),
                    view.holdExpiresAt(),
                    view.receivedAt());
        }

        Row refunded(long amount) {
            return copy(
                    view.state(),
                    view.authorized().amount(),
                    view.captured().amount(),
                    amount,
                    view.paidOut().amount(),
                    feesTaken,
                    view.nextActionUrl(),
                    view.failureCode(),
                    view.holdExpiresAt(),
                    view.receivedAt());
        }

        Row paidOut(long amount) {
            return copy(
                    view.state(),
                    view.authorized().amount(),
                    view.captured().amount(),
                    view.refunded().amount(),
                    amount,
                    feesTaken,
                    view.nextActionUrl(),
                    view.failureCode(),
                    view.holdExpiresAt(),
                    view.receivedAt());
        }

        Row withFeesTaken(long amount) {
            return copy(
                    view.state(),
                    view.authorized().amount(),
                    view.captured().amount(),
                    view.refunded().amount(),
                    view.paidOut().amount(),
                    amount,
                    view.nextActionUrl(),
                    view.failureCode(),
                    view.holdExpiresAt(),
                    view.receivedAt());
        }

        Row nextAction(@Nullable URI url) {
            return copy(
                    view.state(),
                    view.authorized().amount(),
                    view.captured().amount(),
                    view.refunded().amount(),
                    view.paidOut().amount(),
                    feesTaken,
                    url,
                    view.failureCode(),
                    view.holdExpiresAt(),
                    view.receivedAt());
        }

        Row failure(@Nullable String code) {
            return copy(
                    view.state(),
                    view.authorized().amount(),
                    view.captured().amount(),
                    view.refunded().amount(),
                    view.paidOut().amount(),
                    feesTaken,
                    view.nextActionUrl(),
                    code,
                    view.holdExpiresAt(),
                    view.receivedAt());
        }

        Row holdUntil(@Nullable Instant at) {
            return copy(
                    view.state(),
                    view.authorized().amount(),
                    view.captured().amount(),
                    view.refunded().amount(),
                    view.paidOut().amount(),
                    feesTaken,
                    view.nextActionUrl(),
                    view.failureCode(),
                    at,
                    view.receivedAt());
        }

        Row receivedAt(@Nullable Instant at) {
            return copy(
                    view.state(),
                    view.authorized().amount(),
                    view.captured().amount(),
                    view.refunded().amount(),
                    view.paidOut().amount(),
                    feesTaken,
                    view.nextActionUrl(),
                    view.failureCode(),
                    view.holdExpiresAt(),
                    at);
        }

        private Row copy(
                PaymentState state,
                long authorized,
                long captured,
                long refunded,
                long paidOut,
                long fees,
                @Nullable URI next,
                @Nullable String failure,
                @Nullable Instant hold,
                @Nullable Instant received) {
            PaymentView v = view;
            return new Row(
                    new PaymentView(
                            v.id(),
                            v.reference(),
                            v.gateway(),
                            v.customerId(),
                            v.providerId(),
                            v.description(),
                            v.amount(),
                            v.fee(),
                            state,
                            money(authorized),
                            money(captured),
                            money(refunded),
                            money(paidOut),
                            next,
                            failure,
                            hold,
                            received,
                            v.createdAt()),
                    fees,
                    gatewayReference);
        }

        /** Captured and still with the marketplace: neither refunded, paid out nor taken as fees. */
        long held() {
            return view.captured().amount()
                    - view.refunded().amount()
                    - view.paidOut().amount()
                    - feesTaken;
        }
    }

    enum OperationKind {
        AUTHORIZE,
        CAPTURE,
        CANCEL,
        REFUND,
        PAYOUT;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum OperationState {
        /** Recorded before the gateway call; its outcome is unknown until recorded. */
        STARTED,
        /** The gateway took it; a webhook tells the result. */
        ACCEPTED,
        SUCCEEDED,
        FAILED;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Operation(
            UUID id,
            UUID paymentId,
            OperationKind kind,
            long amount,
            String idempotencyKey,
            OperationState state,
            @Nullable String gatewayReference,
            int attempts) {}

    private final JdbcClient jdbc;

    PaymentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- settings --------------------------------------------------------------------------------

    Gateway gateway() {
        return jdbc.sql("SELECT gateway FROM payment_settings")
                .query((rs, i) -> Gateway.byKey(rs.getString(1)).orElseThrow())
                .single();
    }

    void saveGateway(Gateway gateway, Instant at) {
        jdbc.sql("UPDATE payment_settings SET gateway = :gateway, updated_at = :at")
                .param("gateway", gateway.key())
                .param("at", Timestamp.from(at))
                .update();
    }

    // --- payments --------------------------------------------------------------------------------

    void insert(PaymentView p, java.net.URI returnUrl, Instant at) {
        jdbc.sql("""
                INSERT INTO payments (id, reference, gateway, customer_id, provider_id, description, currency,
                                      amount, fee, state, return_url, created_at, updated_at)
                VALUES (:id, :reference, :gateway, :customer, :provider, :description, :currency,
                        :amount, :fee, :state, :returnUrl, :at, :at)
                """)
                .param("returnUrl", returnUrl.toString())
                .param("id", p.id())
                .param("reference", p.reference())
                .param("gateway", p.gateway().key())
                .param("customer", p.customerId())
                .param("provider", p.providerId())
                .param("description", p.description())
                .param("currency", p.amount().currency().getCurrencyCode())
                .param("amount", p.amount().amount())
                .param("fee", p.fee().amount())
                .param("state", p.state().key())
                .param("at", Timestamp.from(at))
                .update();
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM payments WHERE id = :id")
                .param("id", id)
                .query(PaymentStore::row)
                .optional();
    }

    /** The payment, locked until the transaction ends: its changes queue up behind each other. */
    Optional<Row> lock(UUID id) {
        return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM payments WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(PaymentStore::row)
                .optional();
    }

    Optional<UUID> idByGatewayReference(Gateway gateway, String reference) {
        return jdbc.sql("SELECT id FROM payments WHERE gateway = :gateway AND gateway_reference = :reference")
                .param("gateway", gateway.key())
                .param("reference", reference)
                .query(UUID.class)
                .optional();
    }

    List<Row> ofCustomer(UUID customerId, @Nullable Instant before, @Nullable UUID beforeId, int limit) {
        return page("customer_id", customerId, before, beforeId, limit);
    }

    List<Row> ofProvider(UUID providerId, @Nullable Instant before, @Nullable UUID beforeId, int limit) {
        return page("provider_id", providerId, before, beforeId, limit);
    }

    private List<Row> page(String column, UUID memberId, @Nullable Instant before, @Nullable UUID beforeId, int limit) {
        return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM payments WHERE " + column + " = :member"
                        + (before == null ? "" : " AND (created_at, id) < (:before, :beforeId)")
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("member", memberId)
                .param("before", before == null ? null : Timestamp.from(before))
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query(PaymentStore::row)
                .list();
    }

    /** Where the payment's customer comes back to from the gateway's checkout. */
    java.net.URI returnUrl(UUID id) {
        return jdbc.sql("SELECT return_url FROM payments WHERE id = :id")
                .param("id", id)
                .query((rs, i) -> java.net.URI.create(rs.getString(1)))
                .single();
    }

    /** A payment's reference at the gateway, once the gateway named it. */
    void setGatewayReference(UUID id, String reference) {
        jdbc.sql("UPDATE payments SET gateway_reference = :reference WHERE id = :id AND gateway_reference IS NULL")
                .param("id", id)
                .param("reference", reference)
                .update();
    }

    /** Writes the payment's state and figures as the facade decided them. */
    void update(Row row, Instant at) {
        PaymentView p = row.view();
        jdbc.sql("""
                UPDATE payments
                   SET state = :state, authorized = :authorized, captured = :captured, refunded = :refunded,
                       paid_out = :paidOut, fees_taken = :feesTaken, next_action_url = :nextAction,
                       failure_code = :failure, hold_expires_at = :holdExpires, received_at = :received,
                       updated_at = :at
                 WHERE id = :id
                """)
                .param("id", p.id())
                .param("state", p.state().key())
                .param("authorized", p.authorized().amount())
                .param("captured", p.captured().amount())
                .param("refunded", p.refunded().amount())
                .param("paidOut", p.paidOut().amount())
                .param("feesTaken", row.feesTaken())
                .param(
                        "nextAction",
                        p.nextActionUrl() == null ? null : p.nextActionUrl().toString())
                .param("failure", p.failureCode())
                .param("holdExpires", p.holdExpiresAt() == null ? null : Timestamp.from(p.holdExpiresAt()))
                .param("received", p.receivedAt() == null ? null : Timestamp.from(p.receivedAt()))
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Authorized payments whose hold ran out before {@code now}. */
    List<UUID> expiredHolds(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM payments
                 WHERE state = 'authorized' AND hold_expires_at < :now
                 ORDER BY hold_expires_at LIMIT :limit
                """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    // --- operations ------------------------------------------------------------------------------

    /**
     * Records an operation before its gateway call; false if its idempotency key is already known.
     * Recovery leaves it alone until {@code retryAt}, so that it doesn't call the gateway beside the
     * call under way.
     */
    boolean insertOperation(Operation op, Instant at, Instant retryAt) {
        return jdbc.sql("""
                INSERT INTO payment_operations (id, payment_id, kind, amount, idempotency_key, state,
                                                next_attempt_at, created_at)
                VALUES (:id, :payment, :kind, :amount, :key, 'started', :retryAt, :at)
                ON CONFLICT (idempotency_key) DO NOTHING
                """)
                        .param("id", op.id())
                        .param("payment", op.paymentId())
                        .param("kind", op.kind().key())
                        .param("amount", op.amount())
                        .param("key", op.idempotencyKey())
                        .param("at", Timestamp.from(at))
                        .param("retryAt", Timestamp.from(retryAt))
                        .update()
                == 1;
    }

    Optional<Operation> operationByKey(String idempotencyKey) {
        return jdbc.sql("SELECT * FROM payment_operations WHERE idempotency_key = :key")
                .param("key", idempotencyKey)
                .query(PaymentStore::operation)
                .optional();
    }

    /** The payment an operation belongs to. */
    Optional<UUID> paymentOfOperation(UUID id) {
        return jdbc.sql("SELECT payment_id FROM payment_operations WHERE id = :id")
                .param("id", id)
                .query(UUID.class)
                .optional();
    }

    /** The operation, locked: only one outcome (answer or webhook) is applied to it. */
    Optional<Operation> lockOperation(UUID id) {
        return jdbc.sql("SELECT * FROM payment_operations WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(PaymentStore::operation)
                .optional();
    }

    /** The payment's open operations of this kind (started or accepted), oldest first; a few at most. */
    List<Operation> openOperations(UUID paymentId, OperationKind kind) {
        return jdbc.sql("""
                SELECT * FROM payment_operations
                 WHERE payment_id = :payment AND kind = :kind AND state IN ('started', 'accepted')
                 ORDER BY created_at
                """)
                .param("payment", paymentId)
                .param("kind", kind.key())
                .query(PaymentStore::operation)
                .list();
    }

    Optional<UUID> paymentOfOperationReference(String reference) {
        return jdbc.sql("SELECT payment_id FROM payment_operations WHERE gateway_reference = :reference LIMIT 1")
                .param("reference", reference)
                .query(UUID.class)
                .optional();
    }

    void finishOperation(
            UUID id, OperationState state, @Nullable String gatewayReference, @Nullable String failure, Instant at) {
        jdbc.sql("""
                UPDATE payment_operations
                   SET state = :state, gateway_reference = coalesce(:reference, gateway_reference),
                       failure_code = :failure,
                       finished_at = CASE WHEN :state IN ('succeeded', 'failed') THEN :at::timestamptz END
                 WHERE id = :id
                """)
                .param("id", id)
                .param("state", state.key())
                .param("reference", gatewayReference)
                .param("failure", failure)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Counts a retry of a started operation and puts the next one off. */
    void retryLater(UUID id, Instant next) {
        jdbc.sql("""
                UPDATE payment_operations SET attempts = attempts + 1, next_attempt_at = :next
                 WHERE id = :id AND state = 'started'
                """).param("id", id).param("next", Timestamp.from(next)).update();
    }

    /** The amount of the payment's open operations of this kind: refunds asked for, not yet answered. */
    long openAmount(UUID paymentId, OperationKind kind) {
        return jdbc.sql("""
                SELECT coalesce(sum(amount), 0) FROM payment_operations
                 WHERE payment_id = :payment AND kind = :kind AND state IN ('started', 'accepted')
                """)
                .param("payment", paymentId)
                .param("kind", kind.key())
                .query(Long.class)
                .single();
    }

    /** What was paid out to the provider, per currency. */
    List<Money> paidOut(UUID providerId) {
        return jdbc.sql("""
                SELECT currency, sum(paid_out) AS paid FROM payments
                 WHERE provider_id = :provider AND paid_out > 0
                 GROUP BY currency ORDER BY currency
                """)
                .param("provider", providerId)
                .query((rs, i) -> new Money(rs.getLong("paid"), Currency.getInstance(rs.getString("currency"))))
                .list();
    }

    /** The gateway's started operations older than {@code before} are no longer repeated: failed, unanswered. */
    int giveUp(Gateway gateway, Instant before, Instant at) {
        return jdbc.sql("""
                UPDATE payment_operations o
                   SET state = 'failed', failure_code = 'unanswered', finished_at = :at
                  FROM payments p
                 WHERE p.id = o.payment_id AND p.gateway = :gateway
                   AND o.state = 'started' AND o.created_at < :before
                """)
                .param("gateway", gateway.key())
                .param("before", Timestamp.from(before))
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Operations that failed unanswered: the gateway may or may not have done them. */
    List<Operation> unanswered(int limit) {
        return jdbc.sql("""
                SELECT * FROM payment_operations WHERE state = 'failed' AND failure_code = 'unanswered'
                 ORDER BY created_at DESC LIMIT :limit
                """)
                .param("limit", limit)
                .query(PaymentStore::operation)
                .list();
    }

    /** Started operations whose outcome is overdue, claimed so another node skips them meanwhile. */
    List<Operation> claimDue(Instant now, Instant claimUntil, int limit) {
        return jdbc.sql("""
                UPDATE payment_operations o SET next_attempt_at = :until
                 WHERE o.id IN (SELECT id FROM payment_operations
                                 WHERE state = 'started' AND next_attempt_at <= :now
                                 ORDER BY next_attempt_at LIMIT :limit
                                 FOR UPDATE SKIP LOCKED)
                RETURNING o.*
                """)
                .param("now", Timestamp.from(now))
                .param("until", Timestamp.from(claimUntil))
                .param("limit", limit)
                .query(PaymentStore::operation)
                .list();
    }

    List<Operation> operations(UUID paymentId) {
        return jdbc.sql("SELECT * FROM payment_operations WHERE payment_id = :payment ORDER BY created_at")
                .param("payment", paymentId)
                .query(PaymentStore::operation)
                .list();
    }

    // --- webhooks --------------------------------------------------------------------------------

    /** Remembers a webhook's event; false if it was seen before (a replay). */
    boolean firstSeen(Gateway gateway, String eventId, String kind, Instant at) {
        return jdbc.sql("""
                INSERT INTO payment_webhook_events (gateway, event_id, kind, received_at)
                VALUES (:gateway, :event, :kind, :at)
                ON CONFLICT DO NOTHING
                """)
                        .param("gateway", gateway.key())
                        .param("event", eventId)
                        .param("kind", kind)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    // --- payout settings -------------------------------------------------------------------------

    Optional<PayoutSettings> payoutSettings(UUID memberId) {
        return jdbc.sql("SELECT * FROM payout_settings WHERE member_id = :member")
                .param("member", memberId)
                .query((rs, i) -> new PayoutSettings(
                        PayoutSettings.Method.valueOf(rs.getString("method").toUpperCase(Locale.ROOT)),
                        rs.getString("instructions"),
                        rs.getString("stripe_account"),
                        rs.getBoolean("stripe_details_submitted"),
                        rs.getBoolean("stripe_payouts_enabled")))
                .optional();
    }

    /** The method and instructions; the Stripe columns are only written for a member who had no settings yet. */
    void savePayoutSettings(UUID memberId, PayoutSettings settings, Instant at) {
        jdbc.sql("""
                INSERT INTO payout_settings (member_id, method, instructions, stripe_account,
                                             stripe_details_submitted, stripe_payouts_enabled, updated_at)
                VALUES (:member, :method, :instructions, :account, :submitted, :enabled, :at)
                ON CONFLICT (member_id) DO UPDATE
                   SET method = excluded.method, instructions = excluded.instructions,
                       updated_at = excluded.updated_at
                """)
                .param("member", memberId)
                .param("method", settings.method().key())
                .param("instructions", settings.instructions())
                .param("account", settings.stripeAccount())
                .param("submitted", settings.detailsSubmitted())
                .param("enabled", settings.payoutsEnabled())
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Holds the member's money changes back until this transaction ends. */
    void lockMember(UUID memberId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('payments:' || :member, 0))")
                .param("member", memberId.toString())
                .query((rs, i) -> 1)
                .list();
    }

    void forgetPayoutSettings(UUID memberId) {
        jdbc.sql("DELETE FROM payout_settings WHERE member_id = :member")
                .param("member", memberId)
                .update();
    }

    /**
     * Keeps the member's Stripe account, unless they have one already; answers the one they have.
     * The Stripe columns are written only here and by {@link #updateAccountStatus}, so saving the
     * instructions meanwhile never loses an account.
     */
    String setStripeAccount(UUID memberId, String account, Instant at) {
        return jdbc.sql("""
                INSERT INTO payout_settings (member_id, method, instructions, stripe_account, updated_at)
                VALUES (:member, 'direct', '', :account, :at)
                ON CONFLICT (member_id) DO UPDATE
                   SET stripe_account = coalesce(payout_settings.stripe_account, excluded.stripe_account),
                       updated_at = excluded.updated_at
                RETURNING stripe_account
                """)
                .param("member", memberId)
                .param("account", account)
                .param("at", Timestamp.from(at))
                .query(String.class)
                .single();
    }

    /** Marks a connected account's status as the gateway reported it. */
    int updateAccountStatus(String account, boolean detailsSubmitted, boolean payoutsEnabled, Instant at) {
        return jdbc.sql("""
                UPDATE payout_settings
                   SET stripe_details_submitted = :submitted, stripe_payouts_enabled = :enabled, updated_at = :at
                 WHERE stripe_account = :account
                """)
                .param("account", account)
                .param("submitted", detailsSubmitted)
                .param("enabled", payoutsEnabled)
                .param("at", Timestamp.from(at))
                .update();
    }

    // --- mapping ---------------------------------------------------------------------------------

    private static Row row(ResultSet rs, int i) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        String nextAction = rs.getString("next_action_url");
        var view = new PaymentView(
                rs.getObject("id", UUID.class),
                rs.getObject("reference", UUID.class),
                Gateway.byKey(rs.getString("gateway")).orElseThrow(),
                rs.getObject("customer_id", UUID.class),
                rs.getObject("provider_id", UUID.class),
                rs.getString("description"),
                new Money(rs.getLong("amount"), currency),
                new Money(rs.getLong("fee"), currency),
                PaymentState.of(rs.getString("state")),
                new Money(rs.getLong("authorized"), currency),
                new Money(rs.getLong("captured"), currency),
                new Money(rs.getLong("refunded"), currency),
                new Money(rs.getLong("paid_out"), currency),
                nextAction == null ? null : URI.create(nextAction),
                rs.getString("failure_code"),
                instant(rs, "hold_expires_at"),
                instant(rs, "received_at"),
                instant(rs, "created_at"));
        return new Row(view, rs.getLong("fees_taken"), rs.getString("gateway_reference"));
    }

    private static Operation operation(ResultSet rs, int i) throws SQLException {
        return new Operation(
                rs.getObject("id", UUID.class),
                rs.getObject("payment_id", UUID.class),
                OperationKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                rs.getLong("amount"),
                rs.getString("idempotency_key"),
                OperationState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getString("gateway_reference"),
                rs.getInt("attempts"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
