package dev.souk.reviews;

import java.util.UUID;

/** A listing's rating, as {@link Reviews#listingRatings} lists them for a rebuild of a read model. */
public record ListingRating(UUID listingId, Rating rating) {}
