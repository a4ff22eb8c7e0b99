package dev.souk.reviews;

import java.time.Instant;
import java.util.UUID;

/** An operator hid a review; its author is told why. */
public record ReviewHidden(UUID reviewId, UUID transactionId, UUID authorId, String reason, Instant at) {}
