package dev.souk.listings;

import static dev.souk.listings.Listings.ADDRESS_MAX;
import static dev.souk.listings.Listings.DESCRIPTION_MAX;
import static dev.souk.listings.Listings.HOUSE_RULES_MAX;
import static dev.souk.listings.Listings.MAX_AMOUNT;
import static dev.souk.listings.Listings.MAX_FEES;
import static dev.souk.listings.Listings.MAX_SEATS;
import static dev.souk.listings.Listings.TITLE_MAX;

import dev.souk.infra.RateLimit;
import dev.souk.infra.RateLimits;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceSettings;
import dev.souk.marketplace.TransactionKind;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import dev.souk.shared.Text;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Drafting for {@link Listings}: starts drafts and changes their content, checking every value against the
 * marketplace's catalogue and limits. Its checks are most of its length: one per thing a member sets.
 */
@Component
final class ListingDrafting {

    private final ListingKeeper keeper;
    private final ListingRepository repository;
    private final StockStore stock;
    private final Marketplace marketplace;
    private final Clock clock;
    private final RateLimits rateLimits;
    private final RateLimit drafts;
    private final TransactionOperations transactions;

    ListingDrafting(
            ListingKeeper keeper,
            ListingRepository repository,
            StockStore stock,
            Marketplace marketplace,
            Clock clock,
            RateLimits rateLimits,
            TransactionOperations transactions) {
        this.keeper = keeper;
        this.repository = repository;
        this.stock = stock;
        this.marketplace = marketplace;
        this.clock = clock;
        this.rateLimits = rateLimits;
        this.drafts = rateLimits.define("listing-drafts", 30, Duration.ofHours(1));
        this.transactions = transactions;
    }

    /**
     * Starts a draft; listing type, category and title are needed, the rest may come later. Limited
     * per member.
     */
    ListingView create(UUID ownerId, ListingDraft draft) {
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
            stock.insertAdjustment(
                    listing.id, new StockAdjustment(UUID.randomUUID(), 1, 1, "initial", ownerId, now, null));
        }
        return keeper.view(listing);
    }

    /** Changes what the draft names; {@code null}s leave values as they are. */
    ListingView update(UUID ownerId, UUID id, ListingDraft changes) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        ListingType type = keeper.typeOf(listing);
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
        return keeper.save(listing);
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

    static void checkSeats(String field, int seats, int min, ListingType type, List<FieldProblem> problems) {
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
}
