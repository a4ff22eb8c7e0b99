package dev.souk.messaging;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A conversation as one of its participants (the viewer) sees it.
 *
 * @param listingTitle the listing's title, as of its last change
 * @param other the participant who is not the viewer
 * @param unreadCount messages the viewer has not read yet
 * @param blockedByViewer the viewer blocked the other participant
 * @param blockedByOther the other participant blocked the viewer
 */
public record ConversationView(
        UUID id,
        UUID listingId,
        String listingTitle,
        UUID customerId,
        UUID providerId,
        UUID viewerId,
        MemberCard other,
        @Nullable MessageView lastMessage,
        int unreadCount,
        boolean blockedByViewer,
        boolean blockedByOther,
        Instant createdAt) {

    /** No new messages either way. */
    public boolean blocked() {
        return blockedByViewer || blockedByOther;
    }
}
