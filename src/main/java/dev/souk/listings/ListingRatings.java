package dev.souk.listings;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The average and count of listings' public reviews, which the reviews module keeps (and implements
 * this); the listings module only shows them.
 */
public interface ListingRatings {

    /** The ratings of those of these listings that have public reviews. */
    Map<UUID, Rated> of(Collection<UUID> listingIds);

    record Rated(BigDecimal average, int count) {}

    /**
     * Published by the implementation in the transaction that changes a listing's rating, so that a
     * listing page kept on a node shows the new one as soon as that commits.
     */
    record Changed(UUID listingId) {}
}
