package dev.souk.accounts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Bearer tokens of the API: random, stored hashed, expiring after 30 days, revocable. */
@Component
class ApiTokens {

    static final Duration LIFETIME = Duration.ofDays(30);
    /** Last use is written at most this often, so reads don't all become writes. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(5);

    record Match(UUID tokenId, UUID memberId) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    IssuedToken issue(UUID memberId, String label) {
        String token = SecretTokens.generate();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant expires = now.plus(LIFETIME);
        jdbc.sql("""
                INSERT INTO api_tokens (id, member_id, token_hash, label, created_at, expires_at)
                VALUES (:id, :member, :hash, :label, :now, :expires)""")
                .param("id", id)
                .param("member", memberId)
                .param("hash", SecretTokens.hash(token))
                .param("label", label)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expires))
                .update();
        return new IssuedToken(id, token, expires);
    }

    /**
     * How many active tokens the member has; counted under a lock on the member's row ({@link
     * AccountStore#lock}), two tokens asked for at once can't both be the one that fits.
     */
    int activeCount(UUID memberId) {
        return jdbc.sql("""
                SELECT count(*) FROM api_tokens
                 WHERE member_id = :member AND revoked_at IS NULL AND expires_at > :now""")
                .param("member", memberId)
                .param("now", Timestamp.from(clock.instant()))
                .query(Integer.class)
                .single();
    }

    Optional<Match> match(String token) {
        return authenticate(token).map(m -> new Match(m.tokenId(), m.member().id()));
    }

    /** The member of an active token, read with the token in one query: every API request asks. */
    Optional<Authenticated> authenticate(String token) {
        Instant now = clock.instant();
        Optional<Authenticated> match = jdbc.sql("SELECT " + MEMBER_COLUMNS + """
                        , t.id AS token_id, t.last_used_at AS token_last_used_at
                          FROM api_tokens t JOIN members m ON m.id = t.member_id
                         WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND t.expires_at > :now
                           AND m.status = 'active'""")
                .param("hash", SecretTokens.hash(token))
                .param("now", Timestamp.from(now))
                .query((rs, n) -> {
                    Timestamp lastUsed = rs.getTimestamp("token_last_used_at");
                    return new Authenticated(
                            rs.getObject("token_id", UUID.class),
                            Member.map(rs, n),
                            lastUsed == null ? null : lastUsed.toInstant());
                })
                .optional();
        // after the query, not while reading its row: outside a transaction that would hold one pooled
        // connection while waiting for another, and enough concurrent first uses would drain the pool
        match.filter(m -> m.lastUsedAt() == null || m.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION)))
                .ifPresent(m -> touch(m.tokenId(), now));
        return match;
    }

    record Authenticated(
            UUID tokenId, Member member, @Nullable Instant lastUsedAt) {}

    private static final String MEMBER_COLUMNS =
            Arrays.stream(Member.COLUMNS.split(",")).map(c -> "m." + c.strip()).collect(Collectors.joining(", "));

    List<ApiToken> active(UUID memberId) {
        return jdbc.sql("""
                SELECT id, label, created_at, expires_at, last_used_at FROM api_tokens
                 WHERE member_id = :member AND revoked_at IS NULL AND expires_at > :now
                 ORDER BY created_at DESC""")
                .param("member", memberId)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, n) -> new ApiToken(
                        rs.getObject("id", UUID.class),
                        rs.getString("label"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("last_used_at") == null
                                ? null
                                : rs.getTimestamp("last_used_at").toInstant()))
                .list();
    }

    /** @return whether the member had such an active token */
    boolean revoke(UUID memberId, UUID tokenId) {
        return jdbc.sql(
                                "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND member_id = :member AND revoked_at IS NULL")
                        .param("now", Timestamp.from(clock.instant()))
                        .param("id", tokenId)
                        .param("member", memberId)
                        .update()
                > 0;
    }

    void revokeAll(UUID memberId) {
        jdbc.sql("UPDATE api_tokens SET revoked_at = :now WHERE member_id = :member AND revoked_at IS NULL")
                .param("now", Timestamp.from(clock.instant()))
                .param("member", memberId)
                .update();
    }

    private void touch(UUID id, Instant now) {
        jdbc.sql("UPDATE api_tokens SET last_used_at = :now WHERE id = :id")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    /** Every token of the member, revoked or not: the account is being deleted. */
    void deleteAll(UUID memberId) {
        jdbc.sql("DELETE FROM api_tokens WHERE member_id = :id")
                .param("id", memberId)
                .update();
    }
}
