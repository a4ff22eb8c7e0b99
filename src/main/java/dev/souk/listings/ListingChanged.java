package dev.souk.listings;

import java.time.Instant;
import java.util.UUID;

/**
 * Something about a listing changed that readers of it may care about: its content, photos,
 * availability, stock, or whether its suspended owner's listings are hidden.
 */
public record ListingChanged(UUID listingId, Instant changedAt) {}
