package dev.souk.reviews;

import java.math.BigDecimal;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A listing's rating changed: a customer's review of it was published or hidden. Listeners that keep
 * a copy read {@link Reviews#listingRating} afresh, since events may arrive out of order.
 */
public record ListingRatingChanged(UUID listingId, @Nullable BigDecimal average, int count) {}
