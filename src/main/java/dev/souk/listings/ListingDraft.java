package dev.souk.listings;

import dev.souk.shared.Money;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a member sets on a listing. For a change, {@code null} leaves a value as it is; listing type
 * and category are chosen when the listing is created.
 *
 * @param fields custom field values by field key, as JSON or forms give them; replaces the stored
 *     values of the keys it names (an empty value removes one)
 */
public record ListingDraft(
        @Nullable String listingType,
        @Nullable String category,
        @Nullable String title,
        @Nullable String description,
        @Nullable Map<String, ?> fields,
        @Nullable Money price,
        @Nullable Location location,
        @Nullable String timeZone,
        @Nullable Boolean instantBook,
        @Nullable Integer seats,
        @Nullable Rules rules) {

    public static ListingDraft of(String listingType, String category, String title) {
        return new ListingDraft(listingType, category, title, null, null, null, null, null, null, null, null);
    }
}
