package dev.souk.marketplace;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Everything the operator configured, read together; immutable, so it can be cached and shared. */
public record MarketplaceConfig(
        MarketplaceSettings settings,
        List<ListingType> listingTypes,
        List<Category> categories,
        List<CustomField> fields,
        Commission commission) {

    public MarketplaceConfig {
        listingTypes = List.copyOf(listingTypes);
        categories = List.copyOf(categories);
        fields = List.copyOf(fields);
    }

    public Optional<ListingType> listingType(String key) {
        return listingTypes.stream().filter(t -> t.key().equals(key)).findFirst();
    }

    public Optional<Category> category(String key) {
        return categories.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    public List<Category> topLevelCategories() {
        return categories.stream().filter(Category::topLevel).toList();
    }

    public List<Category> children(String parentKey) {
        return categories.stream().filter(c -> parentKey.equals(c.parentKey())).toList();
    }

    /** The category and, for a top-level one, all its children: what a search in it covers. */
    public Set<String> categoryWithChildren(String key) {
        Set<String> keys = children(key).stream().map(Category::key).collect(Collectors.toSet());
        keys.add(key);
        return keys;
    }

    /** The fields a listing of this type in this category has, in the operator's order. */
    public List<CustomField> fieldsFor(String listingType, String categoryKey) {
        Set<String> categoryAndParent = category(categoryKey)
                .map(c -> c.parentKey() == null ? Set.of(c.key()) : Set.of(c.key(), c.parentKey()))
                .orElse(Set.of());
        return fields.stream()
                .filter(f -> f.listingTypes().isEmpty() || f.listingTypes().contains(listingType))
                .filter(f -> f.categories().isEmpty() || f.categories().stream().anyMatch(categoryAndParent::contains))
                .toList();
    }

    public Optional<CustomField> field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }
}
