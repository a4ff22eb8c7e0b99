package dev.souk.marketplace;

import java.util.Set;

/**
 * A kind of thing members list in this marketplace, e.g. "Stays" (nightly) or "Handmade goods"
 * (purchase).
 *
 * @param key stable slug, used in URLs and the API
 * @param instantBook whether customers may book without the provider accepting first
 * @param multipleSeats whether one listing can be booked by several customers at once (e.g. a class)
 */
public record ListingType(
        String key,
        String name,
        TransactionKind transaction,
        boolean instantBook,
        boolean multipleSeats,
        Set<Requirement> requires,
        int position) {

    public ListingType {
        requires = Set.copyOf(requires);
    }

    public boolean requires(Requirement requirement) {
        return requires.contains(requirement);
    }
}
