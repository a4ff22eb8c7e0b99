package dev.souk.notifications.webhooks;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One try at delivering.
 *
 * @param statusCode the HTTP status answered; none when no answer came (refused, timed out)
 * @param nextAttemptAt the retry this failure set; none after a success or the last try
 */
public record Attempt(
        int number,
        Instant attemptedAt,
        int durationMs,
        boolean succeeded,
        @Nullable Integer statusCode,
        @Nullable String error,
        @Nullable Instant nextAttemptAt) {}
