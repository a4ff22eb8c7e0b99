package dev.souk.listings;

import java.time.Instant;
import java.util.UUID;

/** A listing was deleted for good: forget it. */
public record ListingDeleted(UUID listingId, Instant deletedAt) {}
