package dev.souk.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.souk.search.Tally.Counts;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The total and facets of a search with more than one page, reused for the same statement for a short
 * while, and only until the index changes: every write to it announces {@link #CHANGED}, which drops
 * what each node kept, on the writing node right after the commit and on the others when PostgreSQL
 * delivers the notice (milliseconds, at most 1 s). Counting is most of a broad search's cost (up to
 * {@link Search#COUNT_LIMIT} rows read), while its page is a few index reads and always fresh.
 */
final class CountCache {

    /** Totals and facets kept at most, one per distinct filters (a few kilobytes each). */
    static final int COUNTS_KEPT = 10_000;

    /** The notice, to every node, that the search index changed. */
    static final String CHANGED = "search-index";

    private volatile @Nullable Cache<String, Counts> counted;

    CountCache(Duration reusedFor) {
        reuseFor(reusedFor);
    }

    /** Zero counts every time. */
    void reuseFor(Duration duration) {
        this.counted = duration.isZero() || duration.isNegative()
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(COUNTS_KEPT)
                        .expireAfterWrite(duration)
                        .build();
    }

    /** Drops every count kept: the index changed, or this node may have missed a change. */
    void forget() {
        Cache<String, Counts> cache = counted;
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /**
     * The counts of {@code statement}, as counted then or afresh.
     *
     * @param pageSize a count from when there were fewer matches than a full page shows is counted again
     */
    Counts counts(Sql statement, int pageSize, Supplier<Counts> count) {
        Cache<String, Counts> cache = counted;
        if (cache == null) {
            return count.get();
        }
        String key = statement.key();
        Counts reused = cache.getIfPresent(key);
        if (reused != null && reused.total() > pageSize) {
            return reused;
        }
        Counts fresh = count.get();
        cache.put(key, fresh);
        return fresh;
    }
}
