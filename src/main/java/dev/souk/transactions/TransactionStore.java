package dev.souk.transactions;

import dev.souk.marketplace.TransactionKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of the tables a transaction lives in (transactions, transaction_transitions,
 * transaction_bookings, transaction_money_actions); the facade decides, this reads and writes. One
 * class, over 500 lines, because one store alone may name those tables; {@link ProcessStore} keeps the
 * process versions.
 */
@Repository
class TransactionStore {

    /** Advisory lock namespace of one listing's bookings (several seats are counted under it). */
    private static final int LISTING_LOCKS = 48_001;

    /** A transaction as stored. */
    record Row(
            UUID id,
            String processKey,
            int processVersion,
            String state,
            int seq,
            Instant enteredAt,
            UUID listingId,
            String listingTitle,
            TransactionKind kind,
            UUID customerId,
            UUID providerId,
            @Nullable LocalDateTime startsLocal,
            @Nullable LocalDateTime endsLocal,
            ZoneId timeZone,
            int seats,
            @Nullable Integer quantity,
            @Nullable StoredQuote storedQuote,
            @Nullable UUID paymentId,
            @Nullable UUID conversationId,
            Instant createdAt) {

        @Nullable
        Quote quote() {
            return storedQuote == null ? null : storedQuote.quote();
        }

        @Nullable
        Instant startsAt() {
            return startsLocal == null ? null : startsLocal.atZone(timeZone).toInstant();
        }

        @Nullable
        Instant endsAt() {
            return endsLocal == null ? null : endsLocal.atZone(timeZone).toInstant();
        }

        Row priced(StoredQuote newQuote) {
            return copy(state, seq, enteredAt, newQuote, paymentId);
        }

        Row paidWith(UUID payment) {
            return copy(state, seq, enteredAt, storedQuote, payment);
        }

        Row moved(String to, Instant at) {
            return copy(to, seq + 1, at, storedQuote, paymentId);
        }

        private Row copy(
                String state, int seq, Instant enteredAt, @Nullable StoredQuote quote, @Nullable UUID paymentId) {
            return new Row(
                    id,
                    processKey,
                    processVersion,
                    state,
                    seq,
                    enteredAt,
                    listingId,
                    listingTitle,
                    kind,
                    customerId,
                    providerId,
                    startsLocal,
                    endsLocal,
                    timeZone,
                    seats,
                    quantity,
                    quote,
                    paymentId,
                    conversationId,
                    createdAt);
        }
    }

    /**
     * A quote as stored: its JSON, read into a {@link Quote} only when asked for. Most transitions copy
     * it into their step as it is and never look inside.
     */
    static final class StoredQuote {

        private final String json;
        private final JsonMapper mapper;
        // read at most once per row; a race reads it twice, to equal values
        private @Nullable Quote quote;

        private StoredQuote(String json, JsonMapper mapper, @Nullable Quote quote) {
            this.json = json;
            this.mapper = mapper;
            this.quote = quote;
        }

        Quote quote() {
            Quote read = quote;
            if (read == null) {
                read = mapper.readValue(json, Quote.class);
                quote = read;
            }
            return read;
        }
    }

    /** One recorded transition. */
    record Step(
            int seq,
            String name,
            @Nullable String from,
            String to,
            String by,
            @Nullable UUID byMember,
            Instant at,
            @Nullable String message,
            @Nullable Long refund) {}

    /** Money to move for a transition once it has committed. */
    record MoneyAction(
            UUID transactionId,
            int seq,
            Process.Action action,
            @Nullable Long amount,
            int attempts) {}

