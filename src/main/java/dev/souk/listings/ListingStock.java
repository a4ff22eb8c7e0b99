package dev.souk.listings;

import static dev.souk.listings.Listings.MAX_STOCK;

import dev.souk.marketplace.TransactionKind;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Stock for {@link Listings}: the owner's count, and what orders reserve and give back. */
@Component
final class ListingStock {

    private final ListingKeeper keeper;
    private final ListingRepository repository;
    private final StockStore store;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ListingStock(
            ListingKeeper keeper,
            ListingRepository repository,
            StockStore store,
            Clock clock,
            ApplicationEventPublisher events) {
        this.keeper = keeper;
        this.repository = repository;
        this.store = store;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Sets a purchase listing's stock. With {@code expected}, refuses (409) if the stock is no longer
     * what the owner last saw, so two editors can't overwrite each other's count blindly.
     */
    int setStock(UUID ownerId, UUID id, int quantity, @Nullable Integer expected, @Nullable String reason) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        if (keeper.typeOf(listing).transaction() != TransactionKind.PURCHASE || listing.stock == null) {
            throw Refusal.invalidState("listings.stock.notPurchase");
        }
        if (quantity < 0 || quantity > MAX_STOCK) {
            throw InvalidInput.of("quantity", "listings.stock.range", MAX_STOCK);
        }
        String why = reason == null || reason.isBlank() ? "set by owner" : reason.strip();
        if (why.length() > 200) {
            throw InvalidInput.of("reason", "validation.length", 0, 200);
        }
        if (!Text.oneLine(why)) {
            throw InvalidInput.of("reason", "validation.oneLine");
        }
        int current = listing.stock;
        if (expected != null && expected != current) {
            throw Refusal.conflict("listings.stock.changed", current);
        }
        if (quantity == current) {
            return current;
        }
        Instant now = clock.instant();
        store.insertAdjustment(
                listing.id,
                new StockAdjustment(UUID.randomUUID(), quantity - current, quantity, why, ownerId, now, null));
        listing.stock = quantity;
        listing.touched(now);
        keeper.save(listing);
        return quantity;
    }

    /**
     * Takes this many items of a published purchase listing's stock for an order, in the caller's
     * transaction. Concurrent orders can't take more than is left: the stock is lowered by one
     * conditional statement, and an order that finds too little is refused (409) with what is left.
     */
    void reserveStock(UUID listingId, int quantity, UUID orderId) {
        requireQuantity(quantity);
        Instant now = clock.instant();
        OptionalInt left = store.takeStock(listingId, quantity, now);
        if (left.isEmpty()) {
            Listing listing = repository.find(listingId).orElseThrow(() -> Refusal.notFound("listings.notFound"));
            requirePurchase(listing);
            if (!listing.isPublic()) {
                throw Refusal.invalidState("listings.stock.notForSale");
            }
            throw Refusal.conflict("listings.stock.insufficient", listing.stock);
        }
        stockChanged(listingId, -quantity, left.getAsInt(), "reserved for order " + orderId, orderId, now);
    }

    /**
     * Gives back items an order reserved, in the caller's transaction, also to a closed listing; never
     * more than the order still holds (422). A listing deleted meanwhile has no stock to take them.
     */
    void releaseStock(UUID listingId, int quantity, UUID orderId) {
        requireQuantity(quantity);
        Optional<Listing> found = repository.findForUpdate(listingId);
        if (found.isEmpty()) {
            return;
        }
        requirePurchase(found.get());
        // under the listing's lock: two releases of one order queue up and the second sees the first
        int held = store.heldBy(listingId, orderId);
        if (quantity > held) {
            throw Refusal.invalidState("listings.stock.notHeld", held);
        }
        Instant now = clock.instant();
        int left = store.giveBackStock(listingId, quantity, now);
        stockChanged(listingId, quantity, left, "released by order " + orderId, orderId, now);
    }

    private static void requireQuantity(int quantity) {
        if (quantity < 1 || quantity > MAX_STOCK) {
            throw InvalidInput.of("quantity", "listings.stock.quantity", MAX_STOCK);
        }
    }

    private void requirePurchase(Listing listing) {
        if (listing.stock == null || keeper.typeOf(listing).transaction() != TransactionKind.PURCHASE) {
            throw Refusal.invalidState("listings.stock.notPurchase");
        }
    }

    private void stockChanged(UUID listingId, int change, int left, String reason, UUID orderId, Instant now) {
        store.insertAdjustment(
                listingId, new StockAdjustment(UUID.randomUUID(), change, left, reason, null, now, orderId));
        events.publishEvent(new ListingChanged(listingId, now));
    }

    List<StockAdjustment> stockAdjustments(UUID ownerId, UUID id) {
        return store.adjustments(keeper.owned(repository.find(id), ownerId).id);
    }
}
