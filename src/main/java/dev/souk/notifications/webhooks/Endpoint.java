package dev.souk.notifications.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An address the operator's integration listens on, without its secret.
 *
 * @param pausedReason {@code failing} when Souk paused it, {@code operator} when the operator did
 * @param failingSince the first failed attempt since the last successful one
 */
public record Endpoint(
        UUID id,
        String url,
        String description,
        List<EventType> events,
        boolean paused,
        @Nullable Instant pausedAt,
        @Nullable String pausedReason,
        @Nullable Instant failingSince,
        Instant createdAt) {

    public Endpoint {
        events = List.copyOf(events);
    }

    /** Paused by Souk because it kept failing: the operator is shown why. */
    public boolean pausedForFailing() {
        return paused && "failing".equals(pausedReason);
    }
}
