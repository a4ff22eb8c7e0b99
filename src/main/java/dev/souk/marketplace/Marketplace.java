package dev.souk.marketplace;

import dev.souk.infra.ChangeNotices;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The facade of the marketplace module: the operator's configuration, and the checks other modules
 * make against it (is this listing type known, are these custom field values valid).
 */
@Service
public class Marketplace {

    static final int NAME_MAX = 60;
    static final int DESCRIPTION_MAX = 500;
    static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9-]{0,39}$");
    /** The topic of {@link ChangeNotices} that tells every node the configuration changed. */
    static final String TOPIC = "marketplace";

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Bound to a transaction that is changing the configuration: it must read its own changes. */
    private static final Object CHANGING = new Object();

    private final Catalog catalog;
    private final List<CatalogUsage> usages;
    private final ChangeNotices notices;
    private final TransactionTemplate committedRead;
    /** Counts the changes heard of; a configuration read before the last one is never kept. */
    private final AtomicLong version = new AtomicLong();

    private volatile @Nullable Kept kept;

    /** The configuration as committed when {@link #version} was {@code version}. */
    private record Kept(MarketplaceConfig config, long version) {}

    /** @param usages the modules storing listings; none (yet): nothing is in use */
    Marketplace(
            Catalog catalog,
            List<CatalogUsage> usages,
            ChangeNotices notices,
            PlatformTransactionManager transactions) {
        this.catalog = catalog;
        this.usages = List.copyOf(usages);
        this.notices = notices;
        var read = new TransactionTemplate(transactions);
        read.setReadOnly(true);
        // the settings and the catalogue tables read as of one moment
        read.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.committedRead = read;
        notices.subscribe(TOPIC, version::incrementAndGet);
    }

    /**
     * The whole configuration. Every page reads it, so each node keeps the last committed one until a
     * change is announced: on this node that is right after the change commits, on the others as soon
     * as PostgreSQL delivers the notice (milliseconds). A transaction changing it reads its own changes.
     */
    public MarketplaceConfig config() {
        if (TransactionSynchronizationManager.hasResource(CHANGING)) {
            return catalog.load();
        }
        long current = version.get();
        Kept last = kept;
        if (last != null && last.version() == current) {
            return last.config();
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // another transaction may see an older snapshot than what is committed: used, never kept
            return catalog.load();
        }
        MarketplaceConfig config = Objects.requireNonNull(committedRead.execute(status -> catalog.load()));
        if (version.get() == current) {
            kept = new Kept(config, current); // a change heard of meanwhile makes it stale: not kept then
        }
        return config;
    }

    public MarketplaceSettings settings() {
        return config().settings();
    }

    public Optional<ListingType> listingType(String key) {
        return config().listingType(key);
    }

    public Optional<Category> category(String key) {
        return config().category(key);
    }

    /**
     * Checks custom field values of a listing of this type and category and returns them in their
     * stored form; refuses (400, naming {@code fields.<key>}) unknown fields and values of the wrong
     * type or out of bounds. Missing required values are allowed here: drafts may be incomplete.
     */
    public Map<String, Object> checkFieldValues(String listingType, String category, Map<String, ?> values) {
        return FieldValues.validate(config().fieldsFor(listingType, category), values);
    }

    /** The keys of required fields that have no value; a listing missing any can't be published. */
    public List<String> missingRequiredFields(String listingType, String category, Map<String, ?> values) {
        return FieldValues.missingRequired(config().fieldsFor(listingType, category), values);
    }

    // --- operator changes ------------------------------------------------------------------------

    /** Changes the marketplace's settings; refuses (400) an empty name or a default currency not allowed. */
    @Transactional
    public MarketplaceSettings update(MarketplaceSettings settings) {
        beginChange();
        refuseIfAny(settingsProblems(settings));
        catalog.saveSettings(stripped(settings));
        return settings;
    }

    /**
     * Changes the commission; refuses (400) percentages outside 0–100 or with more than two decimals, a
     * negative minimum, or a minimum in another currency than the marketplace's default.
     */
    @Transactional
    public void updateCommission(Commission commission) {
        beginChange();
        refuseIfAny(commissionProblems(commission, catalog.load().settings().defaultCurrency()));
        catalog.saveCommission(commission);
    }

    /**
     * Changes settings and commission together, all or nothing, as the operator's settings page does:
     * the commission's minimum is in the new default currency.
     */
    @Transactional
    public void configure(MarketplaceSettings settings, Commission commission) {
        beginChange();
        List<FieldProblem> problems = settingsProblems(settings);
        problems.addAll(commissionProblems(commission, settings.defaultCurrency()));
        refuseIfAny(problems);
        catalog.saveSettings(stripped(settings));
        catalog.saveCommission(commission);
    }

    /** Adds a listing type; refuses (400 on {@code key}) a key already taken. */
    @Transactional
    public void addListingType(ListingType type) {
        beginChange();
        if (catalog.load().listingType(type.key()).isPresent()) {
            throw InvalidInput.of("key", "marketplace.key.taken");
        }
        saveListingType(type);
    }

    /**
     * Adds or changes a listing type. Refuses (400 on {@code transaction}) a change of how it is
     * transacted while listings are of it: their prices, calendars and bookings assume the old kind.
     */
    @Transactional
    public void saveListingType(ListingType type) {
        beginChange();
        List<FieldProblem> problems = new ArrayList<>();
        checkKey(type.key(), problems);
        checkName("name", type.name(), problems);
        Optional<ListingType> existing = catalog.load().listingType(type.key());
        if (existing.isPresent() && existing.get().transaction() != type.transaction()) {
            long used = usage(u -> u.listingsOfType(type.key()));
            if (used > 0) {
                problems.add(new FieldProblem("transaction", "marketplace.listingType.kindInUse", used));
            }
        }
        refuseIfAny(problems);
        catalog.saveListingType(new ListingType(
                type.key(),
                type.name().strip(),
                type.transaction(),
                type.instantBook(),
                type.multipleSeats(),
                type.requires(),
                type.position()));
    }

    /**
     * Deletes a listing type and removes it from the categories and fields that mention it. Refuses
     * (409) while listings are of it, or while a field applies to it alone: without it the field
     * would silently apply to every type.
     */
    @Transactional
    public void deleteListingType(String key) {
        beginChange();
        MarketplaceConfig config = catalog.load();
        if (config.listingType(key).isEmpty()) {
            throw Refusal.notFound("marketplace.listingType.notFound");
        }
        long used = usage(u -> u.listingsOfType(key));
        if (used > 0) {
            throw Refusal.conflict("marketplace.listingType.inUse", used);
        }
        List<String> onlyHere = config.fields().stream()
                .filter(f -> f.listingTypes().equals(Set.of(key)))
                .map(CustomField::label)
                .toList();
        if (!onlyHere.isEmpty()) {
            throw Refusal.conflict("marketplace.listingType.onlyFields", String.join(", ", onlyHere));
        }
        catalog.deleteListingType(key);
    }

    /** Adds a category; refuses (400 on {@code key}) a key already taken. */
    @Transactional
    public void addCategory(Category category) {
        beginChange();
        if (catalog.load().category(category.key()).isPresent()) {
            throw InvalidInput.of("key", "marketplace.key.taken");
        }
        saveCategory(category);
    }

    /**
     * Adds or changes a category of the two-level tree: a parent must be a top-level category, and a
     * category with children stays top-level. It must allow at least one known listing type.
     */
    @Transactional
    public void saveCategory(Category category) {
        beginChange();
        List<FieldProblem> problems = new ArrayList<>();
        checkKey(category.key(), problems);
        checkName("name", category.name(), problems);
        MarketplaceConfig config = catalog.load();
        if (category.parentKey() != null) {
            Optional<Category> parent = config.category(category.parentKey());
            if (parent.isEmpty() || !parent.get().topLevel() || category.key().equals(category.parentKey())) {
                problems.add(new FieldProblem("parentKey", "marketplace.category.parent"));
            } else if (!config.children(category.key()).isEmpty()) {
                problems.add(new FieldProblem("parentKey", "marketplace.category.twoLevels"));
            }
        }
        if (category.listingTypes().isEmpty()) {
            problems.add(new FieldProblem("listingTypes", "marketplace.category.typesNeeded"));
        }
        category.listingTypes().stream()
                .filter(key -> config.listingType(key).isEmpty())
                .forEach(key -> problems.add(new FieldProblem("listingTypes", "marketplace.listingType.unknown", key)));
        refuseIfAny(problems);
        catalog.saveCategory(new Category(
                category.key(),
                category.name().strip(),
                category.parentKey(),
                category.listingTypes(),
                category.position()));
    }

    /**
     * Deletes a category and removes it from the fields that mention it. Refuses (409) while it has
     * children, while listings are in it, or while a field applies to it alone.
     */
    @Transactional
    public void deleteCategory(String key) {
        beginChange();
        MarketplaceConfig config = catalog.load();
        if (config.category(key).isEmpty()) {
            throw Refusal.notFound("marketplace.category.notFound");
        }
        int children = config.children(key).size();
        if (children > 0) {
            throw Refusal.conflict("marketplace.category.hasChildren", children);
        }
        long used = usage(u -> u.listingsInCategory(key));
        if (used > 0) {
            throw Refusal.conflict("marketplace.category.inUse", used);
        }
        List<String> onlyHere = config.fields().stream()
                .filter(f -> f.categories().equals(Set.of(key)))
                .map(CustomField::label)
                .toList();
        if (!onlyHere.isEmpty()) {
            throw Refusal.conflict("marketplace.category.onlyFields", String.join(", ", onlyHere));
        }
        catalog.deleteCategory(key);
    }

    /** Adds a custom field; refuses (400 on {@code key}) a key already taken. */
    @Transactional
    public void addField(CustomField field) {
        beginChange();
        if (catalog.load().field(field.key()).isPresent()) {
            throw InvalidInput.of("key", "marketplace.key.taken");
        }
        saveField(field);
    }

    /**
     * Adds or changes a custom field. Choices are kept only for choice types, bounds and unit only for
     * numbers. Refuses (400) nonsensical flags (only text is searchable; only choices, numbers and
     * yes/no are filterable), and, while listings have values for it, a change of type or the removal
     * of a choice that values use: those values would no longer mean anything.
     */
    @Transactional
    public void saveField(CustomField field) {
        beginChange();
        CustomField normalized = FieldRules.normalized(field);
        MarketplaceConfig config = catalog.load();
        List<FieldProblem> problems = new ArrayList<>();
        checkKey(normalized.key(), problems);
        checkName("label", normalized.label(), problems);
        problems.addAll(FieldRules.problems(normalized));
        normalized.listingTypes().stream()
                .filter(key -> config.listingType(key).isEmpty())
                .forEach(key -> problems.add(new FieldProblem("listingTypes", "marketplace.listingType.unknown", key)));
        normalized.categories().stream()
                .filter(key -> config.category(key).isEmpty())
                .forEach(key -> problems.add(new FieldProblem("categories", "marketplace.category.unknown", key)));
        Optional<CustomField> existing = config.field(normalized.key());
        if (existing.isPresent()) {
            if (existing.get().type() != normalized.type()) {
                long used = usage(u -> u.valuesOf(normalized.key()));
                if (used > 0) {
                    problems.add(new FieldProblem("type", "marketplace.field.typeInUse", used));
                }
            } else {
                for (CustomField.Choice removed : existing.get().choices()) {
                    if (normalized.choice(removed.key()).isEmpty()) {
                        long used = usage(u -> u.valuesWithChoice(normalized.key(), removed.key()));
                        if (used > 0) {
                            problems.add(new FieldProblem(
                                    "choices", "marketplace.field.choiceInUse", removed.label(), used));
                        }
                    }
                }
            }
        }
        refuseIfAny(problems);
        catalog.saveField(normalized);
    }

    /** Deletes a custom field; refuses (409) while listings have values for it. */
    @Transactional
    public void deleteField(String key) {
        beginChange();
        if (catalog.load().field(key).isEmpty()) {
            throw Refusal.notFound("marketplace.field.notFound");
        }
        long used = usage(u -> u.valuesOf(key));
        if (used > 0) {
            throw Refusal.conflict("marketplace.field.inUse", used);
        }
        catalog.deleteField(key);
    }

    private static List<FieldProblem> settingsProblems(MarketplaceSettings settings) {
        List<FieldProblem> problems = new ArrayList<>();
        checkName("name", settings.name(), problems);
        if (settings.description().strip().length() > DESCRIPTION_MAX) {
            problems.add(new FieldProblem("description", "validation.length", 0, DESCRIPTION_MAX));
        } else if (!Text.acceptable(settings.description())) {
            problems.add(new FieldProblem("description", "validation.characters"));
        }
        if (settings.currencies().isEmpty() || !settings.currencies().contains(settings.defaultCurrency())) {
            problems.add(new FieldProblem("currencies", "marketplace.currencies.default"));
        }
        return problems;
    }

    private static List<FieldProblem> commissionProblems(Commission commission, Currency defaultCurrency) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!percentage(commission.providerPercent())) {
            problems.add(new FieldProblem("providerPercent", "marketplace.commission.percent"));
        }
        if (!percentage(commission.customerPercent())) {
            problems.add(new FieldProblem("customerPercent", "marketplace.commission.percent"));
        }
        if (commission.providerMinimum().amount() < 0) {
            problems.add(new FieldProblem("providerMinimum", "marketplace.commission.minimum"));
        } else if (!commission.providerMinimum().currency().equals(defaultCurrency)) {
            problems.add(new FieldProblem(
                    "providerMinimum", "marketplace.commission.currency", defaultCurrency.getCurrencyCode()));
        }
        return problems;
    }

    /** 0 to 100 with at most two decimals, as the database's numeric(5, 2) holds it. */
    static boolean percentage(BigDecimal percent) {
        return percent.signum() >= 0
                && percent.compareTo(HUNDRED) <= 0
                && percent.stripTrailingZeros().scale() <= 2;
    }

    private static MarketplaceSettings stripped(MarketplaceSettings settings) {
        return new MarketplaceSettings(
                settings.name().strip(),
                settings.description().strip(),
                settings.defaultCurrency(),
                settings.currencies(),
                settings.timeZone(),
                settings.approvalRequired());
    }

    /** How many listings depend on something, over every module that stores listings; none without one. */
    private long usage(ToLongFunction<CatalogUsage> count) {
        return usages.stream().mapToLong(count).sum();
    }

    private static void refuseIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }

    private static void checkKey(String key, List<FieldProblem> problems) {
        if (!KEY.matcher(key).matches()) {
            problems.add(new FieldProblem("key", "marketplace.key.invalid"));
        }
    }

    private static void checkName(String field, String name, List<FieldProblem> problems) {
        int length = name.strip().length();
        if (length < 1 || length > NAME_MAX) {
            problems.add(new FieldProblem(field, "validation.length", 1, NAME_MAX));
        } else if (!Text.oneLine(name.strip())) {
            problems.add(new FieldProblem(field, "validation.oneLine"));
        }
    }

    /**
     * Starts a change: one writer at a time, this transaction reads its own changes from now on, and
     * every node forgets what it keeps once the change commits.
     */
    private void beginChange() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the marketplace configuration changes only within a transaction");
        }
        catalog.lock();
        if (!TransactionSynchronizationManager.hasResource(CHANGING)) {
            TransactionSynchronizationManager.bindResource(CHANGING, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CHANGING);
                }
            });
            notices.announce(TOPIC);
        }
    }
}
