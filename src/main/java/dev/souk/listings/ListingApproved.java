package dev.souk.listings;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator approved a listing that waited for approval; {@link ListingPublished} follows with it, as
 * for every listing that becomes visible.
 */
public record ListingApproved(UUID listingId, UUID ownerId, Instant at) {}
