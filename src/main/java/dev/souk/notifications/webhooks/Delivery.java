package dev.souk.notifications.webhooks;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One event on its way to one endpoint.
 *
 * @param payload the body exactly as it is signed and sent
 * @param nextAttemptAt when it is tried next; none once it succeeded or failed for good
 * @param lastStatusCode the HTTP status of the last answer; none when no answer came
 */
public record Delivery(
        UUID id,
        UUID endpointId,
        UUID eventId,
        String eventType,
        String payload,
        Status status,
        int attempts,
        @Nullable Instant nextAttemptAt,
        @Nullable Instant lastAttemptAt,
        @Nullable Integer lastStatusCode,
        @Nullable String lastError,
        Instant createdAt) {

    public enum Status {
        PENDING,
        SUCCEEDED,
        FAILED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status of(String key) {
            return valueOf(key.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
