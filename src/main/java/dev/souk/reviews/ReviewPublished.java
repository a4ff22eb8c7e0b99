package dev.souk.reviews;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A review became visible to everyone: both parties had reviewed, or the window closed.
 *
 * @param listingId the listing it also rates; none for a provider's review of their customer
 */
public record ReviewPublished(
        UUID reviewId,
        UUID transactionId,
        UUID authorId,
        UUID subjectId,
        @Nullable UUID listingId,
        int rating,
        Instant at) {}
