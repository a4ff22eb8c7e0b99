package dev.souk.listings;

import java.time.Instant;
import java.util.UUID;

/** A published (or pending) listing was closed by its owner or an operator: no longer public. */
public record ListingClosed(UUID listingId, Instant closedAt) {}
