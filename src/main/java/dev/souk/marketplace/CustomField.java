package dev.souk.marketplace;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A field the operator added to listings, e.g. "Bedrooms" (number, stays only) or "Material"
 * (choice, handmade goods).
 *
 * @param listingTypes the listing types it applies to; empty: all
 * @param categories the categories it applies to (a parent includes its children); empty: all
 * @param searchable text fields whose words keyword search finds
 * @param filterable choice, number and yes/no fields search can filter by
 */
public record CustomField(
        String key,
        String label,
        FieldType type,
        Set<String> listingTypes,
        Set<String> categories,
        boolean required,
        boolean searchable,
        boolean filterable,
        List<Choice> choices,
        @Nullable BigDecimal min,
        @Nullable BigDecimal max,
        @Nullable String unit,
        int position) {

    public CustomField {
        listingTypes = Set.copyOf(listingTypes);
        categories = Set.copyOf(categories);
        choices = List.copyOf(choices);
    }

    public record Choice(String key, String label) {}

    public Optional<Choice> choice(String key) {
        return choices.stream().filter(c -> c.key().equals(key)).findFirst();
    }
}
