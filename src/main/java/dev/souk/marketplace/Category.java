package dev.souk.marketplace;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A category of the two-level tree. A top-level category has no parent; a child's parent is a
 * top-level category.
 *
 * @param listingTypes keys of the listing types whose listings may be in this category
 */
public record Category(String key, String name, @Nullable String parentKey, Set<String> listingTypes, int position) {

    public Category {
        listingTypes = Set.copyOf(listingTypes);
    }

    public boolean topLevel() {
        return parentKey == null;
    }

    public boolean allows(String listingType) {
        return listingTypes.contains(listingType);
    }
}
