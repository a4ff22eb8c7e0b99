package dev.souk.messaging;

import dev.souk.listings.ListingChanged;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Keeps the listing titles that inboxes show in step with the listings. */
@Component
class ConversationListings {

    private final Messaging messaging;

    ConversationListings(Messaging messaging) {
        this.messaging = messaging;
    }

    @ApplicationModuleListener
    void on(ListingChanged event) {
        messaging.refreshListingTitle(event.listingId());
    }
}
