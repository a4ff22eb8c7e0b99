package dev.souk.accounts;

import dev.souk.shared.Refusal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The brute-force limit: after {@value #LIMIT} failed sign-ins in {@link #WINDOW}, per account and per
 * client address, further attempts are refused with 429 until the oldest failure leaves the window.
 * Kept in PostgreSQL so every app node sees the same count.
 */
@Component
class SignInThrottle {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final JdbcClient jdbc;
    private final Clock clock;

    SignInThrottle(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void check(String email, String clientAddress) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        for (String key : keys(email, clientAddress)) {
            Window window = jdbc.sql("""
                    SELECT count(*) AS failures, min(failed_at) AS oldest FROM (
                        SELECT failed_at FROM sign_in_failures
                         WHERE key = :key AND failed_at > :since
                         ORDER BY failed_at DESC LIMIT :limit) recent""")
                    .param("key", key)
                    .param("since", Timestamp.from(since))
                    .param("limit", LIMIT)
                    .query((rs, n) -> new Window(rs.getInt("failures"), rs.getTimestamp("oldest")))
                    .single();
            if (window.failures() >= LIMIT) {
                throw Refusal.rateLimited(
                        Duration.between(now, window.oldest().toInstant().plus(WINDOW)));
            }
        }
    }

    /** Recorded in its own transaction: a failure counts even though the sign-in is refused. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordFailure(String email, String clientAddress) {
        for (String key : keys(email, clientAddress)) {
            jdbc.sql("INSERT INTO sign_in_failures (key, failed_at) VALUES (:key, :at)")
                    .param("key", key)
                    .param("at", Timestamp.from(clock.instant()))
                    .update();
        }
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetOldFailures() {
        jdbc.sql("DELETE FROM sign_in_failures WHERE failed_at < :before")
                .param("before", Timestamp.from(clock.instant().minus(WINDOW)))
                .update();
    }

    private record Window(int failures, Timestamp oldest) {}

    private static String[] keys(String email, String clientAddress) {
        return new String[] {"account:" + email.strip().toLowerCase(Locale.ROOT), "address:" + clientAddress};
    }
}
