package dev.souk.notifications;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of a member's notifications, newest first; {@code nextCursor} asks for the older ones. */
public record NotificationPage(
        List<Notification> items, @Nullable String nextCursor) {

    public NotificationPage {
        items = List.copyOf(items);
    }
}
