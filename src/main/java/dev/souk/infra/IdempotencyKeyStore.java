package dev.souk.infra;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of {@code idempotency_keys}; {@link IdempotencyKeys} decides, this reads and writes. */
@Repository
class IdempotencyKeyStore {

    /** A request as it is compared with the first one of its key. */
    record Request(String method, String path, byte[] queryDigest, byte[] bodyDigest) {}

    /** A key's row: the first request, and its answer once there is one. */
    record Row(
            Request first,
            @Nullable UUID claim,
            @Nullable Integer status,
            @Nullable String contentType,
            @Nullable String location,
            byte @Nullable [] body) {}

    private final JdbcClient jdbc;

    IdempotencyKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the key for this request, if it is new, or if the same request claimed it before {@code
     * staleBefore} and never finished (its node stopped). Empty if the key is someone else's to answer.
     */
    Optional<UUID> claim(byte[] id, Request request, Instant now, Instant staleBefore) {
        return jdbc.sql("""
                INSERT INTO idempotency_keys (id, method, path, query_digest, body_digest, created_at, claim)
                VALUES (:id, :method, :path, :query, :body, :now, :claim)
                ON CONFLICT (id) DO UPDATE SET created_at = EXCLUDED.created_at, claim = EXCLUDED.claim
                 WHERE idempotency_keys.claim IS NOT NULL
                   AND idempotency_keys.created_at < :staleBefore
                   AND idempotency_keys.method = EXCLUDED.method
                   AND idempotency_keys.path = EXCLUDED.path
                   AND idempotency_keys.query_digest = EXCLUDED.query_digest
                   AND idempotency_keys.body_digest = EXCLUDED.body_digest
                RETURNING claim""")
                .param("id", id)
                .param("method", request.method())
                .param("path", request.path())
                .param("query", request.queryDigest())
                .param("body", request.bodyDigest())
                .param("now", Timestamp.from(now))
                .param("claim", UUID.randomUUID())
                .param("staleBefore", Timestamp.from(staleBefore))
                .query(UUID.class)
                .optional();
    }

    Optional<Row> find(byte[] id) {
        return jdbc.sql("""
                SELECT method, path, query_digest, body_digest, claim, status, content_type, location, body
                  FROM idempotency_keys WHERE id = :id""")
                .param("id", id)
                .query((rs, n) -> new Row(
                        new Request(
                                rs.getString("method"),
                                rs.getString("path"),
                                rs.getBytes("query_digest"),
                                rs.getBytes("body_digest")),
                        rs.getObject("claim", UUID.class),
                        rs.getObject("status", Integer.class),
                        rs.getString("content_type"),
                        rs.getString("location"),
                        rs.getBytes("body")))
                .optional();
    }

    /** Keeps the answer of a claimed request; {@code body} null: it was too large to keep. */
    void answer(
            byte[] id,
            UUID claim,
            int status,
            @Nullable String contentType,
            @Nullable String location,
            byte @Nullable [] body) {
        jdbc.sql("""
                UPDATE idempotency_keys
                   SET claim = NULL, status = :status, content_type = :type, location = :location, body = :body
                 WHERE id = :id AND claim = :claim""")
                .param("id", id)
                .param("claim", claim)
                .param("status", status)
                .param("type", contentType)
                .param("location", location)
                .param("body", body)
                .update();
    }

    void release(byte[] id, UUID claim) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE id = :id AND claim = :claim")
                .param("id", id)
                .param("claim", claim)
                .update();
    }

    /** Deletes up to {@code batch} keys made before {@code before}; rows another node is deleting are skipped. */
    int deleteMadeBefore(Instant before, int batch) {
        return jdbc.sql("""
                DELETE FROM idempotency_keys WHERE id IN (
                    SELECT id FROM idempotency_keys WHERE created_at < :before
                     LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                .param("before", Timestamp.from(before))
                .param("batch", batch)
                .update();
    }
}
