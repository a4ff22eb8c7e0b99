package dev.souk.listings;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberProfile;
import dev.souk.infra.RateLimit;
import dev.souk.infra.RateLimits;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceSettings;
import dev.souk.marketplace.Requirement;
import dev.souk.marketplace.TransactionKind;
import dev.souk.media.ImageKind;
import dev.souk.media.Images;
import dev.souk.media.StoredImage;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The facade of the listings module. Every write names the acting member; another member's listing
 * is answered as if it did not exist (404). Nothing of a refused write is stored.
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
    private final Marketplace marketplace;
    private final Accounts accounts;
    private final Images images;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RateLimits rateLimits;
    private final RateLimit drafts;
    private final RateLimit photos;
    private final TransactionOperations transactions;
    private final ObjectProvider<BookedSeats> bookedSeats;

    Listings(
            ListingRepository repository,
            Marketplace marketplace,
            Accounts accounts,
            Images images,
            ApplicationEventPublisher events,
            Clock clock,
            RateLimits rateLimits,
            TransactionOperations transactions,
            ObjectProvider<BookedSeats> bookedSeats) {
        this.repository = repository;
        this.marketplace = marketplace;
        this.accounts = accounts;
        this.images = images;
        this.events = events;
        this.clock = clock;
        this.rateLimits = rateLimits;
        this.drafts = rateLimits.define("listing-drafts", 30, Duration.ofHours(1));
        this.photos = rateLimits.define("listing-photos", 200, Duration.ofHours(1));
        this.transactions = transactions;
        this.bookedSeats = bookedSeats;
    }

    // --- reading ---------------------------------------------------------------------------------

    /**
     * The listing if this viewer may see it: everyone a published listing of a member in good
     * standing, its owner and operators any state of it.
     */
    @Transactional(readOnly = true)
    public Optional<ListingView> find(UUID id, @Nullable UUID viewerId, boolean operator) {
        return repository.find(id).filter(l -> visible(l, viewerId, operator)).map(this::view);
    }

    /** A listing everyone may see, for modules that act on public listings (messaging, transactions). */
    @Transactional(readOnly = true)
    public Optional<ListingView> findPublic(UUID id) {
        return find(id, null, false);
    }

    /** The owner's own listing; 404 for anyone else's. */
    @Transactional(readOnly = true)
    public ListingView own(UUID ownerId, UUID id) {
        return view(owned(repository.find(id), ownerId));
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
        return new ListingPage(found.stream().map(this::view).toList(), next);
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
                .map(this::view)
                .toList();
    }

    /** For operators: listings waiting for approval first, then the newest. */
    @Transactional(readOnly = true)
    public List<ListingView> forModeration(int limit) {
        return repository.forModeration(Math.max(1, Math.min(limit, 500))).stream()
                .map(this::view)
                .toList();
    }

    // --- drafting --------------------------------------------------------------------------------

    /**
     * Starts a draft; listing type, category and title are needed, the rest may come later. Limited
     * per member.
     */
    public ListingView create(UUID ownerId, ListingDraft draft) {
        rateLimits.take(drafts.key(ownerId));
        return Objects.requireNonNull(transactions.execute(status -> startDraft(ownerId, draft)));
    }

    private ListingView startDraft(UUID ownerId, ListingDraft draft) {
        List<FieldProblem> problems = new ArrayList<>();
        ListingType type = null;
        if (draft.listingType() == null
                || (type = marketplace.listingType(draft.listingType()).orElse(null)) == null) {
            problems.add(new FieldProblem("listingType", "listings.listingType.unknown"));
        }
        if (draft.title() == null || draft.title().isBlank()) {
            problems.add(new FieldProblem("title", "validation.length", 1, TITLE_MAX));
        }
        String categoryKey = draft.category() == null ? "" : draft.category();
        if (type != null) {
            checkCategory(type, categoryKey, problems);
        }
        if (!problems.isEmpty() || type == null) {
            throw new InvalidInput(problems);
        }
        Instant now = clock.instant();
        Listing listing = new Listing(
                UUID.randomUUID(),
                ownerId,
                type.key(),
                categoryKey,
                marketplace.settings().timeZone(),
                now);
        listing.instantBook = type.instantBook();
        apply(listing, type, draft);
        if (type.transaction() == TransactionKind.PURCHASE) {
            listing.stock = 1;
        }
        repository.insert(listing);
        if (!listing.fees.isEmpty()) {
            repository.saveFees(listing);
        }
        if (listing.stock != null) {
            repository.insertAdjustment(
                    listing.id, new StockAdjustment(UUID.randomUUID(), 1, 1, "initial", ownerId, now, null));
        }
        return view(listing);
    }

    /** Changes what the draft names; {@code null}s leave values as they are. */
    @Transactional
    public ListingView update(UUID ownerId, UUID id, ListingDraft changes) {
        Listing listing = ownedForUpdate(ownerId, id);
        ListingType type = typeOf(listing);
        if (changes.listingType() != null && !changes.listingType().equals(listing.listingType)) {
            throw InvalidInput.of("listingType", "listings.listingType.fixed");
        }
        if (changes.category() != null && !changes.category().equals(listing.category)) {
            List<FieldProblem> problems = new ArrayList<>();
            checkCategory(type, changes.category(), problems);
            if (!problems.isEmpty()) {
                throw new InvalidInput(problems);
            }
            listing.category = changes.category();
        }
        apply(listing, type, changes);
        if (changes.fees() != null) {
            repository.saveFees(listing);
        }
        listing.touched(clock.instant());
        return save(listing);
    }

    private void checkCategory(ListingType type, String categoryKey, List<FieldProblem> problems) {
        Optional<Category> category = marketplace.category(categoryKey);
        if (category.isEmpty()) {
            problems.add(new FieldProblem("category", "listings.category.unknown"));
        } else if (!category.get().allows(type.key())) {
            problems.add(new FieldProblem("category", "listings.category.notForType"));
        }
    }

    /** Checks every value the draft names, refusing all of them (400) if any is wrong. */
    private void apply(Listing listing, ListingType type, ListingDraft d) {
        List<FieldProblem> problems = new ArrayList<>();
        MarketplaceSettings settings = marketplace.settings();
        String title = d.title() == null ? listing.title : d.title().strip();
        if (d.title() != null && (title.isEmpty() || title.length() > TITLE_MAX)) {
            problems.add(new FieldProblem("title", "validation.length", 1, TITLE_MAX));
        } else if (!Text.oneLine(title)) {
            problems.add(new FieldProblem("title", "validation.oneLine"));
        }
        String description =
                d.description() == null ? listing.description : d.description().strip();
        if (description.length() > DESCRIPTION_MAX) {
            problems.add(new FieldProblem("description", "validation.length", 0, DESCRIPTION_MAX));
        } else if (!Text.acceptable(description)) {
            problems.add(new FieldProblem("description", "validation.characters"));
        }
        Map<String, Object> fields = new LinkedHashMap<>(listing.fields);
        if (d.fields() != null) {
            try {
                Map<String, Object> checked = marketplace.checkFieldValues(type.key(), listing.category, d.fields());
                d.fields().keySet().forEach(fields::remove);
                fields.putAll(checked);
            } catch (InvalidInput invalid) {
                problems.addAll(invalid.problems());
            }
        }
        // a new category may not have the fields the old one had
        Set<String> applicable = new HashSet<>();
        marketplace.config().fieldsFor(type.key(), listing.category).forEach(f -> applicable.add(f.key()));
        fields.keySet().retainAll(applicable);
        Money price = d.price() == null ? listing.price : d.price();
        if (d.price() != null) {
            if (!d.price().isPositive()) {
                problems.add(new FieldProblem("price", "listings.price.positive"));
            } else if (d.price().amount() > MAX_AMOUNT) {
                problems.add(new FieldProblem("price", "listings.price.max", maxAmount(d.price()), code(d.price())));
            } else if (!settings.allows(d.price().currency())) {
                problems.add(new FieldProblem("price", "listings.price.currency", code(d.price())));
            }
        }
        List<ListingFee> fees = d.fees() == null ? listing.fees : checkFees(d.fees(), price, problems);
        if (d.fees() == null
                && price != null
                && fees.stream().anyMatch(f -> !f.amount().currency().equals(price.currency()))) {
            // a new currency for the price needs the fees in it too
            problems.add(new FieldProblem("fees", "listings.fees.currency", code(price)));
        }
        Location location = d.location() == null ? listing.location : checkLocation(d.location(), problems);
        ZoneId zone = listing.timeZone;
        if (d.timeZone() != null) {
            try {
                zone = ZoneId.of(d.timeZone().strip());
            } catch (DateTimeException e) {
                problems.add(new FieldProblem("timeZone", "listings.timeZone.invalid"));
            }
        }
        int seats = d.seats() == null ? listing.seats : d.seats();
        if (d.seats() != null) {
            checkSeats("seats", seats, 1, type, problems);
        }
        Rules rules = d.rules() == null ? listing.rules : checkRules(d.rules(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        listing.title = title;
        listing.description = description;
        listing.fields = fields;
        listing.price = price;
        listing.fees = fees;
        listing.location = location;
        listing.timeZone = zone;
        if (d.instantBook() != null) {
            // the operator decides whether a listing type may be booked instantly; an owner may only opt out
            listing.instantBook = type.instantBook() && d.instantBook();
        }
        listing.seats = seats;
        listing.rules = rules;
    }

    /**
     * Up to {@link #MAX_FEES} fees in the price's currency, each with a key of its own: the key given,
     * or one made from the label.
     */
    private static List<ListingFee> checkFees(
            List<ListingFee> given, @Nullable Money price, List<FieldProblem> problems) {
        if (given.size() > MAX_FEES) {
            problems.add(new FieldProblem("fees", "listings.fees.tooMany", MAX_FEES));
            return List.of();
        }
        if (!given.isEmpty() && price == null) {
            problems.add(new FieldProblem("fees", "listings.fees.needPrice"));
            return List.of();
        }
        Set<String> keys = new HashSet<>();
        String[] named = new String[given.size()];
        for (int i = 0; i < given.size(); i++) {
            String key = given.get(i).key().strip();
            if (key.isEmpty()) {
                continue;
            }
            if (key.length() > ListingFee.KEY_MAX
                    || !ListingFee.KEY.matcher(key).matches()) {
                problems.add(new FieldProblem("fees[" + i + "].key", "listings.fees.key", ListingFee.KEY_MAX));
            } else if (!keys.add(key)) {
                problems.add(new FieldProblem("fees[" + i + "].key", "listings.fees.keyTaken"));
            }
            named[i] = key;
        }
        List<ListingFee> checked = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            ListingFee fee = given.get(i);
            String name = "fees[" + i + "]";
            String label = fee.label().strip();
            if (label.isEmpty() || label.length() > ListingFee.LABEL_MAX) {
                problems.add(new FieldProblem(name + ".label", "validation.length", 1, ListingFee.LABEL_MAX));
            } else if (!Text.oneLine(label)) {
                problems.add(new FieldProblem(name + ".label", "validation.oneLine"));
            }
            Money amount = fee.amount();
            if (!amount.isPositive()) {
                problems.add(new FieldProblem(name + ".amount", "listings.fees.positive"));
            } else if (amount.amount() > MAX_AMOUNT) {
                problems.add(new FieldProblem(name + ".amount", "listings.fees.max", maxAmount(amount), code(amount)));
            } else if (price != null && !amount.currency().equals(price.currency())) {
                problems.add(new FieldProblem(name + ".amount", "listings.fees.currency", code(price)));
            }
            if (problems.isEmpty()) {
                String key = named[i] != null ? named[i] : ListingFee.keyFor(label, keys);
                checked.add(new ListingFee(key, label, amount));
            }
        }
        return checked;
    }

    private static BigDecimal maxAmount(Money money) {
        return new Money(MAX_AMOUNT, money.currency()).decimal();
    }

    private static String code(Money money) {
        return money.currency().getCurrencyCode();
    }

    private static @Nullable Location checkLocation(Location location, List<FieldProblem> problems) {
        String address = location.address() == null ? "" : location.address().strip();
        if (address.isEmpty() || address.length() > ADDRESS_MAX) {
            problems.add(new FieldProblem("location.address", "validation.length", 1, ADDRESS_MAX));
        } else if (!Text.oneLine(address)) {
            problems.add(new FieldProblem("location.address", "validation.oneLine"));
        }
        if (!(location.latitude() >= -90 && location.latitude() <= 90)) {
            problems.add(new FieldProblem("location.latitude", "listings.latitude.range"));
        }
        if (!(location.longitude() >= -180 && location.longitude() <= 180)) {
            problems.add(new FieldProblem("location.longitude", "listings.longitude.range"));
        }
        return new Location(address, location.latitude(), location.longitude());
    }

    private static void checkSeats(String field, int seats, int min, ListingType type, List<FieldProblem> problems) {
        if (seats < min || seats > MAX_SEATS) {
            problems.add(new FieldProblem(field, "listings.seats.range", min, MAX_SEATS));
        } else if (seats > 1 && !type.multipleSeats()) {
            problems.add(new FieldProblem(field, "listings.seats.single"));
        }
    }

    private static Rules checkRules(Rules rules, List<FieldProblem> problems) {
        if (rules.minDuration() != null && rules.minDuration() < 1) {
            problems.add(new FieldProblem("rules.minDuration", "listings.rules.positive"));
        }
        if (rules.maxDuration() != null && rules.maxDuration() < 1) {
            problems.add(new FieldProblem("rules.maxDuration", "listings.rules.positive"));
        } else if (rules.minDuration() != null
                && rules.maxDuration() != null
                && rules.maxDuration() < rules.minDuration()) {
            problems.add(new FieldProblem("rules.maxDuration", "listings.rules.maxBelowMin"));
        }
        if (rules.advanceNoticeDays() < 0 || rules.advanceNoticeDays() > 365) {
            problems.add(new FieldProblem("rules.advanceNoticeDays", "listings.rules.notice"));
        }
        String houseRules = rules.houseRules() == null ? "" : rules.houseRules().strip();
        if (houseRules.length() > HOUSE_RULES_MAX) {
            problems.add(new FieldProblem("rules.houseRules", "validation.length", 0, HOUSE_RULES_MAX));
        } else if (!Text.acceptable(houseRules)) {
            problems.add(new FieldProblem("rules.houseRules", "validation.characters"));
        }
        return new Rules(
                rules.minDuration(),
                rules.maxDuration(),
                rules.advanceNoticeDays(),
                rules.cancellationPolicy() == null ? CancellationPolicy.FLEXIBLE : rules.cancellationPolicy(),
                houseRules);
    }

    // --- lifecycle -------------------------------------------------------------------------------

    /**
     * Publishes a draft (or sends it for approval) once its owner is verified (403 otherwise) and it has
     * everything its listing type requires (422 naming each missing field otherwise).
     */
    @Transactional
    public ListingView publish(UUID ownerId, UUID id) {
        Listing listing = ownedForUpdate(ownerId, id);
        accounts.requireVerified(ownerId);
        requireComplete(listing);
        listing.publish(marketplace.settings().approvalRequired(), clock.instant());
        return save(listing);
    }

    @Transactional
    public ListingView open(UUID ownerId, UUID id) {
        Listing listing = ownedForUpdate(ownerId, id);
        accounts.requireVerified(ownerId);
        requireComplete(listing);
        listing.open(clock.instant());
        return save(listing);
    }

    @Transactional
    public ListingView close(UUID ownerId, UUID id) {
        Listing listing = ownedForUpdate(ownerId, id);
        listing.close(clock.instant());
        return save(listing);
    }

    /** Hides the listing for good; its photos are removed once that is committed. */
    @Transactional
    public void delete(UUID ownerId, UUID id) {
        delete(ownedForUpdate(ownerId, id));
    }

    private void delete(Listing listing) {
        Instant now = clock.instant();
        listing.delete(now);
        repository.markDeleted(listing.id, now);
        listing.photos.forEach(photo -> afterCommit(() -> images.delete(photo.imageId())));
        publish(listing);
    }

    private void requireComplete(Listing listing) {
        ListingType type = typeOf(listing);
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
        Listing listing = anyForUpdate(id);
        listing.approve(clock.instant());
        return save(listing);
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
        Listing listing = anyForUpdate(id);
        listing.reject(stripped, clock.instant());
        return save(listing);
    }

    @Transactional
    public ListingView closeAsOperator(UUID id) {
        Listing listing = anyForUpdate(id);
        listing.close(clock.instant());
        return save(listing);
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
        List<Listing> live =
                repository.idsOfOwner(ownerId).stream().map(this::anyForUpdate).toList();
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
            publish(listing);
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
        rateLimits.take(photos.key(ownerId));
        requireRoomForPhoto(owned(repository.find(id), ownerId));
        StoredImage image = images.store(content, ImageKind.LISTING_PHOTO);
        try {
            return Objects.requireNonNull(transactions.execute(status -> {
                // the files are written already: take them back if this transaction does not commit
                afterRollback(() -> images.delete(image.id()));
                Listing listing = ownedForUpdate(ownerId, id);
                // again under the lock: other uploads may have been added meanwhile
                requireRoomForPhoto(listing);
                Listing.Photo photo = new Listing.Photo(UUID.randomUUID(), image.id());
                listing.photos.add(photo);
                listing.touched(clock.instant());
                repository.savePhotos(listing);
                save(listing);
                return photo(photo);
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

    @Transactional
    public void removePhoto(UUID ownerId, UUID id, UUID photoId) {
        Listing listing = ownedForUpdate(ownerId, id);
        Listing.Photo photo = photoOf(listing, photoId);
        if (listing.photos.size() == 1
                && listing.status != ListingStatus.DRAFT
                && typeOf(listing).requires(Requirement.PHOTOS)) {
            throw Refusal.invalidState("listings.photos.lastOne");
        }
        listing.photos.remove(photo);
        listing.touched(clock.instant());
        repository.savePhotos(listing);
        save(listing);
        afterCommit(() -> images.delete(photo.imageId()));
    }

    /** Puts the photos in this order; it must name each of them exactly once. */
    @Transactional
    public ListingView reorderPhotos(UUID ownerId, UUID id, List<UUID> order) {
        Listing listing = ownedForUpdate(ownerId, id);
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
        return save(listing);
    }

    /** Moves a photo one place earlier (-1) or later (+1); for pages without JavaScript. */
    @Transactional
    public ListingView movePhoto(UUID ownerId, UUID id, UUID photoId, int by) {
        Listing listing = ownedForUpdate(ownerId, id);
        Listing.Photo photo = photoOf(listing, photoId);
        int from = listing.photos.indexOf(photo);
        int to = Math.max(0, Math.min(listing.photos.size() - 1, from + Integer.signum(by)));
        listing.photos.remove(from);
        listing.photos.add(to, photo);
        listing.touched(clock.instant());
        repository.savePhotos(listing);
        return save(listing);
    }

    private static Listing.Photo photoOf(Listing listing, UUID photoId) {
        return listing.photos.stream()
                .filter(p -> p.id().equals(photoId))
                .findFirst()
                .orElseThrow(() -> Refusal.notFound("listings.photos.notFound"));
    }

    // --- availability ----------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public WeeklyPlan weeklyPlan(UUID id, @Nullable UUID viewerId, boolean operator) {
        Listing listing = visible(id, viewerId, operator);
        return planOf(listing, bookableKind(listing));
    }

    /** Replaces the weekly plan; days not named are closed. */
    @Transactional
    public WeeklyPlan setWeeklyPlan(UUID ownerId, UUID id, List<WeeklyPlan.OpenDay> days) {
        Listing listing = ownedForUpdate(ownerId, id);
        ListingType type = typeOf(listing);
        TransactionKind kind = bookableKind(listing);
        List<FieldProblem> problems = new ArrayList<>();
        Set<DayOfWeek> seen = EnumSet.noneOf(DayOfWeek.class);
        List<WeeklyPlan.OpenDay> checked = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            WeeklyPlan.OpenDay day = days.get(i);
            String name = "days[" + i + "]";
            if (day.day() == null || !seen.add(day.day())) {
                problems.add(new FieldProblem(name + ".day", "listings.plan.day"));
                continue;
            }
            checkSeats(name + ".seats", day.seats(), 1, type, problems);
            if (kind == TransactionKind.HOURLY) {
                if (day.opens() == null
                        || day.closes() == null
                        || !day.opens().isBefore(day.closes())
                        || day.opens().getMinute() != 0
                        || day.closes().getMinute() != 0) {
                    problems.add(new FieldProblem(name + ".opens", "listings.plan.hours"));
                }
                checked.add(day);
            } else {
                checked.add(new WeeklyPlan.OpenDay(day.day(), null, null, day.seats()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        repository.saveWeeklyPlan(listing.id, checked);
        listing.hasWeeklyPlan = true;
        listing.touched(clock.instant());
        save(listing);
        return new WeeklyPlan(checked, true);
    }

    @Transactional(readOnly = true)
    public List<AvailabilityException> exceptions(UUID ownerId, UUID id, LocalDate from, LocalDate toInclusive) {
        Listing listing = owned(repository.find(id), ownerId);
        return repository.exceptions(listing.id, from, toInclusive);
    }

    /** Blocks the days (0 seats) or gives them other seats than the weekly plan. */
    @Transactional
    public AvailabilityException addException(
            UUID ownerId, UUID id, @Nullable LocalDate start, @Nullable LocalDate end, int seats) {
        Listing listing = ownedForUpdate(ownerId, id);
        ListingType type = typeOf(listing);
        bookableKind(listing);
        List<FieldProblem> problems = new ArrayList<>();
        if (start == null) {
            problems.add(new FieldProblem("start", "validation.required"));
        }
        if (end == null) {
            problems.add(new FieldProblem("end", "validation.required"));
        }
        if (start != null
                && end != null
                && (end.isBefore(start) || ChronoUnit.DAYS.between(start, end) >= Availability.MAX_DAYS)) {
            problems.add(new FieldProblem("end", "listings.range.invalid", Availability.MAX_DAYS));
        }
        checkSeats("seats", seats, 0, type, problems);
        if (!problems.isEmpty() || start == null || end == null) {
            throw new InvalidInput(problems);
        }
        AvailabilityException exception = new AvailabilityException(UUID.randomUUID(), start, end, seats);
        Instant now = clock.instant();
        repository.insertException(listing.id, exception, now);
        listing.touched(now);
        save(listing);
        return exception;
    }

    @Transactional
    public void removeException(UUID ownerId, UUID id, UUID exceptionId) {
        Listing listing = ownedForUpdate(ownerId, id);
        if (!repository.deleteException(listing.id, exceptionId)) {
            throw Refusal.notFound("listings.exception.notFound");
        }
        listing.touched(clock.instant());
        save(listing);
    }

    /**
     * Free seats per day from {@code start} to {@code end} (exclusive), for a listing this viewer may
     * see; at most {@link Availability#MAX_DAYS} days.
     */
    @Transactional(readOnly = true)
    public List<DayAvailability> availability(
            UUID id, @Nullable UUID viewerId, boolean operator, LocalDate start, LocalDate end) {
        Listing listing = visible(id, viewerId, operator);
        TransactionKind kind = bookableKind(listing);
        if (!end.isAfter(start) || ChronoUnit.DAYS.between(start, end) > Availability.MAX_DAYS) {
            throw InvalidInput.of("end", "listings.range.invalid", Availability.MAX_DAYS);
        }
        return days(listing, kind, start, end);
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
        return repository.find(id).filter(l -> visible(l, viewerId, operator)).map(listing -> {
            ListingView view = view(listing);
            Optional<MemberProfile> provider = accounts.profile(listing.ownerId);
            TransactionKind kind = typeOf(listing).transaction();
            LocalDate today = LocalDate.ofInstant(clock.instant(), listing.timeZone);
            if (!kind.bookable()) {
                return new Shown(view, provider, null, List.of(), today);
            }
            YearMonth shown = month == null ? YearMonth.from(today) : month;
            return new Shown(
                    view,
                    provider,
                    shown,
                    days(listing, kind, shown.atDay(1), shown.plusMonths(1).atDay(1), today),
                    today);
        });
    }

    private List<DayAvailability> days(Listing listing, TransactionKind kind, LocalDate start, LocalDate end) {
        return days(listing, kind, start, end, LocalDate.ofInstant(clock.instant(), listing.timeZone));
    }

    private List<DayAvailability> days(
            Listing listing, TransactionKind kind, LocalDate start, LocalDate end, LocalDate today) {
        BookedSeats booked = bookedSeats.getIfAvailable();
        return Availability.compute(
                kind,
                planOf(listing, kind),
                repository.exceptions(listing.id, start, end.minusDays(1)),
                start,
                end,
                today.plusDays(listing.rules.advanceNoticeDays()),
                booked == null ? Map.of() : booked.taken(listing.id, start.atStartOfDay(), end.atStartOfDay()));
    }

    private WeeklyPlan planOf(Listing listing, TransactionKind kind) {
        if (!listing.hasWeeklyPlan) {
            WeeklyPlan defaults = WeeklyPlan.defaultPlan(kind == TransactionKind.HOURLY);
            return new WeeklyPlan(
                    defaults.days().stream()
                            .map(d -> new WeeklyPlan.OpenDay(d.day(), d.opens(), d.closes(), listing.seats))
                            .toList(),
                    false);
        }
        return new WeeklyPlan(repository.weeklyPlan(listing.id), true);
    }

    private TransactionKind bookableKind(Listing listing) {
        TransactionKind kind = typeOf(listing).transaction();
        if (!kind.bookable()) {
            throw Refusal.invalidState("listings.notBookable");
        }
        return kind;
    }

    // --- stock -----------------------------------------------------------------------------------

    /**
     * Sets a purchase listing's stock. With {@code expected}, refuses (409) if the stock is no longer
     * what the owner last saw, so two editors can't overwrite each other's count blindly.
     */
    @Transactional
    public int setStock(UUID ownerId, UUID id, int quantity, @Nullable Integer expected, @Nullable String reason) {
        Listing listing = ownedForUpdate(ownerId, id);
        if (typeOf(listing).transaction() != TransactionKind.PURCHASE || listing.stock == null) {
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
        repository.insertAdjustment(
                listing.id,
                new StockAdjustment(UUID.randomUUID(), quantity - current, quantity, why, ownerId, now, null));
        listing.stock = quantity;
        listing.touched(now);
        save(listing);
        return quantity;
    }

    /**
     * Takes this many items of a published purchase listing's stock for an order, in the caller's
     * transaction. Concurrent orders can't take more than is left: the stock is lowered by one
     * conditional statement, and an order that finds too little is refused (409) with what is left.
     */
    @Transactional
    public void reserveStock(UUID listingId, int quantity, UUID orderId) {
        requireQuantity(quantity);
        Instant now = clock.instant();
        OptionalInt left = repository.takeStock(listingId, quantity, now);
        if (left.isEmpty()) {
            Listing listing = repository.find(listingId).orElseThrow(() -> Refusal.notFound("listings.notFound"));
            requirePurchase(listing);
            if (listing.status != ListingStatus.PUBLISHED || listing.ownerHidden) {
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
    @Transactional
    public void releaseStock(UUID listingId, int quantity, UUID orderId) {
        requireQuantity(quantity);
        Optional<Listing> found = repository.findForUpdate(listingId);
        if (found.isEmpty()) {
            return;
        }
        requirePurchase(found.get());
        // under the listing's lock: two releases of one order queue up and the second sees the first
        int held = repository.heldBy(listingId, orderId);
        if (quantity > held) {
            throw Refusal.invalidState("listings.stock.notHeld", held);
        }
        Instant now = clock.instant();
        int left = repository.giveBackStock(listingId, quantity, now);
        stockChanged(listingId, quantity, left, "released by order " + orderId, orderId, now);
    }

    private static void requireQuantity(int quantity) {
        if (quantity < 1 || quantity > MAX_STOCK) {
            throw InvalidInput.of("quantity", "listings.stock.quantity", MAX_STOCK);
        }
    }

    private void requirePurchase(Listing listing) {
        if (listing.stock == null || typeOf(listing).transaction() != TransactionKind.PURCHASE) {
            throw Refusal.invalidState("listings.stock.notPurchase");
        }
    }

    private void stockChanged(UUID listingId, int change, int left, String reason, UUID orderId, Instant now) {
        repository.insertAdjustment(
                listingId, new StockAdjustment(UUID.randomUUID(), change, left, reason, null, now, orderId));
        events.publishEvent(new ListingChanged(listingId, now));
    }

    @Transactional(readOnly = true)
    public List<StockAdjustment> stockAdjustments(UUID ownerId, UUID id) {
        return repository.adjustments(owned(repository.find(id), ownerId).id);
    }

    /** Seats of a listing were booked or freed; its kept public page shows them once this commits. */
    record SeatsChanged(UUID listingId) {}

    /** Tells the listing's pages that bookings took or freed seats (the transactions module calls it). */
    public void seatsChanged(UUID listingId) {
        events.publishEvent(new SeatsChanged(listingId));
    }

    // --- internals -------------------------------------------------------------------------------

    private ListingView save(Listing listing) {
        repository.update(listing);
        publish(listing);
        return view(listing);
    }

    private void publish(Listing listing) {
        listing.takeEvents().forEach(events::publishEvent);
    }

    private Listing ownedForUpdate(UUID ownerId, UUID id) {
        return owned(repository.findForUpdate(id), ownerId);
    }

    private static Listing owned(Optional<Listing> found, UUID ownerId) {
        return found.filter(l -> l.ownerId.equals(ownerId)).orElseThrow(() -> Refusal.notFound("listings.notFound"));
    }

    private Listing anyForUpdate(UUID id) {
        return repository.findForUpdate(id).orElseThrow(() -> Refusal.notFound("listings.notFound"));
    }

    private Listing visible(UUID id, @Nullable UUID viewerId, boolean operator) {
        return repository
                .find(id)
                .filter(l -> visible(l, viewerId, operator))
                .orElseThrow(() -> Refusal.notFound("listings.notFound"));
    }

    private static boolean visible(Listing l, @Nullable UUID viewerId, boolean operator) {
        return operator || l.ownerId.equals(viewerId) || l.status == ListingStatus.PUBLISHED && !l.ownerHidden;
    }

    private ListingType typeOf(Listing listing) {
        return marketplace
                .listingType(listing.listingType)
                .orElseThrow(() -> new IllegalStateException("listing type " + listing.listingType + " is gone"));
    }

    private ListingView view(Listing l) {
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

    private ListingPhoto photo(Listing.Photo photo) {
        StoredImage image = images.image(photo.imageId(), ImageKind.LISTING_PHOTO);
        return new ListingPhoto(photo.id(), photo.imageId(), image.url("large"), image.url("thumb"));
    }

    static void afterCommit(Runnable action) {
        runAfter(action, TransactionSynchronization.STATUS_COMMITTED);
    }

    private static void afterRollback(Runnable action) {
        runAfter(action, TransactionSynchronization.STATUS_ROLLED_BACK);
    }

    private static void runAfter(Runnable action, int status) {
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
