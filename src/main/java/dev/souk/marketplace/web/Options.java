package dev.souk.marketplace.web;

import dev.souk.marketplace.Category;
import dev.souk.marketplace.FieldType;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.MarketplaceConfig;
import dev.souk.marketplace.Requirement;
import dev.souk.marketplace.TransactionKind;
import dev.souk.shared.PageContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The choices of the console's selects and checkbox groups, key to label, in the operator's order. */
public final class Options {

    private Options() {}

    public static Map<String, String> listingTypes(MarketplaceConfig config) {
        Map<String, String> options = new LinkedHashMap<>();
        config.listingTypes().forEach(t -> options.put(t.key(), t.name()));
        return options;
    }

    /** Every category, children after their parent and named "Parent › Child". */
    public static Map<String, String> categories(MarketplaceConfig config) {
        Map<String, String> options = new LinkedHashMap<>();
        for (Category top : config.topLevelCategories()) {
            options.put(top.key(), top.name());
            config.children(top.key()).forEach(c -> options.put(c.key(), top.name() + " › " + c.name()));
        }
        return options;
    }

    /** "None" and the top-level categories other than this one: the parents it may have. */
    public static Map<String, String> parents(PageContext page, MarketplaceConfig config, String key) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("", page.t("admin.marketplace.category.noParent"));
        config.topLevelCategories().stream()
                .filter(c -> !c.key().equals(key))
                .forEach(c -> options.put(c.key(), c.name()));
        return options;
    }

    public static Map<String, String> transactionKinds(PageContext page) {
        Map<String, String> options = new LinkedHashMap<>();
        Arrays.stream(TransactionKind.values())
                .forEach(k -> options.put(k.key(), page.t("admin.marketplace.transaction." + k.key())));
        return options;
    }

    public static Map<String, String> requirements(PageContext page) {
        Map<String, String> options = new LinkedHashMap<>();
        Arrays.stream(Requirement.values())
                .forEach(r -> options.put(r.key(), page.t("admin.marketplace.requirement." + r.key())));
        return options;
    }

    public static Map<String, String> fieldTypes(PageContext page) {
        Map<String, String> options = new LinkedHashMap<>();
        Arrays.stream(FieldType.values())
                .forEach(t -> options.put(t.key(), page.t("admin.marketplace.fieldType." + t.key())));
        return options;
    }

    /** How a listing type's requirements read in a table: "Price, photos". */
    public static String requires(PageContext page, ListingType type) {
        return Arrays.stream(Requirement.values())
                .filter(type::requires)
                .map(r -> page.t("admin.marketplace.requirement." + r.key()))
                .reduce((a, b) -> a + ", " + b)
                .orElse("—");
    }
}