    private static final String COLUMNS = """
            id, process_key, process_version, state, seq, entered_at, listing_id, listing_title, kind,
            customer_id, provider_id, starts_local, ends_local, time_zone, seats, quantity, quote,
            payment_id, conversation_id, created_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TransactionStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // --- transactions ----------------------------------------------------------------------------

    void insert(Row row) {
        StoredQuote stored = row.storedQuote();
        Quote quote = stored == null ? null : stored.quote();
        jdbc.sql("""
                INSERT INTO transactions (id, process_key, process_version, state, seq, entered_at, listing_id,
                       listing_title, kind, customer_id, provider_id, starts_local, ends_local, time_zone,
                       starts_at, ends_at, seats, quantity, cancellation_policy, currency, customer_total, quote,
                       payment_id, conversation_id, created_at, updated_at)
                VALUES (:id, :processKey, :processVersion, :state, :seq, :enteredAt, :listingId, :listingTitle,
                       :kind, :customerId, :providerId, :startsLocal, :endsLocal, :timeZone, :startsAt, :endsAt,
                       :seats, :quantity, :policy, :currency, :customerTotal, CAST(:quote AS jsonb), :paymentId,
                       :conversationId, :createdAt, :createdAt)""")
                .param("id", row.id())
                .param("processKey", row.processKey())
                .param("processVersion", row.processVersion())
                .param("state", row.state())
                .param("seq", row.seq())
                .param("enteredAt", Timestamp.from(row.enteredAt()))
                .param("listingId", row.listingId())
                .param("listingTitle", row.listingTitle())
                .param("kind", row.kind().key())
                .param("customerId", row.customerId())
                .param("providerId", row.providerId())
                .param("startsLocal", row.startsLocal())
                .param("endsLocal", row.endsLocal())
                .param("timeZone", row.timeZone().getId())
                .param("startsAt", row.startsAt() == null ? null : Timestamp.from(row.startsAt()))
                .param("endsAt", row.endsAt() == null ? null : Timestamp.from(row.endsAt()))
                .param("seats", row.seats())
                .param("quantity", row.quantity())
                .param("policy", quote == null ? null : quote.cancellation().policy())
                .param(
                        "currency",
                        quote == null ? null : quote.customerTotal().currency().getCurrencyCode())
                .param(
                        "customerTotal",
                        quote == null ? null : quote.customerTotal().amount())
                .param("quote", stored == null ? null : stored.json)
                .param("paymentId", row.paymentId())
                .param("conversationId", row.conversationId())
                .param("createdAt", Timestamp.from(row.createdAt()))
                .update();
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE id = :id")
                .param("id", id)
                .query(this::row)
                .optional();
    }

    /** The transaction, locked until the caller's transaction ends: its transitions queue up. */
    Optional<Row> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(this::row)
                .optional();
    }

    Optional<UUID> byPayment(UUID paymentId) {
        return jdbc.sql("SELECT id FROM transactions WHERE payment_id = :id")
                .param("id", paymentId)
                .query(UUID.class)
                .optional();
    }

    void moved(Row row, Instant at) {
        jdbc.sql("""
                UPDATE transactions SET state = :state, seq = :seq, entered_at = :at, updated_at = :at
                 WHERE id = :id""")
                .param("state", row.state())
                .param("seq", row.seq())
                .param("at", Timestamp.from(at))
                .param("id", row.id())
                .update();
    }

    /** The payment that pays for it now; an offer paid again after a failed payment gets a new one. */
    void setPayment(UUID id, UUID paymentId) {
        jdbc.sql("UPDATE transactions SET payment_id = :payment WHERE id = :id")
                .param("payment", paymentId)
                .param("id", id)
                .update();
    }

    /** The price agreed now, e.g. the provider's offer in an inquiry. */
    /** A new quote, written as JSON once for the transaction and each of its steps. */
    StoredQuote stored(Quote quote) {
        return new StoredQuote(json.writeValueAsString(quote), json, quote);
    }

    void setQuote(UUID id, StoredQuote stored) {
        Quote quote = stored.quote();
        jdbc.sql("""
                UPDATE transactions SET quote = CAST(:quote AS jsonb), currency = :currency, customer_total = :total
                 WHERE id = :id""")
                .param("quote", stored.json)
                .param("currency", quote.customerTotal().currency().getCurrencyCode())
                .param("total", quote.customerTotal().amount())
                .param("id", id)
                .update();
    }

    /**
     * A member's transactions as customer or provider, newest first, optionally in one state.
     *
     * @param after the last one of the page before
     */
    List<Row> list(
            UUID memberId, boolean asProvider, @Nullable String state, @Nullable TransactionCursor after, int limit) {
        String member = asProvider ? "provider_id" : "customer_id";
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE " + member + " = :member"
                        + " AND (CAST(:state AS text) IS NULL OR state = :state)"
                        + " AND (CAST(:at AS timestamptz) IS NULL OR (created_at, id) < (:at, :afterId))"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("member", memberId)
                .param("state", state)
                .param("at", after == null ? null : Timestamp.from(after.at()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query(this::row)
                .list();
    }

    /** Every member's transactions in one state, newest first: what operators look into. */
    List<Row> listInState(String state, @Nullable TransactionCursor after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE state = :state"
                        + " AND (CAST(:at AS timestamptz) IS NULL OR (created_at, id) < (:at, :afterId))"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("state", state)
                .param("at", after == null ? null : Timestamp.from(after.at()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query(this::row)
                .list();
    }

    // --- transitions -----------------------------------------------------------------------------

    void appendStep(UUID transactionId, Step step, @Nullable StoredQuote quote) {
        jdbc.sql("""
                INSERT INTO transaction_transitions (transaction_id, seq, name, from_state, to_state, by_role,
                       by_member, at, message, refund, quote)
                VALUES (:id, :seq, :name, :from, :to, :by, :member, :at, :message, :refund, CAST(:quote AS jsonb))""")
                .param("id", transactionId)
                .param("seq", step.seq())
                .param("name", step.name())
                .param("from", step.from())
                .param("to", step.to())
                .param("by", step.by())
                .param("member", step.byMember())
                .param("at", Timestamp.from(step.at()))
                .param("message", step.message())
                .param("refund", step.refund())
                .param("quote", quote == null ? null : quote.json)
                .update();
    }

    List<Step> steps(UUID transactionId) {
        return jdbc.sql("""
                SELECT seq, name, from_state, to_state, by_role, by_member, at, message, refund
                  FROM transaction_transitions WHERE transaction_id = :id ORDER BY seq""")
                .param("id", transactionId)
                .query((rs, n) -> new Step(
                        rs.getInt("seq"),
                        rs.getString("name"),
                        rs.getString("from_state"),
                        rs.getString("to_state"),
                        rs.getString("by_role"),
                        rs.getObject("by_member", UUID.class),
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("message"),
                        (Long) rs.getObject("refund")))
                .list();
    }

    /** Erases what a deleted member wrote on transitions; the transitions themselves stay. */
    void forgetMessagesOf(UUID memberId) {
        jdbc.sql("UPDATE transaction_transitions SET message = NULL WHERE by_member = :member AND message IS NOT NULL")
                .param("member", memberId)
                .update();
    }

    // --- bookings --------------------------------------------------------------------------------

    /** Until the caller's transaction ends, nobody else books this listing. */
    void lockListing(UUID listingId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(" + LISTING_LOCKS + ", hashtext(CAST(:id AS text)))")
                .param("id", listingId)
                .query((rs, n) -> 1)
                .single();
    }

    /** Holds the range; the exclusion constraint refuses one that collides with an active single-seat booking. */
    void book(UUID transactionId, UUID listingId, int seats, LocalDateTime from, LocalDateTime to, boolean singleSeat) {
        jdbc.sql("""
                INSERT INTO transaction_bookings (transaction_id, listing_id, seats, during, single_seat)
                VALUES (:id, :listing, :seats, tsrange(CAST(:from AS timestamp), CAST(:to AS timestamp), '[)'), :single)""")
                .param("id", transactionId)
                .param("listing", listingId)
                .param("seats", seats)
                .param("from", from)
                .param("to", to)
                .param("single", singleSeat)
                .update();
    }

    /** Frees the range; true if it was held. */
    boolean release(UUID transactionId) {
        return jdbc.sql("UPDATE transaction_bookings SET active = false WHERE transaction_id = :id AND active")
                        .param("id", transactionId)
                        .update()
                > 0;
    }

    /**
     * Seats held per day (at midnight) by bookings of whole days, and per hour by bookings of hours, from
     * {@code from} to {@code to} (exclusive); days and hours with nothing held are left out.
     */
    Map<LocalDateTime, Integer> taken(UUID listingId, LocalDateTime from, LocalDateTime to) {
        Map<LocalDateTime, Integer> taken = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT t.at, sum(b.seats) AS seats
                  FROM transaction_bookings b
                 CROSS JOIN LATERAL (SELECT CASE WHEN lower(b.during) = date_trunc('day', lower(b.during))
                                                  AND upper(b.during) = date_trunc('day', upper(b.during))
                                                 THEN 'day' ELSE 'hour' END AS step) s
                 CROSS JOIN LATERAL generate_series(
                         greatest(lower(b.during), date_trunc(s.step, CAST(:from AS timestamp))),
                         least(upper(b.during), CAST(:to AS timestamp)) - CAST('1 microsecond' AS interval),
                         CAST('1 ' || s.step AS interval)) AS t(at)
                 WHERE b.listing_id = :listing AND b.active
                   AND b.during && tsrange(CAST(:from AS timestamp), CAST(:to AS timestamp), '[)')
                 GROUP BY t.at ORDER BY t.at""")
                .param("listing", listingId)
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> {
                    taken.put(rs.getObject("at", LocalDateTime.class), rs.getInt("seats"));
                    return 1;
                })
                .list();
        return taken;
    }

    /** Per day from {@code from} to {@code to} (inclusive), what active bookings hold; days with none left out. */
    List<BookedDay> bookedDays(UUID listingId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                WITH b AS (
                    SELECT seats, during,
                           lower(during) = date_trunc('day', lower(during))
                               AND upper(during) = date_trunc('day', upper(during)) AS whole
                      FROM transaction_bookings
                     WHERE listing_id = :listing AND active
                       AND during && tsrange(CAST(:from AS timestamp), CAST(:to AS timestamp), '[)')),
                days AS (
                    SELECT CAST(t AS date) AS day, sum(b.seats) AS seats
                      FROM b, generate_series(greatest(lower(b.during), CAST(:from AS timestamp)),
                                              least(upper(b.during), CAST(:to AS timestamp))
                                                  - CAST('1 microsecond' AS interval),
                                              CAST('1 day' AS interval)) t
                     WHERE b.whole GROUP BY 1),
                hours AS (
                    SELECT CAST(h.at AS date) AS day, count(*) AS hours, min(h.seats) AS least
                      FROM (SELECT t AS at, sum(b.seats) AS seats
                              FROM b, generate_series(greatest(lower(b.during), CAST(:from AS timestamp)),
                                                      least(upper(b.during), CAST(:to AS timestamp))
                                                          - CAST('1 microsecond' AS interval),
                                                      CAST('1 hour' AS interval)) t
                             WHERE NOT b.whole GROUP BY 1) h
                     GROUP BY 1)
                SELECT coalesce(d.day, h.day) AS day, coalesce(d.seats, 0) AS seats,
                       coalesce(h.hours, 0) AS hours, coalesce(h.least, 0) AS least
                  FROM days d FULL JOIN hours h ON h.day = d.day
                 ORDER BY 1""")
                .param("listing", listingId)
                .param("from", from.atStartOfDay())
                .param("to", to.plusDays(1).atStartOfDay())
                .query((rs, n) -> new BookedDay(
                        rs.getObject("day", LocalDate.class),
                        rs.getInt("seats"),
                        rs.getInt("hours"),
                        rs.getInt("least")))
                .list();
    }

    // --- money -----------------------------------------------------------------------------------

    void addMoneyAction(
            UUID transactionId, int seq, int position, Process.Action action, @Nullable Long amount, Instant now) {
        jdbc.sql("""
                INSERT INTO transaction_money_actions (transaction_id, seq, position, action, amount, next_attempt_at)
                VALUES (:id, :seq, :position, :action, :amount, :now)""")
                .param("position", position)
                .param("id", transactionId)
                .param("seq", seq)
                .param("action", action.name())
                .param("amount", amount)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Money actions of this transaction not done yet, oldest first. */
    List<MoneyAction> openMoneyActions(UUID transactionId) {
        return jdbc.sql("""
                SELECT transaction_id, seq, action, amount, attempts FROM transaction_money_actions
                 WHERE transaction_id = :id AND done_at IS NULL ORDER BY seq, position""")
                .param("id", transactionId)
                .query(TransactionStore::moneyAction)
                .list();
    }

    /** Transactions with money actions due, claimed for {@code claim} so that one node repeats them. */
    List<UUID> claimDueMoney(Instant now, java.time.Duration claim, int limit) {
        return jdbc
                .sql("""
                UPDATE transaction_money_actions a SET next_attempt_at = :until
                  FROM (SELECT transaction_id, seq, action FROM transaction_money_actions
                         WHERE done_at IS NULL AND next_attempt_at <= :now
                         ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) due
                 WHERE a.transaction_id = due.transaction_id AND a.seq = due.seq AND a.action = due.action
                RETURNING a.transaction_id""")
                .param("until", Timestamp.from(now.plus(claim)))
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(UUID.class)
                .list()
                .stream()
                .distinct()
                .toList();
    }

    void moneyDone(MoneyAction action, Instant now) {
        jdbc.sql("""
                UPDATE transaction_money_actions SET done_at = :now, attempts = attempts + 1, last_error = NULL
                 WHERE transaction_id = :id AND seq = :seq AND action = :action""")
                .param("now", Timestamp.from(now))
                .param("id", action.transactionId())
                .param("seq", action.seq())
                .param("action", action.action().name())
                .update();
    }

    void moneyFailed(MoneyAction action, String error, Instant next) {
        jdbc.sql("""
                UPDATE transaction_money_actions SET attempts = attempts + 1, last_error = :error,
                       next_attempt_at = :next
                 WHERE transaction_id = :id AND seq = :seq AND action = :action""")
                .param("error", error.length() > 500 ? error.substring(0, 500) : error)
                .param("next", Timestamp.from(next))
                .param("id", action.transactionId())
                .param("seq", action.seq())
                .param("action", action.action().name())
                .update();
    }

    // --- rows ------------------------------------------------------------------------------------

    private static MoneyAction moneyAction(ResultSet rs, int n) throws SQLException {
        return new MoneyAction(
                rs.getObject("transaction_id", UUID.class),
                rs.getInt("seq"),
                Process.Action.valueOf(rs.getString("action")),
                (Long) rs.getObject("amount"),
                rs.getInt("attempts"));
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        String quote = rs.getString("quote");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getString("process_key"),
                rs.getInt("process_version"),
                rs.getString("state"),
                rs.getInt("seq"),
                rs.getTimestamp("entered_at").toInstant(),
                rs.getObject("listing_id", UUID.class),
                rs.getString("listing_title"),
                TransactionKind.ofKey(rs.getString("kind")),
                rs.getObject("customer_id", UUID.class),
                rs.getObject("provider_id", UUID.class),
                rs.getObject("starts_local", LocalDateTime.class),
                rs.getObject("ends_local", LocalDateTime.class),
                ZoneId.of(rs.getString("time_zone")),
                rs.getInt("seats"),
                (Integer) rs.getObject("quantity"),
                quote == null ? null : new StoredQuote(quote, json, null),
                rs.getObject("payment_id", UUID.class),
                rs.getObject("conversation_id", UUID.class),
                rs.getTimestamp("created_at").toInstant());
    }
}
