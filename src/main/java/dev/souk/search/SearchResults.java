package dev.souk.search;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One page of results; {@code nextCursor} fetches the next page, null on the last.
 *
 * @param total how many listings match, counted up to {@link Search#COUNT_LIMIT}; beyond that
 *     {@code COUNT_LIMIT} with {@code totalIsEstimate}
 * @param facets {@code category} → category key → count (a child's listings count for its parent too),
 *     and {@code f.<fieldKey>} → choice key → count for the filterable choice fields; counted over the
 *     same first {@link Search#COUNT_LIMIT} matches as the total
 */
public record SearchResults(
        List<SearchHit> items,
        @Nullable String nextCursor,
        long total,
        boolean totalIsEstimate,
        Map<String, Map<String, Long>> facets) {

    public SearchResults {
        items = List.copyOf(items);
    }

    public static SearchResults empty() {
        return new SearchResults(List.of(), null, 0, false, Map.of());
    }
}
