package dev.souk.listings;

import dev.souk.shared.Money;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a member sets on a listing. For a change, {@code null} leaves a value as it is; listing type
 * and category are chosen when the listing is created.
 *
 * @param fields custom field values by field key, as JSON or forms give them; replaces the stored
 *     values of the keys it names (an empty value removes one)
 * @param fees replaces all of the listing's fees (an empty list removes them); a fee with a blank key
 *     gets one made from its label
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
        @Nullable Rules rules,
        @Nullable List<ListingFee> fees) {

    /** A draft that leaves the fees as they are. */
    public ListingDraft(
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
        this(
                listingType,
                category,
                title,
                description,
                fields,
                price,
                location,
                timeZone,
                instantBook,
                seats,
                rules,
                null);
    }

    public static ListingDraft of(String listingType, String category, String title) {
        return new ListingDraft(listingType, category, title, null, null, null, null, null, null, null, null);
    }
}
