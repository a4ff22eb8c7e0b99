package dev.souk.search;

import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.search.SearchQuery.Sort;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A checked query with everything its SQL needs worked out.
 *
 * @param words the keywords, letters and digits only
 * @param sort the order asked, or the default for the keywords
 * @param fields the custom fields filtered by, by key
 * @param after where the previous page ended, with a cursor
 */
record Plan(
        SearchQuery query,
        List<String> words,
        Sort sort,
        @Nullable Category category,
        Map<String, CustomField> fields,
        @Nullable Dates dates,
        Cursors.@Nullable Position after) {

    /** The days a date search asks about, per way of booking. */
    record Dates(LocalDate start, LocalDate nightlyLast, LocalDate dailyLast) {}

    /** The query has a place: a point with its radius, or a box. */
    boolean hasPlace() {
        return query.near() != null || query.box() != null;
    }
}
