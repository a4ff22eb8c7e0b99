package dev.souk.listings;

import static dev.souk.listings.Listings.MAX_PHOTOS;

import dev.souk.infra.RateLimit;
import dev.souk.infra.RateLimits;
import dev.souk.marketplace.Requirement;
import dev.souk.media.ImageKind;
import dev.souk.media.Images;
import dev.souk.media.StoredImage;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/** Photos for {@link Listings}: adding (decoded before any transaction), removing and ordering them. */
@Component
final class ListingPhotos {

    private final ListingKeeper keeper;
    private final ListingRepository repository;
    private final Images images;
    private final Clock clock;
    private final RateLimits rateLimits;
    private final RateLimit photos;
    private final TransactionOperations transactions;

    ListingPhotos(
            ListingKeeper keeper,
            ListingRepository repository,
            Images images,
            Clock clock,
            RateLimits rateLimits,
            TransactionOperations transactions) {
        this.keeper = keeper;
        this.repository = repository;
        this.images = images;
        this.clock = clock;
        this.rateLimits = rateLimits;
        this.photos = rateLimits.define("listing-photos", 200, Duration.ofHours(1));
        this.transactions = transactions;
    }

    /**
     * Adds a photo at the end; refuses a 21st (422) before the upload is even read. Uploads are limited
     * per member: each costs decoding and re-encoding. The image is decoded and stored before the
     * transaction that adds it begins, so no connection or lock on the listing waits for the decoding.
     */
    ListingPhoto addPhoto(UUID ownerId, UUID id, InputStream content) {
        rateLimits.take(photos.key(ownerId));
        requireRoomForPhoto(keeper.owned(repository.find(id), ownerId));
        StoredImage image = images.store(content, ImageKind.LISTING_PHOTO);
        try {
            return Objects.requireNonNull(transactions.execute(status -> {
                // the files are written already: take them back if this transaction does not commit
                ListingKeeper.afterRollback(() -> images.delete(image.id()));
                Listing listing = keeper.ownedForUpdate(ownerId, id);
                // again under the lock: other uploads may have been added meanwhile
                requireRoomForPhoto(listing);
                Listing.Photo photo = new Listing.Photo(UUID.randomUUID(), image.id());
                listing.photos.add(photo);
                listing.touched(clock.instant());
                repository.savePhotos(listing);
                keeper.save(listing);
                return keeper.photo(photo);
            }));
        } catch (RuntimeException e) {
            images.delete(image.id());
            throw e;
        }
    }

    private static void requireRoomForPhoto(Listing listing) {
        if (listing.photos.size() >= MAX_PHOTOS) {
            throw Refusal.invalidState("listings.photos.tooMany", MAX_PHOTOS);
        }
    }

    void removePhoto(UUID ownerId, UUID id, UUID photoId) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        Listing.Photo photo = photoOf(listing, photoId);
        if (listing.photos.size() == 1
                && listing.status != ListingStatus.DRAFT
                && keeper.typeOf(listing).requires(Requirement.PHOTOS)) {
            throw Refusal.invalidState("listings.photos.lastOne");
        }
        listing.photos.remove(photo);
        listing.touched(clock.instant());
        repository.savePhotos(listing);
        keeper.save(listing);
        ListingKeeper.afterCommit(() -> images.delete(photo.imageId()));
    }

    /** Puts the photos in this order; it must name each of them exactly once. */
    ListingView reorderPhotos(UUID ownerId, UUID id, List<UUID> order) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        Set<UUID> current = new HashSet<>();
        listing.photos.forEach(p -> current.add(p.id()));
        if (order.size() != current.size() || !current.equals(new HashSet<>(order))) {
            throw InvalidInput.of("photos", "listings.photos.order");
        }
        List<Listing.Photo> reordered = new ArrayList<>();
        order.forEach(photoId -> reordered.add(photoOf(listing, photoId)));
        listing.photos = reordered;
        listing.touched(clock.instant());
        repository.savePhotos(listing);
        return keeper.save(listing);
    }

    /** Moves a photo one place earlier (-1) or later (+1); for pages without JavaScript. */
    ListingView movePhoto(UUID ownerId, UUID id, UUID photoId, int by) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        Listing.Photo photo = photoOf(listing, photoId);
        int from = listing.photos.indexOf(photo);
        int to = Math.max(0, Math.min(listing.photos.size() - 1, from + Integer.signum(by)));
        listing.photos.remove(from);
        listing.photos.add(to, photo);
        listing.touched(clock.instant());
        repository.savePhotos(listing);
        return keeper.save(listing);
    }

    private static Listing.Photo photoOf(Listing listing, UUID photoId) {
        return listing.photos.stream()
                .filter(p -> p.id().equals(photoId))
                .findFirst()
                .orElseThrow(() -> Refusal.notFound("listings.photos.notFound"));
    }
}
