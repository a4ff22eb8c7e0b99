package dev.souk.listings;

import dev.souk.accounts.MemberDeleted;
import dev.souk.accounts.MemberReinstated;
import dev.souk.accounts.MemberSuspended;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Follows what happens to listing owners' accounts. */
@Component
class ListingOwners {

    private final Listings listings;

    ListingOwners(Listings listings) {
        this.listings = listings;
    }

    @ApplicationModuleListener
    void on(MemberSuspended event) {
        listings.hideListingsOf(event.memberId(), true);
    }

    @ApplicationModuleListener
    void on(MemberReinstated event) {
        listings.hideListingsOf(event.memberId(), false);
    }

    @ApplicationModuleListener
    void on(MemberDeleted event) {
        listings.removeListingsOf(event.memberId());
    }
}
