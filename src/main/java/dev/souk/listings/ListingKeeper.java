package dev.souk.listings;

import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.media.ImageKind;
import dev.souk.media.Images;
import dev.souk.media.StoredImage;
import dev.souk.shared.Refusal;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What every part of the listings facade does alike: loads a listing for the member who acts on it (404 for
 * one they may not see or change), saves it and publishes the events it registered, and turns it into
 * the view others get; also runs work after its transaction commits or rolls back.
 */
@Component
final class ListingKeeper {

    private final ListingRepository repository;
    private final Marketplace marketplace;
    private final Images images;
    private final ApplicationEventPublisher events;

    ListingKeeper(
            ListingRepository repository, Marketplace marketplace, Images images, ApplicationEventPublisher events) {
        this.repository = repository;
        this.marketplace = marketplace;
        this.images = images;
        this.events = events;
    }

    ListingView save(Listing listing) {
        repository.update(listing);
        publish(listing);
        return view(listing);
    }

    void publish(Listing listing) {
        listing.takeEvents().forEach(events::publishEvent);
    }

    Listing ownedForUpdate(UUID ownerId, UUID id) {
        return owned(repository.findForUpdate(id), ownerId);
    }

    static Listing owned(Optional<Listing> found, UUID ownerId) {
        return found.filter(l -> l.ownerId.equals(ownerId)).orElseThrow(() -> Refusal.notFound("listings.notFound"));
    }

    Listing anyForUpdate(UUID id) {
        return repository.findForUpdate(id).orElseThrow(() -> Refusal.notFound("listings.notFound"));
    }

    Listing visible(UUID id, @Nullable UUID viewerId, boolean operator) {
        return repository
                .find(id)
                .filter(l -> visible(l, viewerId, operator))
                .orElseThrow(() -> Refusal.notFound("listings.notFound"));
    }

    static boolean visible(Listing l, @Nullable UUID viewerId, boolean operator) {
        return operator || l.ownerId.equals(viewerId) || l.isPublic();
    }

    ListingType typeOf(Listing listing) {
        return marketplace
                .listingType(listing.listingType)
                .orElseThrow(() -> new IllegalStateException("listing type " + listing.listingType + " is gone"));
    }

    ListingView view(Listing l) {
        String unit = marketplace
                .listingType(l.listingType)
                .map(t -> t.transaction().unit())
                .orElse(null);
        return new ListingView(
                l.id,
                l.ownerId,
                l.listingType,
                l.category,
                l.title,
                l.description,
                l.fields,
                l.price,
                l.fees,
                unit,
                l.timeZone,
                l.location,
                l.photos.stream().map(this::photo).toList(),
                l.instantBook,
                l.seats,
                l.stock,
                l.rules,
                l.status,
                l.rejectionReason,
                l.ownerHidden,
                l.createdAt,
                l.publishedAt);
    }

    ListingPhoto photo(Listing.Photo photo) {
        StoredImage image = images.image(photo.imageId(), ImageKind.LISTING_PHOTO);
        return new ListingPhoto(photo.id(), photo.imageId(), image.url("large"), image.url("thumb"));
    }

    static void afterCommit(Runnable action) {
        runAfter(action, TransactionSynchronization.STATUS_COMMITTED);
    }

    static void afterRollback(Runnable action) {
        runAfter(action, TransactionSynchronization.STATUS_ROLLED_BACK);
    }

    static void runAfter(Runnable action, int status) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            if (status == TransactionSynchronization.STATUS_COMMITTED) {
                action.run();
            }
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int completed) {
                if (completed == status) {
                    action.run();
                }
            }
        });
    }
}
