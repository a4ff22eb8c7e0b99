package dev.souk.listings;

import dev.souk.accounts.Accounts;
import dev.souk.media.ImageAccess;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The photos of a listing are seen by whoever may see the listing: everyone once it is public; its
 * owner and operators while it is a draft, waiting for approval, closed or hidden with a suspended
 * owner.
 */
@Component
class ListingPhotoAccess implements ImageAccess {

    private final ListingRepository repository;
    private final Accounts accounts;

    ListingPhotoAccess(ListingRepository repository, Accounts accounts) {
        this.repository = repository;
        this.accounts = accounts;
    }

    @Override
    public Decision decide(String imageId) {
        Optional<UUID> owner = repository.privatePhotoOwner(imageId);
        if (owner.isEmpty()) {
            return Decision.PUBLIC;
        }
        // who is asking is read only for the few private photos, not for every public one
        Viewer viewer = Viewer.current(accounts);
        return viewer.operator() || owner.get().equals(viewer.id()) ? Decision.PRIVATE : Decision.DENIED;
    }
}
