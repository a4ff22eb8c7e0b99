package dev.souk.accounts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Single-use, expiring secrets sent by mail. Using one marks it used in the same statement. */
@Component
class EmailTokens {

    enum Purpose {
        VERIFY_EMAIL(Duration.ofHours(24)),
        RESET_PASSWORD(Duration.ofHours(1)),
        CHANGE_EMAIL(Duration.ofHours(24));

        final Duration lifetime;

        Purpose(Duration lifetime) {
            this.lifetime = lifetime;
        }

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Redeemed(UUID memberId, @Nullable String newEmail) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    EmailTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    String issue(UUID memberId, Purpose purpose, @Nullable String newEmail) {
        String token = SecretTokens.generate();
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO account_tokens (token_hash, member_id, purpose, new_email, created_at, expires_at)
                VALUES (:hash, :member, :purpose, :newEmail, :now, :expires)""")
                .param("hash", SecretTokens.hash(token))
                .param("member", memberId)
                .param("purpose", purpose.column())
                .param("newEmail", newEmail)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(purpose.lifetime)))
                .update();
        return token;
    }

    /** Empty when the token is unknown, of another purpose, expired or already used. */
    Optional<Redeemed> redeem(String token, Purpose purpose) {
        Instant now = clock.instant();
        return jdbc.sql("""
                UPDATE account_tokens SET used_at = :now
                 WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now
                RETURNING member_id, new_email""")
                .param("now", Timestamp.from(now))
                .param("hash", SecretTokens.hash(token))
                .param("purpose", purpose.column())
                .query((rs, n) -> new Redeemed(rs.getObject("member_id", UUID.class), rs.getString("new_email")))
                .optional();
    }

    /** The member of a token that {@link #redeem} would take now, without taking it. */
    Optional<UUID> peek(String token, Purpose purpose) {
        return jdbc.sql("""
                SELECT member_id FROM account_tokens
                 WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now""")
                .param("hash", SecretTokens.hash(token))
                .param("purpose", purpose.column())
                .param("now", Timestamp.from(clock.instant()))
                .query(UUID.class)
                .optional();
    }

    /** Earlier links of this purpose stop working, e.g. once the password was reset. */
    void invalidate(UUID memberId, Purpose purpose) {
        jdbc.sql(
                        "UPDATE account_tokens SET used_at = :now WHERE member_id = :member AND purpose = :purpose AND used_at IS NULL")
                .param("now", Timestamp.from(clock.instant()))
                .param("member", memberId)
                .param("purpose", purpose.column())
                .update();
    }

    /** Every link of the member, used or not: the account is being deleted. */
    void deleteAll(UUID memberId) {
        jdbc.sql("DELETE FROM account_tokens WHERE member_id = :id")
                .param("id", memberId)
                .update();
    }
}
