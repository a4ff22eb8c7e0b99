package dev.souk.messaging;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One message as its conversation's participants see it.
 *
 * @param text as the sender wrote it; pages escape it and make links clickable
 * @param seenAt when the other participant first read it
 */
public record MessageView(
        UUID id,
        UUID conversationId,
        UUID senderId,
        String text,
        Instant sentAt,
        @Nullable Instant seenAt) {

    public boolean sentBy(UUID memberId) {
        return senderId.equals(memberId);
    }
}
