package dev.souk.notifications;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One thing a member was told, as the bell's page and the API show it.
 *
 * @param link the page it is about, a path on this site
 */
public record Notification(
        UUID id,
        Category category,
        String title,
        String text,
        String link,
        Instant createdAt,
        @Nullable Instant readAt) {

    public boolean unread() {
        return readAt == null;
    }
}
