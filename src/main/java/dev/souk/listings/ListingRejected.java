package dev.souk.listings;

import java.time.Instant;
import java.util.UUID;

/** An operator sent a listing waiting for approval back to its owner as a draft, saying why. */
public record ListingRejected(UUID listingId, UUID ownerId, String reason, Instant at) {}
