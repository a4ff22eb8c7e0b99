package dev.souk.listings;

import java.time.Instant;
import java.util.UUID;

/** A listing became visible to everyone: published, approved by an operator or opened again. */
public record ListingPublished(UUID listingId, UUID ownerId, Instant publishedAt) {}
