package dev.souk.search;

import static dev.souk.search.Sql.param;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How keywords find listings: every word matches (accents ignored, the last one as a prefix), from the
 * title words, the text index or, in a small place, the place-and-words index; at most {@link
 * Search#CANDIDATES} matches are ranked, title matches first, so ranking costs the same for a rare word
 * and for one in every listing.
 */
final class KeywordSql {

    private static final int CANDIDATES = Search.CANDIDATES;

    private KeywordSql() {}

    /** Every word must match; the last one may be the start of a word, as people type it. */
    static String tsquery(List<String> words) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            terms.add(i == words.size() - 1 ? words.get(i) + ":*" : words.get(i));
        }
        return String.join(" & ", terms);
    }

    /** The keywords as a text query, for the text indexes: the planner sees what it is. */
    static Sql textQuery(Plan plan) {
        return Sql.of("to_tsquery('simple', unaccent(", param(tsquery(plan.words())), "))");
    }

    /** The same, worked out once per statement where it is checked row by row (else once per row). */
    static Sql textQueryOnce(Plan plan) {
        return textQuery(plan).wrap("(SELECT ", ")");
    }

    /**
     * When the place's keyword matches may come from the place-and-words index, the words its last
     * keyword may stand for, one more than {@link Places#PREFIX_WORDS} at most (then too many); else null.
     */
    static @Nullable Sql wordsLookup(Plan plan) {
        if (!Places.wordsByRegion(plan)) {
            return null;
        }
        Sql prefix = param(plan.words().get(plan.words().size() - 1));
        return Sql.of(
                "SELECT ARRAY(SELECT word FROM search_words WHERE word >= unaccent(",
                prefix,
                ") AND word < unaccent(",
                prefix,
                ") || chr(1114111) ORDER BY word LIMIT " + (Places.PREFIX_WORDS + 1) + ")");
    }

    /**
     * The keywords match the text column: from its text index, unless the query has a place. Then the
     * text's matches come from the place-and-words index when {@link Places#wordsByRegion} (the last
     * keyword as the words it may stand for: a prefix would first gather its matches all over the index);
     * otherwise the match is a plain function call, which no index answers, on the rows the place's cells
     * or point index leave: building the bitmap of a common word's hundred thousand matches to AND it with
     * the place's costs more than checking the place's rows.
     */
    static Sql matches(Filters filters, String column) {
        Plan plan = filters.plan();
        if (column.equals("s.document") && filters.lexemes() != null) {
            List<String> words = plan.words();
            Sql lexemes = Sql.of("CAST(", filters.lexemes(), " AS tsquery))");
            return words.size() > 1
                    ? Sql.of(
                            "s.document @@ (to_tsquery('simple', unaccent(",
                            param(String.join(" & ", words.subList(0, words.size() - 1))),
                            ")) && ",
                            lexemes)
                    : Sql.of("s.document @@ (", lexemes);
        }
        return plan.hasPlace()
                ? Sql.of("ts_match_vq(" + column + ", ", textQueryOnce(plan), ")")
                : Sql.of(column + " @@ ", textQuery(plan));
    }

    /**
     * At most {@link Search#CANDIDATES} keyword matches: title matches first, then the others. Neither
     * part has an ORDER BY, so both come straight from the indexes and stop once there are enough.
     */
    static Sql candidates(Filters filters) {
        return Sql.of(
                "SELECT listing_id FROM ((",
                titleMatches(filters),
                ") UNION ALL (SELECT s.listing_id FROM search_listings s WHERE ",
                matches(filters, "s.document"),
                " AND NOT (s.title_document @@ ",
                textQueryOnce(filters.plan()),
                ") AND ",
                filters.conditions(),
                " LIMIT " + CANDIDATES + ")) u LIMIT " + CANDIDATES);
    }

    /**
     * At most {@link Search#CANDIDATES} keyword matches in a place, title matches first, with {@code
     * columns}: the place's rows are few enough to read once, checking each one's text.
     */
    static Sql placeCandidates(Filters filters, Sql columns) {
        return Sql.of(
                "SELECT ",
                columns,
                " FROM search_listings s WHERE ",
                matches(filters, "s.document"),
                " AND ",
                filters.conditions(),
                " ORDER BY ",
                matches(filters, "s.title_document"),
                " DESC LIMIT " + CANDIDATES);
    }

    /** One word without a place: title matches come from the title words (see {@link #titleMatches}). */
    static boolean fromTitleWords(Plan plan) {
        return plan.words().size() == 1 && !plan.hasPlace();
    }

    /**
     * Listings whose titles match the keywords. One word without a place: from the title words in index
     * order (the word or, as the last word is, any word it starts), which stops after the first {@link
     * Search#CANDIDATES}, where the text index would first gather every title with a common word. (Both
     * words' rows of a title holding "room" and "rooms" may come, hence more rows taken than kept.)
     */
    static Sql titleMatches(Filters filters) {
        Plan plan = filters.plan();
        if (!fromTitleWords(plan)) {
            return Sql.of(
                    "SELECT s.listing_id FROM search_listings s WHERE ",
                    matches(filters, "s.title_document"),
                    " AND ",
                    filters.conditions(),
                    " LIMIT " + CANDIDATES);
        }
        Sql word = param(plan.words().get(0));
        Sql range = Sql.of("w.word >= unaccent(", word, ") AND w.word < unaccent(", word, ") || chr(1114111)");
        Sql rows = filters.where().isEmpty()
                ? Sql.of("SELECT w.listing_id FROM search_title_words w WHERE ", range)
                : Sql.of(
                        "SELECT w.listing_id FROM search_title_words w JOIN search_listings s"
                                + " ON s.listing_id = w.listing_id WHERE ",
                        range,
                        " AND ",
                        filters.conditions());
        return Sql.of(
                "SELECT DISTINCT listing_id FROM (", rows, " LIMIT " + 2 * CANDIDATES + ") t LIMIT " + CANDIDATES);
    }
}
