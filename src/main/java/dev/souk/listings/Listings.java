package dev.souk.listings;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberProfile;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.Requirement;
import dev.souk.marketplace.TransactionKind;
import dev.souk.media.Images;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The facade of the listings module. Every write names the acting member; another member's listing
 * is answered as if it did not exist (404). Nothing of a refused write is stored. Reading, the lifecycle,
 * moderation and the owner's standing are decided here; drafting ({@link ListingDrafting}), photos ({@link
 * ListingPhotos}), availability ({@link ListingCalendar}) and stock ({@link ListingStock}) by package-private
 * parts it hands them to, which share {@link ListingKeeper}; all of them read and write through {@link
 * ListingRepository}.
 */
@Service
public class Listings {

    public static final int TITLE_MAX = 100;
    public static final int DESCRIPTION_MAX = 5000;
    public static final int ADDRESS_MAX = 200;
    public static final int HOUSE_RULES_MAX = 2000;
    public static final int MAX_PHOTOS = 20;
    public static final int MAX_SEATS = 1000;
    public static final int MAX_STOCK = 1_000_000;
    public static final int REASON_MAX = 500;
    public static final int MAX_FEES = 5;
    /**
     * The most a price or fee may be, in minor units: more than any listing asks in any currency, and
     * small enough that a price times the most items an order can take ({@link #MAX_STOCK}), with its
     * fees, stays far within a {@code long}.
     */
    public static final long MAX_AMOUNT = 1_000_000_000_000L;

    public static final int DEFAULT_LIMIT = 24;
    public static final int MAX_LIMIT = 100;

    private final ListingRepository repository;
    private final ListingKeeper keeper;
    private final ListingDrafting drafting;
    private final ListingPhotos photos;
    private final ListingCalendar calendar;
    private final ListingStock stock;
    private final Marketplace marketplace;
    private final Accounts accounts;
    private final Images images;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Listings(
            ListingRepository repository,
            ListingKeeper keeper,
            ListingDrafting drafting,
            ListingPhotos photos,
            ListingCalendar calendar,
            ListingStock stock,
            Marketplace marketplace,
            Accounts accounts,
            Images images,
            ApplicationEventPublisher events,
            Clock clock) {
        this.repository = repository;
        this.keeper = keeper;
        this.drafting = drafting;
        this.photos = photos;
        this.calendar = calendar;
        this.stock = stock;
        this.marketplace = marketplace;
        this.accounts = accounts;
        this.images = images;
        this.events = events;
        this.clock = clock;
    }

    // --- reading ---------------------------------------------------------------------------------

    /**
     * The listing if this viewer may see it: everyone a published listing of a member in good
     * standing, its owner and operators any state of it.
     */
    @Transactional(readOnly = true)
    public Optional<ListingView> find(UUID id, @Nullable UUID viewerId, boolean operator) {
        return repository
                .find(id)
                .filter(l -> keeper.visible(l, viewerId, operator))
                .map(keeper::view);
    }

    /** A listing everyone may see, for modules that act on public listings (messaging, transactions). */
    @Transactional(readOnly = true)
    public Optional<ListingView> findPublic(UUID id) {
        return find(id, null, false);
    }

    /** The owner's own listing; 404 for anyone else's. */
    @Transactional(readOnly = true)
    public ListingView own(UUID ownerId, UUID id) {
        return keeper.view(keeper.owned(repository.find(id), ownerId));
    }

