package dev.souk.accounts;

import dev.souk.infra.SecretBox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads and writes what two-step sign-in keeps: the member's authenticator secret (sealed by {@link
 * SecretBox}), the step of their last accepted code, their recovery codes and the sign-ins waiting for
 * a code. Each "use" is one conditional statement, so two requests can't both spend the same code.
 */
@Component
class SecondFactorStore {

    /** The member's authenticator: confirmed when {@code enabledAt} is set, an enrolment otherwise. */
    record Authenticator(
            byte[] secret,
            @Nullable Instant enabledAt,
            @Nullable Long lastStep) {}

    /** A sign-in waiting for its second factor, after one more attempt was counted. */
    record Attempt(UUID memberId, boolean remember, int attempts) {}

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Clock clock;

    SecondFactorStore(JdbcClient jdbc, SecretBox box, Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
    }

    Optional<Authenticator> authenticator(UUID memberId) {
        return jdbc.sql("""
                SELECT totp_secret, totp_enabled_at, totp_last_step FROM members
                 WHERE id = :id AND totp_secret IS NOT NULL""")
                .param("id", memberId)
                .query((rs, n) -> {
                    Timestamp enabled = rs.getTimestamp("totp_enabled_at");
                    long lastStep = rs.getLong("totp_last_step");
                    return new Authenticator(
                            box.open(rs.getBytes("totp_secret"), memberId),
                            enabled == null ? null : enabled.toInstant(),
                            rs.wasNull() ? null : lastStep);
                })
                .optional();
    }

    /** Keeps a new secret for an enrolment; never replaces a confirmed one. */
    void enrol(UUID memberId, byte[] secret) {
        jdbc.sql("""
                UPDATE members SET totp_secret = :secret, totp_last_step = NULL
                 WHERE id = :id AND totp_enabled_at IS NULL""")
                .param("secret", box.seal(secret, memberId))
                .param("id", memberId)
                .update();
    }

    /** @return whether an enrolment was waiting and is now confirmed, with the step of its first code */
    boolean enable(UUID memberId, long firstStep) {
        return jdbc.sql("""
                        UPDATE members SET totp_enabled_at = :now, totp_last_step = :step
                         WHERE id = :id AND totp_enabled_at IS NULL AND totp_secret IS NOT NULL""")
                        .param("now", Timestamp.from(clock.instant()))
                        .param("step", firstStep)
                        .param("id", memberId)
                        .update()
                > 0;
    }

    /** @return whether the step is later than that of the last code accepted, and now is that step */
    boolean useStep(UUID memberId, long step) {
        return jdbc.sql("""
                        UPDATE members SET totp_last_step = :step
                         WHERE id = :id AND totp_enabled_at IS NOT NULL
                           AND (totp_last_step IS NULL OR totp_last_step < :step)""").param("step", step).param("id", memberId).update() > 0;
    }

    /** Forgets the authenticator, its recovery codes and any sign-in waiting for a code. */
    void remove(UUID memberId) {
        jdbc.sql("UPDATE members SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = :id")
                .param("id", memberId)
                .update();
        jdbc.sql("DELETE FROM member_recovery_codes WHERE member_id = :id")
                .param("id", memberId)
                .update();
        jdbc.sql("DELETE FROM sign_in_challenges WHERE member_id = :id")
                .param("id", memberId)
                .update();
    }

    // --- recovery codes --------------------------------------------------------------------------

    /** Replaces the member's recovery codes with new ones. @return the new codes, the only time they are seen */
    List<String> newRecoveryCodes(UUID memberId) {
        jdbc.sql("DELETE FROM member_recovery_codes WHERE member_id = :id")
                .param("id", memberId)
                .update();
        List<String> codes = new ArrayList<>(RecoveryCodes.COUNT);
        while (codes.size() < RecoveryCodes.COUNT) {
            String code = RecoveryCodes.generate();
            if (!codes.contains(code)) {
                codes.add(code);
                jdbc.sql("INSERT INTO member_recovery_codes (member_id, code_hash) VALUES (:id, :hash)")
                        .param("id", memberId)
                        .param(
                                "hash",
                                RecoveryCodes.hash(RecoveryCodes.normalize(code).orElseThrow()))
                        .update();
            }
        }
        return codes;
    }

    int recoveryCodesLeft(UUID memberId) {
        return jdbc.sql("SELECT count(*) FROM member_recovery_codes WHERE member_id = :id AND used_at IS NULL")
                .param("id", memberId)
                .query(Integer.class)
                .single();
    }

    /** @return whether this was one of the member's unused codes; it is used now */
    boolean useRecoveryCode(UUID memberId, String normalized) {
        return jdbc.sql("""
                        UPDATE member_recovery_codes SET used_at = :now
                         WHERE member_id = :id AND code_hash = :hash AND used_at IS NULL""")
                        .param("now", Timestamp.from(clock.instant()))
                        .param("id", memberId)
                        .param("hash", RecoveryCodes.hash(normalized))
                        .update()
                > 0;
    }

    // --- sign-ins waiting for a code -------------------------------------------------------------

    UUID openChallenge(UUID memberId, boolean remember, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO sign_in_challenges (id, member_id, remember, expires_at)
                VALUES (:id, :member, :remember, :expires)""")
                .param("id", id)
                .param("member", memberId)
                .param("remember", remember)
                .param("expires", Timestamp.from(expiresAt))
                .update();
        return id;
    }

    /**
     * Counts one more attempt at the challenge, in one statement, so parallel requests can't exceed the
     * limit between them. @return the challenge after counting; empty if it is over, expired or unknown
     */
    Optional<Attempt> countAttempt(UUID challengeId, int limit) {
        return jdbc.sql("""
                UPDATE sign_in_challenges SET attempts = attempts + 1
                 WHERE id = :id AND attempts < :limit AND expires_at > :now
                RETURNING member_id, remember, attempts""")
                .param("id", challengeId)
                .param("limit", limit)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, n) -> new Attempt(
                        rs.getObject("member_id", UUID.class), rs.getBoolean("remember"), rs.getInt("attempts")))
                .optional();
    }

    void closeChallenge(UUID challengeId) {
        jdbc.sql("DELETE FROM sign_in_challenges WHERE id = :id")
                .param("id", challengeId)
                .update();
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetEndedChallenges() {
        jdbc.sql("DELETE FROM sign_in_challenges WHERE expires_at < :now")
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }
}
