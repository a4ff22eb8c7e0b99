package dev.souk.search;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Adds up the total and facets, from groups of matches (see {@link SearchSql#count}) or hit by hit. */
final class Tally {

    /** The total, up to {@link Search#COUNT_LIMIT}, and the facets. */
    record Counts(long total, boolean estimate, Map<String, Map<String, Long>> facets) {}

    /** A hit's category, its top-level category and its {@code field=choice} values. */
    record Faceted(String category, String topCategory, String[] values) {}

    private long total;
    private final Map<String, Map<String, Long>> facets = new TreeMap<>();

    void add(String category, String topCategory, String[] values, long n) {
        total += n;
        Map<String, Long> categories = facets.computeIfAbsent("category", k -> new TreeMap<>());
        categories.merge(category, n, Long::sum);
        if (!topCategory.equals(category)) {
            categories.merge(topCategory, n, Long::sum);
        }
        for (String value : values) {
            int eq = value.indexOf('=');
            facets.computeIfAbsent("f." + value.substring(0, eq), k -> new TreeMap<>())
                    .merge(value.substring(eq + 1), n, Long::sum);
        }
    }

    Counts counts() {
        return new Counts(Math.min(total, Search.COUNT_LIMIT), total > Search.COUNT_LIMIT, facets);
    }

    /** Every match is on the page: its total and facets are the page's. */
    static Counts of(List<Faceted> page) {
        Tally tally = new Tally();
        page.forEach(hit -> tally.add(hit.category(), hit.topCategory(), hit.values(), 1));
        return tally.counts();
    }

    /**
     * The groups as a keyword page counts them, as plain text: a line per group, with how many, the
     * category, the top-level category, then its choices (keys have no spaces).
     */
    static Counts lines(String groups) {
        Tally tally = new Tally();
        for (String line : groups.split("\n")) {
            String[] parts = line.split(" ");
            tally.add(parts[1], parts[2], Arrays.copyOfRange(parts, 3, parts.length), Long.parseLong(parts[0]));
        }
        return tally.counts();
    }
}