    @Transactional(readOnly = true)
    public ListingPage mine(UUID ownerId, @Nullable String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        Instant afterCreatedAt = null;
        UUID afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                afterCreatedAt = Instant.parse(parts[0]);
                afterId = UUID.fromString(parts[1]);
            } catch (IllegalArgumentException | DateTimeException | ArrayIndexOutOfBoundsException e) {
                throw InvalidInput.of("cursor", "listings.cursor.invalid");
            }
        }
        List<Listing> found = repository.byOwner(ownerId, afterCreatedAt, afterId, size + 1);
        String next = null;
        if (found.size() > size) {
            found = found.subList(0, size);
            Listing last = found.get(size - 1);
            next = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((last.createdAt + "|" + last.id).getBytes(StandardCharsets.UTF_8));
        }
        return new ListingPage(found.stream().map(keeper::view).toList(), next);
    }

    /** The ids of every listing everyone may see, for read models that rebuild themselves. */
    @Transactional(readOnly = true)
    public List<UUID> publicIds() {
        return repository.publicIds();
    }

    /** The newest published listings, for the home page. */
    @Transactional(readOnly = true)
    public List<ListingView> latest(int limit) {
        return repository.latestPublic(Math.max(1, Math.min(limit, 48))).stream()
                .map(keeper::view)
                .toList();
    }

    /** For operators: listings waiting for approval first, then the newest. */
    @Transactional(readOnly = true)
    public List<ListingView> forModeration(int limit) {
        return repository.forModeration(Math.max(1, Math.min(limit, 500))).stream()
                .map(keeper::view)
                .toList();
    }
    // --- drafting --------------------------------------------------------------------------------

    /**
     * Starts a draft; listing type, category and title are needed, the rest may come later. Limited
     * per member.
     */
    public ListingView create(UUID ownerId, ListingDraft draft) {
        return drafting.create(ownerId, draft);
    }

    /** Changes what the draft names; {@code null}s leave values as they are. */
    @Transactional
    public ListingView update(UUID ownerId, UUID id, ListingDraft changes) {
        return drafting.update(ownerId, id, changes);
    }

    // --- lifecycle -------------------------------------------------------------------------------

    /**
     * Publishes a draft (or sends it for approval) once its owner is verified (403 otherwise) and it has
     * everything its listing type requires (422 naming each missing field otherwise).
     */
    @Transactional
    public ListingView publish(UUID ownerId, UUID id) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        accounts.requireVerified(ownerId);
        requireComplete(listing);
        listing.publish(marketplace.settings().approvalRequired(), clock.instant());
        return keeper.save(listing);
    }

    @Transactional
    public ListingView open(UUID ownerId, UUID id) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        accounts.requireVerified(ownerId);
        requireComplete(listing);
        listing.open(clock.instant());
        return keeper.save(listing);
    }

    @Transactional
    public ListingView close(UUID ownerId, UUID id) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        listing.close(clock.instant());
        return keeper.save(listing);
    }

    /** Hides the listing for good; its photos are removed once that is committed. */
    @Transactional
    public void delete(UUID ownerId, UUID id) {
        delete(keeper.ownedForUpdate(ownerId, id));
    }

    private void delete(Listing listing) {
        Instant now = clock.instant();
        listing.delete(now);
        repository.markDeleted(listing.id, now);
        listing.photos.forEach(photo -> ListingKeeper.afterCommit(() -> images.delete(photo.imageId())));
        keeper.publish(listing);
    }

    private void requireComplete(Listing listing) {
        ListingType type = keeper.typeOf(listing);
        List<FieldProblem> missing = new ArrayList<>();
        if (listing.title.isBlank()) {
            missing.add(new FieldProblem("title", "listings.required"));
        }
        if (listing.description.isBlank()) {
            missing.add(new FieldProblem("description", "listings.required"));
        }
        if (marketplace
                .category(listing.category)
                .filter(c -> c.allows(type.key()))
                .isEmpty()) {
            missing.add(new FieldProblem("category", "listings.required"));
        }
        if (type.requires(Requirement.PRICE) && listing.price == null) {
            missing.add(new FieldProblem("price", "listings.required"));
        }
        if (type.requires(Requirement.LOCATION) && listing.location == null) {
            missing.add(new FieldProblem("location", "listings.required"));
        }
        if (type.requires(Requirement.PHOTOS) && listing.photos.isEmpty()) {
            missing.add(new FieldProblem("photos", "listings.photos.required"));
        }
        marketplace.missingRequiredFields(type.key(), listing.category, listing.fields).stream()
                .map(key -> new FieldProblem("fields." + key, "listings.required"))
                .forEach(missing::add);
        if (!missing.isEmpty()) {
            throw Refusal.invalidState("listings.incomplete", missing);
        }
    }

    // --- operators -------------------------------------------------------------------------------

    @Transactional
    public ListingView approve(UUID id) {
        Listing listing = keeper.anyForUpdate(id);
        listing.approve(clock.instant());
        return keeper.save(listing);
    }

    /** Sends a pending listing back to draft; the owner sees the reason. */
    @Transactional
    public ListingView reject(UUID id, String reason) {
        String stripped = reason.strip();
        if (stripped.isEmpty() || stripped.length() > REASON_MAX) {
            throw InvalidInput.of("reason", "validation.length", 1, REASON_MAX);
        }
        if (!Text.acceptable(stripped)) {
            throw InvalidInput.of("reason", "validation.characters");
        }
        Listing listing = keeper.anyForUpdate(id);
        listing.reject(stripped, clock.instant());
        return keeper.save(listing);
    }

    @Transactional
    public ListingView closeAsOperator(UUID id) {
        Listing listing = keeper.anyForUpdate(id);
        listing.close(clock.instant());
        return keeper.save(listing);
    }

    // --- the owner's standing --------------------------------------------------------------------

    /** A suspended member's listings are hidden, whatever their status, until they are reinstated. */
    @Transactional
    public void hideListingsOf(UUID ownerId, boolean hidden) {
        Instant now = clock.instant();
        repository.setOwnerHidden(ownerId, hidden).forEach(id -> events.publishEvent(new ListingChanged(id, now)));
    }

    /**
     * A deleted member offers nothing any more and leaves nothing personal behind. Their published
     * listings are closed and kept only as what others' conversations name (title, type, category,
     * price), without description, place, custom fields or photos, as are listings they deleted
     * earlier; all their other listings (drafts, pending, closed) are deleted outright.
     * Every photo's files go before the rows that name them, in this transaction: were the files to go
     * after the commit and the node to stop in between, nobody would remove them. Running it again
     * (events arrive at least once) changes nothing.
     */
    @Transactional
    public void removeListingsOf(UUID ownerId) {
        Instant now = clock.instant();
        // locked first, so a photo upload still under way either lands before this or finds no listing
        List<Listing> live = repository.idsOfOwner(ownerId).stream()
                .map(keeper::anyForUpdate)
                .toList();
        repository.imagesOfOwner(ownerId).forEach(images::delete);
        for (Listing listing : live) {
            if (listing.status == ListingStatus.PUBLISHED) {
                listing.close(now);
                repository.update(listing);
                repository.markDeleted(listing.id, now);
            } else {
                repository.remove(listing.id);
            }
            listing.delete(now);
            keeper.publish(listing);
        }
        repository.eraseDeletedOf(ownerId);
    }
    // --- photos ----------------------------------------------------------------------------------

    /**
     * Adds a photo at the end; refuses a 21st (422) before the upload is even read. Uploads are limited
     * per member: each costs decoding and re-encoding. The image is decoded and stored before the
     * transaction that adds it begins, so no connection or lock on the listing waits for the decoding.
     */
    public ListingPhoto addPhoto(UUID ownerId, UUID id, InputStream content) {
        return photos.addPhoto(ownerId, id, content);
    }

    @Transactional
    public void removePhoto(UUID ownerId, UUID id, UUID photoId) {
        photos.removePhoto(ownerId, id, photoId);
    }

    /** Puts the photos in this order; it must name each of them exactly once. */
    @Transactional
    public ListingView reorderPhotos(UUID ownerId, UUID id, List<UUID> order) {
        return photos.reorderPhotos(ownerId, id, order);
    }

    /** Moves a photo one place earlier (-1) or later (+1); for pages without JavaScript. */
    @Transactional
    public ListingView movePhoto(UUID ownerId, UUID id, UUID photoId, int by) {
        return photos.movePhoto(ownerId, id, photoId, by);
    }

    // --- availability ----------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public WeeklyPlan weeklyPlan(UUID id, @Nullable UUID viewerId, boolean operator) {
        return calendar.weeklyPlan(id, viewerId, operator);
    }

    /** Replaces the weekly plan; days not named are closed. */
    @Transactional
    public WeeklyPlan setWeeklyPlan(UUID ownerId, UUID id, List<WeeklyPlan.OpenDay> days) {
        return calendar.setWeeklyPlan(ownerId, id, days);
    }

    @Transactional(readOnly = true)
    public List<AvailabilityException> exceptions(UUID ownerId, UUID id, LocalDate from, LocalDate toInclusive) {
        return calendar.exceptions(ownerId, id, from, toInclusive);
    }

    /** Blocks the days (0 seats) or gives them other seats than the weekly plan. */
    @Transactional
    public AvailabilityException addException(
            UUID ownerId, UUID id, @Nullable LocalDate start, @Nullable LocalDate end, int seats) {
        return calendar.addException(ownerId, id, start, end, seats);
    }

    @Transactional
    public void removeException(UUID ownerId, UUID id, UUID exceptionId) {
        calendar.removeException(ownerId, id, exceptionId);
    }

    /**
     * Free seats per day from {@code start} to {@code end} (exclusive), for a listing this viewer may
     * see; at most {@link Availability#MAX_DAYS} days.
     */
    @Transactional(readOnly = true)
    public List<DayAvailability> availability(
            UUID id, @Nullable UUID viewerId, boolean operator, LocalDate start, LocalDate end) {
        return calendar.availability(id, viewerId, operator, start, end);
    }

    /**
     * What the public listing page shows: the listing, its owner's public profile (empty for a
     * suspended owner) and, if it is bookable, one month of free seats.
     */
    record Shown(
            ListingView listing,
            Optional<MemberProfile> provider,
            @Nullable YearMonth month,
            List<DayAvailability> days,
            LocalDate today) {}

    /**
     * The public page's reads in one transaction, loading the listing once: {@link #find}, then
     * {@link #availability} and the owner's profile would load it twice, in three transactions.
     *
     * @param month the month to show; null for the current one in the listing's time zone
     */
    @Transactional(readOnly = true)
    Optional<Shown> shown(UUID id, @Nullable UUID viewerId, boolean operator, @Nullable YearMonth month) {
        return repository
                .find(id)
                .filter(l -> keeper.visible(l, viewerId, operator))
                .map(listing -> {
                    ListingView view = keeper.view(listing);
                    Optional<MemberProfile> provider = accounts.profile(listing.ownerId);
                    TransactionKind kind = keeper.typeOf(listing).transaction();
                    LocalDate today = LocalDate.ofInstant(clock.instant(), listing.timeZone);
                    if (!kind.bookable()) {
                        return new Shown(view, provider, null, List.of(), today);
                    }
                    YearMonth shown = month == null ? YearMonth.from(today) : month;
                    return new Shown(
                            view,
                            provider,
                            shown,
                            calendar.days(
                                    listing,
                                    kind,
                                    shown.atDay(1),
                                    shown.plusMonths(1).atDay(1),
                                    today),
                            today);
                });
    }

    // --- stock -----------------------------------------------------------------------------------

    /**
     * Sets a purchase listing's stock. With {@code expected}, refuses (409) if the stock is no longer
     * what the owner last saw, so two editors can't overwrite each other's count blindly.
     */
    @Transactional
    public int setStock(UUID ownerId, UUID id, int quantity, @Nullable Integer expected, @Nullable String reason) {
        return stock.setStock(ownerId, id, quantity, expected, reason);
    }

    /**
     * Takes this many items of a published purchase listing's stock for an order, in the caller's
     * transaction. Concurrent orders can't take more than is left: the stock is lowered by one
     * conditional statement, and an order that finds too little is refused (409) with what is left.
     */
    @Transactional
    public void reserveStock(UUID listingId, int quantity, UUID orderId) {
        stock.reserveStock(listingId, quantity, orderId);
    }

    /**
     * Gives back items an order reserved, in the caller's transaction, also to a closed listing; never
     * more than the order still holds (422). A listing deleted meanwhile has no stock to take them.
     */
    @Transactional
    public void releaseStock(UUID listingId, int quantity, UUID orderId) {
        stock.releaseStock(listingId, quantity, orderId);
    }

    @Transactional(readOnly = true)
    public List<StockAdjustment> stockAdjustments(UUID ownerId, UUID id) {
        return stock.stockAdjustments(ownerId, id);
    }

    /** Seats of a listing were booked or freed; its kept public page shows them once this commits. */
    record SeatsChanged(UUID listingId) {}

    /** Tells the listing's pages that bookings took or freed seats (the transactions module calls it). */
    public void seatsChanged(UUID listingId) {
        events.publishEvent(new SeatsChanged(listingId));
    }
}
