package dev.souk.marketplace;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The facade of the marketplace module: the operator's configuration, and the checks other modules
 * make against it (is this listing type known, are these custom field values valid).
 */
@Service
public class Marketplace {

    static final int NAME_MAX = 60;
    static final int DESCRIPTION_MAX = 500;
    static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9-]{0,39}$");
    /**
     * Every page reads the configuration; it is cached this long. A change on this node is seen at
     * once, on other nodes within this time.
     */
    static final Duration CACHE = Duration.ofSeconds(5);

    private final Catalog catalog;
    private final Clock clock;
    private volatile @Nullable Cached cached;

    private record Cached(MarketplaceConfig config, Instant until) {}

    Marketplace(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The whole configuration, at most {@link #CACHE} old. */
    public MarketplaceConfig config() {
        Cached current = cached;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.until())) {
            return current.config();
        }
        MarketplaceConfig config = catalog.load();
        cached = new Cached(config, now.plus(CACHE));
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

    @Transactional
    public MarketplaceSettings update(MarketplaceSettings settings) {
        List<FieldProblem> problems = new ArrayList<>();
        int nameLength = settings.name().strip().length();
        if (nameLength < 1 || nameLength > NAME_MAX) {
            problems.add(new FieldProblem("name", "validation.length", 1, NAME_MAX));
        }
        if (settings.description().strip().length() > DESCRIPTION_MAX) {
            problems.add(new FieldProblem("description", "validation.length", 0, DESCRIPTION_MAX));
        }
        if (settings.currencies().isEmpty() || !settings.currencies().contains(settings.defaultCurrency())) {
            problems.add(new FieldProblem("currencies", "marketplace.currencies.default"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        catalog.saveSettings(new MarketplaceSettings(
                settings.name().strip(),
                settings.description().strip(),
                settings.defaultCurrency(),
                settings.currencies(),
                settings.timeZone(),
                settings.approvalRequired()));
        changed();
        return settings;
    }

    @Transactional
    public void saveListingType(ListingType type) {
        List<FieldProblem> problems = new ArrayList<>();
        checkKey(type.key(), problems);
        checkName("name", type.name(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        catalog.saveListingType(type);
        changed();
    }

    @Transactional
    public void saveCategory(Category category) {
        List<FieldProblem> problems = new ArrayList<>();
        checkKey(category.key(), problems);
        checkName("name", category.name(), problems);
        MarketplaceConfig config = config();
        if (category.parentKey() != null) {
            Optional<Category> parent = config.category(category.parentKey());
            if (parent.isEmpty() || !parent.get().topLevel() || category.key().equals(category.parentKey())) {
                problems.add(new FieldProblem("parentKey", "marketplace.category.parent"));
            } else if (!config.children(category.key()).isEmpty()) {
                problems.add(new FieldProblem("parentKey", "marketplace.category.twoLevels"));
            }
        }
        category.listingTypes().stream()
                .filter(key -> config.listingType(key).isEmpty())
                .forEach(key -> problems.add(new FieldProblem("listingTypes", "marketplace.listingType.unknown", key)));
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        catalog.saveCategory(category);
        changed();
    }

    @Transactional
    public void saveField(CustomField field) {
        List<FieldProblem> problems = new ArrayList<>();
        checkKey(field.key(), problems);
        checkName("label", field.label(), problems);
        if (field.type().hasChoices() && field.choices().isEmpty()) {
            problems.add(new FieldProblem("choices", "marketplace.field.choicesNeeded"));
        }
        field.choices().stream()
                .filter(choice -> !KEY.matcher(choice.key()).matches())
                .forEach(choice -> problems.add(new FieldProblem("choices", "marketplace.key.invalid")));
        if (field.min() != null && field.max() != null && field.min().compareTo(field.max()) > 0) {
            problems.add(new FieldProblem("min", "marketplace.field.minAboveMax"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        catalog.saveField(field);
        changed();
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
        }
    }

    /** Forgets the cached configuration, now and again once the change is committed. */
    private void changed() {
        cached = null;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cached = null;
                }
            });
        }
    }
}
