package dev.souk.notifications.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of webhooks; the facade decides, this reads and writes. */
@Repository
class WebhookStore {

    private static final String ENDPOINT_COLUMNS =
            "id, url, description, events, state, paused_at, paused_reason, failing_since, created_at";
    private static final String DELIVERY_COLUMNS = """
            id, endpoint_id, event_id, event_type, payload, status, attempts, next_attempt_at, last_attempt_at,
            last_status_code, last_error, created_at""";

    private final JdbcClient jdbc;

    WebhookStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- endpoints -------------------------------------------------------------------------------

    void addEndpoint(
            UUID id, String url, String description, List<EventType> events, byte[] sealedSecret, Instant now) {
        jdbc.sql("""
                INSERT INTO webhook_endpoints (id, url, description, events, secret, created_at)
                VALUES (:id, :url, :description, :events::text[], :secret, :now)""")
                .param("id", id)
                .param("url", url)
                .param("description", description)
                .param("events", keys(events))
                .param("secret", sealedSecret)
                .param("now", Timestamp.from(now))
                .update();
    }

    List<Endpoint> endpoints() {
        return jdbc.sql("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints ORDER BY created_at, id")
                .query(WebhookStore::endpoint)
                .list();
    }

    Optional<Endpoint> endpoint(UUID id) {
        return jdbc.sql("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE id = :id")
                .param("id", id)
                .query(WebhookStore::endpoint)
                .optional();
    }

    Optional<byte[]> sealedSecret(UUID id) {
        return jdbc.sql("SELECT secret FROM webhook_endpoints WHERE id = :id")
                .param("id", id)
                .query(byte[].class)
                .optional();
    }

    boolean deleteEndpoint(UUID id) {
        return jdbc.sql("DELETE FROM webhook_endpoints WHERE id = :id")
                        .param("id", id)
                        .update()
                > 0;
    }

    /** Pauses an enabled endpoint; false if it was paused already (or is gone). */
    boolean pause(UUID id, String reason, Instant now) {
        return jdbc.sql("""
                        UPDATE webhook_endpoints SET state = 'paused', paused_at = :now, paused_reason = :reason
                         WHERE id = :id AND state = 'enabled'""")
                        .param("id", id)
                        .param("reason", reason)
                        .param("now", Timestamp.from(now))
                        .update()
                > 0;
    }

    /** Enables a paused endpoint with a clean record; false if it wasn't paused. */
    boolean resume(UUID id) {
        return jdbc.sql("""
                        UPDATE webhook_endpoints
                           SET state = 'enabled', paused_at = NULL, paused_reason = NULL, failing_since = NULL
                         WHERE id = :id AND state = 'paused'""").param("id", id).update() > 0;
    }

