package dev.souk.notifications;

import java.util.List;
import java.util.UUID;

/**
 * What to tell one member about one event, before it is worded.
 *
 * @param sourceKey names the event: the same event delivered again has the same key, so the member is
 *     told once
 * @param text the texts' key under {@code notifications.text.}, e.g. {@code booking-requested.provider}
 * @param args the texts' arguments, already formatted
 * @param link the page it is about, a path on this site
 */
record Notice(UUID memberId, Category category, String sourceKey, String text, List<Object> args, String link) {

    Notice {
        args = List.copyOf(args);
    }
}
