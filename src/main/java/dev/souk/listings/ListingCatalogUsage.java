package dev.souk.listings;

import dev.souk.marketplace.CatalogUsage;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Tells the marketplace which catalogue keys listings still use, counting every listing not deleted. */
@Component
class ListingCatalogUsage implements CatalogUsage {

    private final ListingRepository repository;

    ListingCatalogUsage(ListingRepository repository) {
        this.repository = repository;
    }

    @Override
    public long listingsOfType(String listingTypeKey) {
        return repository.count("listing_type = :key", Map.of("key", listingTypeKey));
    }

    @Override
    public long listingsInCategory(String categoryKey) {
        return repository.count("category = :key", Map.of("key", categoryKey));
    }

    @Override
    public long valuesOf(String fieldKey) {
        return repository.count("jsonb_exists(fields, :key)", Map.of("key", fieldKey));
    }

    @Override
    public long valuesWithChoice(String fieldKey, String choiceKey) {
        // a choice field stores the key itself, a multi-choice field an array of keys
        return repository.count(
                "(fields -> :key = to_jsonb(CAST(:choice AS text)) OR fields -> :key @> jsonb_build_array(CAST(:choice AS text)))",
                Map.of("key", fieldKey, "choice", choiceKey));
    }
}
