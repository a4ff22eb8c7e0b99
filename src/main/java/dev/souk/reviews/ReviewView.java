package dev.souk.reviews;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A review as its reader may see it.
 *
 * @param listingId the listing the customer's review also rates; none for a provider's review
 * @param hiddenReason the operator's reason, shown to the author and operators only
 */
public record ReviewView(
        UUID id,
        UUID transactionId,
        UUID authorId,
        UUID subjectId,
        ReviewRole authorRole,
        @Nullable UUID listingId,
        int rating,
        String text,
        Instant createdAt,
        @Nullable Instant publishedAt,
        @Nullable String reply,
        @Nullable Instant repliedAt,
        @Nullable Instant hiddenAt,
        @Nullable String hiddenReason) {

    public ReviewState state() {
        if (hiddenAt != null) {
            return ReviewState.HIDDEN;
        }
        return publishedAt == null ? ReviewState.WAITING : ReviewState.PUBLISHED;
    }

    public boolean isPublic() {
        return state() == ReviewState.PUBLISHED;
    }
}
