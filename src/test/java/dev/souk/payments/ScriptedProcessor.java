package dev.souk.payments;

import dev.souk.shared.Money;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A card processor the tests script, serving as the card gateway. It keeps books of its own, in
 * tables of its own and each call in its own transaction, so they outlive the app's process: per
 * payment what it authorized, captured, refunded and paid out. Like a real processor it answers a
 * repeated idempotency key with its first answer and no second effect, and tells what happened by
 * signed webhook events, which the tests deliver when they like (late, out of order, twice).
 *
 * <p>The tests make it fail: {@link Fault#UNAVAILABLE} answers the next call with nothing done,
 * {@link Fault#ANSWER_LOST} does what the call asks and then loses the answer, as a timeout or a
 * crash does. {@code hangAfter} makes it stop dead after doing a call of those kinds, until its
 * process is killed.
 *
 * <p>It is ordered first among the adapters, so it serves the card gateway even beside the built-in
 * card simulator: the facade keeps the first adapter of each gateway.
 */
class ScriptedProcessor implements PaymentGateway, Ordered {

    static final String SIGNATURE = "x-scripted-signature";
    static final String CHECKOUT = "https://processor.invalid/checkout/";

    /** What a new payment meets at checkout. */
    enum Checkout {
        /** The customer is sent to the checkout; they complete it or are declined there later. */
        CUSTOMER_ACTS,
        /** Authorized at once, no checkout needed. */
        FRICTIONLESS,
        DECLINED
    }

    enum Fault {
        UNAVAILABLE,
        ANSWER_LOST
    }

    enum PayoutMode {
        INSTANT,
        /** Accepted; it lands (or bounces) later, as the tests say, and a webhook tells. */
        LATER
    }

    /** One charge as the processor's books have it. */
    record Charge(
            String reference,
            UUID paymentId,
            Currency currency,
            long amount,
            String state,
            long captured,
            long refunded,
            long paidOut,
            long payoutsUnderWay,
            int captures) {}

    record Event(
            long id,
            UUID paymentId,
            WebhookEvent.Kind kind,
            String reference,
            Currency currency,
            @Nullable Long amount,
            @Nullable String code,
            Instant createdAt) {}

    record Delivery(Map<String, String> headers, byte[] body) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final byte[] secret;
    private final Set<String> hangAfter;
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lostAnswers = new AtomicInteger();
    private volatile Checkout checkout = Checkout.FRICTIONLESS;
    private volatile PayoutMode payouts = PayoutMode.INSTANT;

    ScriptedProcessor(DataSource dataSource, Clock clock, String secret, Set<String> hangAfter) {
        this.jdbc = JdbcClient.create(dataSource);
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // the processor is another company: its books never join the app's transactions
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.hangAfter = Set.copyOf(hangAfter);
        jdbc.sql("""
                CREATE TABLE IF NOT EXISTS scripted_charges (
                    reference  text        PRIMARY KEY,
                    payment_id uuid        NOT NULL UNIQUE,
                    currency   char(3)     NOT NULL,
                    amount     bigint      NOT NULL,
                    state      text        NOT NULL,
                    hold_until timestamptz,
                    captured   bigint      NOT NULL DEFAULT 0,
                    refunded   bigint      NOT NULL DEFAULT 0,
                    paid_out   bigint      NOT NULL DEFAULT 0,
                    payouts_under_way bigint NOT NULL DEFAULT 0,
                    captures   int         NOT NULL DEFAULT 0);
                CREATE TABLE IF NOT EXISTS scripted_calls (
                    idempotency_key  text   PRIMARY KEY,
                    kind             text   NOT NULL,
                    answer           text   NOT NULL,
                    answer_reference text,
                    answer_detail    text,
                    calls            int    NOT NULL DEFAULT 1);
                CREATE TABLE IF NOT EXISTS scripted_payouts (
                    reference text   PRIMARY KEY,
                    charge    text   NOT NULL,
                    amount    bigint NOT NULL,
                    state     text   NOT NULL);
                CREATE TABLE IF NOT EXISTS scripted_events (
                    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    kind         text   NOT NULL,
                    reference    text   NOT NULL,
                    payment_id   uuid   NOT NULL,
                    amount       bigint,
                    currency     char(3) NOT NULL,
                    failure_code text,
                    created_at   timestamptz NOT NULL,
                    deliveries   int    NOT NULL DEFAULT 0);
                """).update();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    // --- what the tests script -------------------------------------------------------------------

    void checkout(Checkout mode) {
        this.checkout = mode;
    }

    void payouts(PayoutMode mode) {
        this.payouts = mode;
    }

    /** The next call (of any kind) meets this fault. */
    void failNext(Fault fault) {
        faults.add(fault);
    }

    void clearFaults() {
        faults.clear();
    }

    // --- the port --------------------------------------------------------------------------------

    @Override
    public Gateway gateway() {
        return Gateway.CARD_SIMULATOR;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public Outcome authorize(Authorization request) {
        Checkout mode = checkout;
        return call("authorize", request.idempotencyKey(), () -> {
            String reference = "ch_" + UUID.randomUUID().toString().replace("-", "");
            String state = switch (mode) {
                case CUSTOMER_ACTS -> "checkout";
                case FRICTIONLESS -> "authorized";
                case DECLINED -> "declined";
            };
            jdbc.sql("""
                    INSERT INTO scripted_charges (reference, payment_id, currency, amount, state, hold_until)
                    VALUES (:reference, :payment, :currency, :amount, :state, :holdUntil)
                    """)
                    .param("reference", reference)
                    .param("payment", request.paymentId())
                    .param("currency", request.amount().currency().getCurrencyCode())
                    .param("amount", request.amount().amount())
                    .param("state", state)
                    .param("holdUntil", mode == Checkout.FRICTIONLESS ? Timestamp.from(holdUntil()) : null)
                    .update();
            return switch (mode) {
                case CUSTOMER_ACTS -> new RequiresAction(reference, URI.create(CHECKOUT + reference));
                case FRICTIONLESS -> {
                    event(
                            WebhookEvent.Kind.AUTHORIZED,
                            reference,
                            request.paymentId(),
                            request.amount().currency(),
                            request.amount().amount(),
                            null);
                    yield new Succeeded(reference);
                }
                case DECLINED -> new Declined("card_declined");
            };
        });
    }

    @Override
    public Outcome capture(String reference, Money amount, String idempotencyKey) {
        return call("capture", idempotencyKey, () -> {
            Optional<Charge> found = lockCharge(reference);
            if (found.isEmpty()) {
                return new Declined("no_such_payment");
            }
            Charge charge = found.get();
            if (!charge.state().equals("authorized")) {
                return new Declined("not_capturable");
            }
            if (!amount.currency().equals(charge.currency()) || amount.amount() > charge.amount()) {
                return new Declined("amount_too_large");
            }
            jdbc.sql("""
                    UPDATE scripted_charges SET state = 'captured', captured = :amount, captures = captures + 1,
                                                hold_until = NULL
                     WHERE reference = :reference
                    """)
                    .param("reference", charge.reference())
                    .param("amount", amount.amount())
                    .update();
            event(
                    WebhookEvent.Kind.CAPTURED,
                    charge.reference(),
                    charge.paymentId(),
                    charge.currency(),
                    amount.amount(),
                    null);
            return new Succeeded(charge.reference());
        });
    }

    @Override
    public Outcome cancel(String reference, String idempotencyKey) {
        return call("cancel", idempotencyKey, () -> {
            Optional<Charge> found = lockCharge(reference);
            if (found.isEmpty()) {
                return new Declined("no_such_payment");
            }
            Charge charge = found.get();
            if (!charge.state().equals("checkout") && !charge.state().equals("authorized")) {
                return new Declined("not_cancellable");
            }
            jdbc.sql("UPDATE scripted_charges SET state = 'cancelled', hold_until = NULL WHERE reference = :reference")
                    .param("reference", charge.reference())
                    .update();
            event(WebhookEvent.Kind.CANCELLED, charge.reference(), charge.paymentId(), charge.currency(), null, null);
            return new Succeeded(charge.reference());
        });
    }

    @Override
    public Outcome refund(String reference, Money amount, String idempotencyKey) {
        return call("refund", idempotencyKey, () -> {
            Optional<Charge> found = lockCharge(reference);
            if (found.isEmpty()) {
                return new Declined("no_such_payment");
            }
            Charge charge = found.get();
            if (!charge.state().equals("captured")) {
                return new Declined("not_captured");
            }
            if (amount.amount() <= 0 || amount.amount() > available(charge)) {
                return new Declined("amount_too_large");
            }
            jdbc.sql("UPDATE scripted_charges SET refunded = refunded + :amount WHERE reference = :reference")
                    .param("reference", charge.reference())
                    .param("amount", amount.amount())
                    .update();
            String refund = "re_" + UUID.randomUUID().toString().replace("-", "");
            event(WebhookEvent.Kind.REFUNDED, refund, charge.paymentId(), charge.currency(), amount.amount(), null);
            return new Succeeded(refund);
        });
    }

    @Override
    public Outcome payout(Payout request) {
        PayoutMode mode = payouts;
        return call("payout", request.idempotencyKey(), () -> {
            Optional<Charge> found = lockCharge(request.reference());
            if (found.isEmpty()) {
                return new Declined("no_such_payment");
            }
            Charge charge = found.get();
            if (!charge.state().equals("captured")) {
                return new Declined("not_captured");
            }
            if (request.amount().amount() <= 0 || request.amount().amount() > available(charge)) {
                return new Declined("amount_too_large");
            }
            String payout = "po_" + UUID.randomUUID().toString().replace("-", "");
            jdbc.sql("INSERT INTO scripted_payouts (reference, charge, amount, state) VALUES (:p, :c, :a, :s)")
                    .param("p", payout)
                    .param("c", charge.reference())
                    .param("a", request.amount().amount())
                    .param("s", "under_way")
                    .update();
            jdbc.sql("""
                    UPDATE scripted_charges SET payouts_under_way = payouts_under_way + :amount
                     WHERE reference = :reference
                    """)
                    .param("reference", charge.reference())
                    .param("amount", request.amount().amount())
                    .update();
            if (mode == PayoutMode.LATER) {
                return new Pending(payout);
            }
            land(payout, true);
            return new Succeeded(payout);
        });
    }

    @Override
    public WebhookEvent verify(Map<String, String> headers, byte[] body) {
        String signature = headers.get(SIGNATURE);
        if (signature == null
                || !MessageDigest.isEqual(
                        signature.getBytes(StandardCharsets.US_ASCII),
                        sign(body).getBytes(StandardCharsets.US_ASCII))) {
            throw new BadSignature("not signed by the scripted processor");
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        String amount = fields.getOrDefault("amount", "");
        String currency = fields.getOrDefault("currency", "");
        String code = fields.getOrDefault("code", "");
        return new WebhookEvent(
                fields.get("id"),
                WebhookEvent.Kind.valueOf(fields.get("kind")),
                fields.get("reference"),
                amount.isEmpty() ? null : new Money(Long.parseLong(amount), Currency.getInstance(currency)),
                code.isEmpty() ? null : code,
                Instant.parse(fields.get("created")));
    }

    // --- what happens at the processor without the marketplace asking ----------------------------

    /** The customer finishes the checkout: the hold is placed. */
    boolean completeCheckout(String reference) {
        return inOwnTransaction(() -> {
            Optional<Charge> charge = lockCharge(reference);
            if (charge.isEmpty() || !charge.get().state().equals("checkout")) {
                return false;
            }
            jdbc.sql("UPDATE scripted_charges SET state = 'authorized', hold_until = :until WHERE reference = :r")
                    .param("r", reference)
                    .param("until", Timestamp.from(holdUntil()))
                    .update();
            event(
                    WebhookEvent.Kind.AUTHORIZED,
                    reference,
                    charge.get().paymentId(),
                    charge.get().currency(),
                    charge.get().amount(),
                    null);
            return true;
        });
    }

    /** The customer's card is declined at the checkout; they may try another one. */
    boolean declineAtCheckout(String reference) {
        return inOwnTransaction(() -> {
            Optional<Charge> charge = lockCharge(reference);
            if (charge.isEmpty() || !charge.get().state().equals("checkout")) {
                return false;
            }
            event(
                    WebhookEvent.Kind.AUTHORIZATION_FAILED,
                    reference,
                    charge.get().paymentId(),
                    charge.get().currency(),
                    null,
                    "card_declined");
            return true;
        });
    }

    /** Releases every hold whose time ran out, telling the marketplace. */
    void expireHolds() {
        inOwnTransaction(() -> {
            expire(null);
            return null;
        });
    }

    /** Holds that ran out (of one charge, or all) are gone, whether or not anyone looked. */
    private void expire(@Nullable String reference) {
        for (var expired : jdbc.sql("""
                UPDATE scripted_charges SET state = 'expired', hold_until = NULL
                 WHERE state = 'authorized' AND hold_until <= :now
                   AND (CAST(:reference AS text) IS NULL OR reference = :reference)
                RETURNING *
                """)
                .param("now", Timestamp.from(clock.instant()))
                .param("reference", reference)
                .query(ScriptedProcessor::charge)
                .list()) {
            event(WebhookEvent.Kind.EXPIRED, expired.reference(), expired.paymentId(), expired.currency(), null, null);
        }
    }

    /** Payouts accepted but not yet landed. */
    List<String> payoutsUnderWay() {
        return jdbc.sql("SELECT reference FROM scripted_payouts WHERE state = 'under_way' ORDER BY reference")
                .query(String.class)
                .list();
    }

    /** A payout under way lands at the provider's bank, or bounces back. */
    void landPayout(String payout, boolean paid) {
        inOwnTransaction(() -> {
            land(payout, paid);
            return null;
        });
    }

    private void land(String payout, boolean paid) {
        var row = jdbc.sql("""
                SELECT p.charge, p.amount, c.payment_id, c.currency
                  FROM scripted_payouts p JOIN scripted_charges c ON c.reference = p.charge
                 WHERE p.reference = :p AND p.state = 'under_way'
                """)
                .param("p", payout)
                .query((rs, i) -> new Landing(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getObject(3, UUID.class),
                        Currency.getInstance(rs.getString(4))))
                .optional();
        if (row.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE scripted_payouts SET state = :s WHERE reference = :p")
                .param("p", payout)
                .param("s", paid ? "paid" : "failed")
                .update();
        jdbc.sql("""
                UPDATE scripted_charges SET payouts_under_way = payouts_under_way - :amount,
                                            paid_out = paid_out + CASE WHEN :paid THEN :amount ELSE 0 END
                 WHERE reference = :charge
                """)
                .param("charge", row.get().charge())
                .param("amount", row.get().amount())
                .param("paid", paid)
                .update();
        event(
                paid ? WebhookEvent.Kind.PAYOUT_PAID : WebhookEvent.Kind.PAYOUT_FAILED,
                payout,
                row.get().paymentId(),
                row.get().currency(),
                row.get().amount(),
                paid ? null : "account_closed");
    }

    private record Landing(String charge, long amount, UUID paymentId, Currency currency) {}

    // --- the books -------------------------------------------------------------------------------

    Optional<Charge> charge(UUID paymentId) {
        return jdbc.sql("SELECT * FROM scripted_charges WHERE payment_id = :payment")
                .param("payment", paymentId)
                .query(ScriptedProcessor::charge)
                .optional();
    }

    /** How many calls reached the processor, first ones and repeats. */
    long calls() {
        return jdbc.sql("SELECT coalesce(sum(calls), 0) FROM scripted_calls")
                .query(Long.class)
                .single();
    }

    /** Events after {@code afterId}, oldest first. */
    List<Event> events(long afterId) {
        return jdbc.sql("""
                SELECT * FROM scripted_events WHERE id > :after ORDER BY id
                """)
                .param("after", afterId)
                .query((rs, i) -> new Event(
                        rs.getLong("id"),
                        rs.getObject("payment_id", UUID.class),
                        WebhookEvent.Kind.valueOf(rs.getString("kind")),
                        rs.getString("reference"),
                        Currency.getInstance(rs.getString("currency")),
                        rs.getObject("amount", Long.class),
                        rs.getString("failure_code"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** The event as the processor sends it: a signed body. */
    Delivery delivery(Event event) {
        String body = String.join(
                "\n",
                "id=evt_" + event.id(),
                "kind=" + event.kind().name(),
                "reference=" + event.reference(),
                "amount=" + (event.amount() == null ? "" : event.amount()),
                "currency=" + event.currency().getCurrencyCode(),
                "code=" + (event.code() == null ? "" : event.code()),
                "created=" + event.createdAt());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Delivery(Map.of(SIGNATURE, sign(bytes)), bytes);
    }

    // --- inside ----------------------------------------------------------------------------------

    /**
     * One call: a key seen before gets its first answer and nothing else; otherwise the call's effect
     * and its answer are written in one transaction of the processor's own.
     */
    private Outcome call(String kind, String key, Supplier<Outcome> effect) {
        Fault fault = faults.poll();
        if (fault == Fault.UNAVAILABLE) {
            return new Unavailable("scripted: unavailable, nothing done");
        }
        boolean[] done = {false};
        Outcome outcome = inOwnTransaction(() -> {
            // two calls with one key at once: the second waits and then gets the first one's answer
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:key))")
                    .param("key", key)
                    .query()
                    .listOfRows();
            Optional<Outcome> first = jdbc.sql("""
                    UPDATE scripted_calls SET calls = calls + 1 WHERE idempotency_key = :key
                    RETURNING answer, answer_reference, answer_detail
                    """)
                    .param("key", key)
                    .query((rs, i) -> answer(rs.getString(1), rs.getString(2), rs.getString(3)))
                    .optional();
            if (first.isPresent()) {
                return first.get();
            }
            Outcome answer = effect.get();
            done[0] = true;
            jdbc.sql("""
                    INSERT INTO scripted_calls (idempotency_key, kind, answer, answer_reference, answer_detail)
                    VALUES (:key, :kind, :answer, :reference, :detail)
                    """)
                    .param("key", key)
                    .param("kind", kind)
                    .param("answer", answer.getClass().getSimpleName())
                    .param("reference", reference(answer))
                    .param("detail", detail(answer))
                    .update();
            return answer;
        });
        if (done[0] && hangAfter.contains(kind)) {
            hang();
        }
        if (fault == Fault.ANSWER_LOST) {
            if (lostAnswers.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("scripted: connection reset after the processor did it");
            }
            return new Unavailable("scripted: timed out after the processor did it");
        }
        return outcome;
    }

    /** Stops dead, as a process does the instant before it is killed. */
    private static void hang() {
        while (true) {
            try {
                Thread.sleep(Duration.ofHours(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while hanging", e);
            }
        }
    }

    private Optional<Charge> lockCharge(String reference) {
        Optional<Charge> charge = jdbc.sql("""
                SELECT * FROM scripted_charges WHERE reference = :r OR payment_id::text = :r FOR UPDATE
                """)
                .param("r", reference)
                .query(ScriptedProcessor::charge)
                .optional();
        if (charge.isPresent() && charge.get().state().equals("authorized")) {
            expire(charge.get().reference());
            return jdbc.sql("SELECT * FROM scripted_charges WHERE reference = :r")
                    .param("r", charge.get().reference())
                    .query(ScriptedProcessor::charge)
                    .optional();
        }
        return charge;
    }

    private static long available(Charge charge) {
        return charge.captured() - charge.refunded() - charge.paidOut() - charge.payoutsUnderWay();
    }

    private Instant holdUntil() {
        return clock.instant().plus(Payments.HOLD);
    }

    private void event(
            WebhookEvent.Kind kind,
            String reference,
            UUID paymentId,
            Currency currency,
            @Nullable Long amount,
            @Nullable String code) {
        jdbc.sql("""
                INSERT INTO scripted_events (kind, reference, payment_id, amount, currency, failure_code, created_at)
                VALUES (:kind, :reference, :payment, :amount, :currency, :code, :at)
                """)
                .param("payment", paymentId)
                .param("kind", kind.name())
                .param("reference", reference)
                .param("amount", amount)
                .param("currency", currency.getCurrencyCode())
                .param("code", code)
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    private <T> T inOwnTransaction(Supplier<T> work) {
        return ownTransaction.execute(status -> work.get());
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable String reference(Outcome outcome) {
        if (outcome instanceof Succeeded s) {
            return s.reference();
        }
        if (outcome instanceof Pending p) {
            return p.reference();
        }
        if (outcome instanceof RequiresAction a) {
            return a.reference();
        }
        return null;
    }

    private static @Nullable String detail(Outcome outcome) {
        if (outcome instanceof RequiresAction a) {
            return a.url().toString();
        }
        if (outcome instanceof Declined d) {
            return d.code();
        }
        return null;
    }

    private static Outcome answer(String kind, @Nullable String reference, @Nullable String detail) {
        return switch (kind) {
            case "Succeeded" -> new Succeeded(reference);
            case "Pending" -> new Pending(reference);
            case "RequiresAction" -> new RequiresAction(reference, URI.create(detail));
            case "Declined" -> new Declined(detail);
            default -> throw new IllegalStateException("unknown answer " + kind);
        };
    }

    private static Charge charge(ResultSet rs, int i) throws SQLException {
        return new Charge(
                rs.getString("reference"),
                rs.getObject("payment_id", UUID.class),
                Currency.getInstance(rs.getString("currency")),
                rs.getLong("amount"),
                rs.getString("state").toLowerCase(Locale.ROOT),
                rs.getLong("captured"),
                rs.getLong("refunded"),
                rs.getLong("paid_out"),
                rs.getLong("payouts_under_way"),
                rs.getInt("captures"));
    }
}