    boolean anyPausedForFailing() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE paused_reason = 'failing')")
                .query(Boolean.class)
                .single();
    }

    // --- deliveries ------------------------------------------------------------------------------

    /**
     * One pending delivery of this event for every enabled endpoint subscribed to its type; an event
     * recorded before adds none. Answers how many were added.
     */
    int addDeliveries(UUID eventId, EventType type, String payload, Instant now) {
        return jdbc.sql("""
                INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, next_attempt_at, created_at)
                SELECT gen_random_uuid(), e.id, :event, :type, :payload, :now, :now
                  FROM webhook_endpoints e
                 WHERE e.state = 'enabled' AND :type = ANY (e.events)
                 ORDER BY e.id
                ON CONFLICT (event_id, endpoint_id) DO NOTHING""")
                .param("event", eventId)
                .param("type", type.key())
                .param("payload", payload)
                .param("now", Timestamp.from(now))
                .update();
    }

    List<Delivery> deliveries(UUID endpointId, int limit) {
        return jdbc.sql("SELECT " + DELIVERY_COLUMNS + " " + """
                         FROM webhook_deliveries WHERE endpoint_id = :endpoint
                         ORDER BY created_at DESC, id DESC LIMIT :limit""")
                .param("endpoint", endpointId)
                .param("limit", limit)
                .query(WebhookStore::delivery)
                .list();
    }

    Optional<Delivery> delivery(UUID id) {
        return jdbc.sql("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE id = :id")
                .param("id", id)
                .query(WebhookStore::delivery)
                .optional();
    }

    List<Attempt> attempts(UUID deliveryId) {
        return jdbc.sql("""
                SELECT number, attempted_at, duration_ms, succeeded, status_code, error, next_attempt_at
                  FROM webhook_attempts WHERE delivery_id = :delivery ORDER BY number""")
                .param("delivery", deliveryId)
                .query((rs, n) -> new Attempt(
                        rs.getInt("number"),
                        instant(rs, "attempted_at"),
                        rs.getInt("duration_ms"),
                        rs.getBoolean("succeeded"),
                        integer(rs, "status_code"),
                        rs.getString("error"),
                        nullableInstant(rs, "next_attempt_at")))
                .list();
    }

    /** A delivery claimed for one attempt, with what sending it takes. */
    record Claimed(
            UUID id,
            UUID endpointId,
            UUID eventId,
            String eventType,
            String payload,
            int attempts,
            @Nullable Instant retryUntil,
            String url,
            byte[] sealedSecret) {}

    /**
     * Claims up to {@code limit} due deliveries of enabled endpoints for one attempt each: their next
     * attempt moves to {@code claimUntil}, so that a node that dies while sending leaves them to be tried
     * again then, and a node claiming meanwhile skips them.
     */
    List<Claimed> claimDue(Instant now, Instant claimUntil, int limit) {
        return jdbc.sql("""
                WITH due AS (
                    SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                     WHERE d.status = 'pending' AND d.next_attempt_at <= :now AND e.state = 'enabled'
                     ORDER BY d.next_attempt_at
                     LIMIT :limit
                     FOR UPDATE OF d SKIP LOCKED)
                UPDATE webhook_deliveries d SET next_attempt_at = :until
                  FROM due, webhook_endpoints e
                 WHERE d.id = due.id AND e.id = d.endpoint_id
                RETURNING d.id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.attempts, d.retry_until,
                          e.url, e.secret""")
                .param("now", Timestamp.from(now))
                .param("until", Timestamp.from(claimUntil))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("endpoint_id", UUID.class),
                        rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        nullableInstant(rs, "retry_until"),
                        rs.getString("url"),
                        rs.getBytes("secret")))
                .list();
    }

    /**
     * Records attempt number {@code attempts + 1} of a claimed delivery; false, changing nothing, if
     * another attempt was recorded meanwhile (the claim ran out and another node tried it).
     */
    boolean recordAttempt(
            Claimed claimed,
            Instant at,
            WebhookSender.Outcome outcome,
            Delivery.Status status,
            @Nullable Instant next,
            Instant retryUntil) {
        int updated = jdbc.sql("""
                UPDATE webhook_deliveries
                   SET attempts = attempts + 1, status = :status, next_attempt_at = :next, retry_until = :until,
                       last_attempt_at = :at, last_status_code = :code, last_error = :error
                 WHERE id = :id AND attempts = :attempts AND status = 'pending'""")
                .param("id", claimed.id())
                .param("attempts", claimed.attempts())
                .param("status", status.key())
                .param("next", next == null ? null : Timestamp.from(next))
                .param("until", Timestamp.from(retryUntil))
                .param("at", Timestamp.from(at))
                .param("code", outcome.statusCode())
                .param("error", outcome.error())
                .update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO webhook_attempts
                    (id, delivery_id, number, attempted_at, duration_ms, succeeded, status_code, error, next_attempt_at)
                VALUES (gen_random_uuid(), :delivery, :number, :at, :duration, :succeeded, :code, :error, :next)""")
                .param("delivery", claimed.id())
                .param("number", claimed.attempts() + 1)
                .param("at", Timestamp.from(at))
                .param("duration", outcome.durationMs())
                .param("succeeded", outcome.succeeded())
                .param("code", outcome.statusCode())
                .param("error", outcome.error())
                .param("next", next == null ? null : Timestamp.from(next))
                .update();
        return true;
    }

    /** The endpoint answered: it is failing no longer. */
    void answered(UUID endpointId) {
        jdbc.sql("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = :id AND failing_since IS NOT NULL")
                .param("id", endpointId)
                .update();
    }

    /** The endpoint failed; answers since when it has been failing without a success. */
    Instant failed(UUID endpointId, Instant at) {
        return jdbc.sql("""
                UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, :at) WHERE id = :id
                RETURNING failing_since""")
                .param("id", endpointId)
                .param("at", Timestamp.from(at))
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    /** Sends a failed delivery again at {@code now}, with a fresh day of retries; false if it hadn't failed. */
    boolean resend(UUID deliveryId, Instant now) {
        return jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = :now, retry_until = NULL
                         WHERE id = :id AND status = 'failed'""")
                        .param("id", deliveryId)
                        .param("now", Timestamp.from(now))
                        .update()
                > 0;
    }

    /** Deletes deliveries that succeeded or failed for good before {@code before}, with their attempts. */
    int deleteFinishedBefore(Instant before) {
        return jdbc.sql("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < :before")
                .param("before", Timestamp.from(before))
                .update();
    }

    // --- mapping ---------------------------------------------------------------------------------

    private static Endpoint endpoint(ResultSet rs, int n) throws SQLException {
        String[] events = (String[]) rs.getArray("events").getArray();
        return new Endpoint(
                rs.getObject("id", UUID.class),
                rs.getString("url"),
                rs.getString("description"),
                Arrays.stream(events)
                        .flatMap(key -> EventType.byKey(key).stream())
                        .toList(),
                "paused".equals(rs.getString("state")),
                nullableInstant(rs, "paused_at"),
                rs.getString("paused_reason"),
                nullableInstant(rs, "failing_since"),
                instant(rs, "created_at"));
    }

    private static Delivery delivery(ResultSet rs, int n) throws SQLException {
        return new Delivery(
                rs.getObject("id", UUID.class),
                rs.getObject("endpoint_id", UUID.class),
                rs.getObject("event_id", UUID.class),
                rs.getString("event_type"),
                rs.getString("payload"),
                Delivery.Status.of(rs.getString("status")),
                rs.getInt("attempts"),
                nullableInstant(rs, "next_attempt_at"),
                nullableInstant(rs, "last_attempt_at"),
                integer(rs, "last_status_code"),
                rs.getString("last_error"),
                instant(rs, "created_at"));
    }

    private static String keys(List<EventType> events) {
        // the keys are ours (EventType), plain words with dots: no quoting needed in the array literal
        return events.stream().map(EventType::key).collect(Collectors.joining(",", "{", "}"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
