package dev.souk.messaging;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A participant reported a conversation to the operator.
 *
 * @param listingTitle the conversation's listing, for the operator's list
 */
public record ConversationReport(
        UUID id,
        UUID conversationId,
        String listingTitle,
        MemberCard reporter,
        String reason,
        ReportStatus status,
        Instant createdAt,
        @Nullable Instant resolvedAt) {}
