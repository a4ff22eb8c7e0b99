package dev.souk.messaging;

import dev.souk.listings.ListingDraft;
import dev.souk.listings.ListingStatus;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import java.util.Set;
import java.util.UUID;

/**
 * Published listings to talk about, made through the listings facade: an inquiry type of their own
 * (no price, place or photos needed), since tests share one database.
 */
final class TestListings {

    private final Listings listings;
    private final String type;
    private final String category;

    TestListings(Marketplace marketplace, Listings listings) {
        this.listings = listings;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.type = "questions-" + suffix;
        this.category = "asks-" + suffix;
        marketplace.saveListingType(
                new ListingType(type, "Questions " + suffix, TransactionKind.INQUIRY, false, false, Set.of(), 95));
        marketplace.saveCategory(new Category(category, "Asks " + suffix, null, Set.of(type), 95));
    }

    /** A public listing of this (verified) owner. */
    UUID published(UUID ownerId, String title) {
        ListingView draft = listings.create(
                ownerId,
                new ListingDraft(
                        type, category, title, "Ask me anything about it.", null, null, null, null, null, null, null));
        ListingView published = listings.publish(ownerId, draft.id());
        if (published.status() == ListingStatus.PENDING_APPROVAL) {
            listings.approve(draft.id());
        }
        return draft.id();
    }
}
