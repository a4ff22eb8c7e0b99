package dev.souk.search;

import static dev.souk.search.Sql.param;

import java.util.ArrayList;
import java.util.List;

/** "Did you mean": titles alike the keywords, when nothing matches them exactly. */
final class CloseSpellings {

    /** How alike a title must be to a misspelled query to count as a match, 0–1. */
    static final double TYPO_SIMILARITY = 0.4;

    private final SearchJdbc jdbc;
    private final HitRows rows;

    CloseSpellings(SearchJdbc jdbc, HitRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /** One page of titles alike the keywords that pass the filters, most alike first. */
    List<SearchHit> find(Filters filters) {
        List<SearchHit> hits = new ArrayList<>();
        String settings =
                jdbc.settings() + ", set_config('pg_trgm.word_similarity_threshold', '" + TYPO_SIMILARITY + "', true)";
        jdbc.query(settings, statement(filters), rs -> {
            hits.add(rows.hit(rs));
        });
        return hits;
    }

    static Sql statement(Filters filters) {
        Plan plan = filters.plan();
        Sql typed = param(String.join(" ", plan.words()));
        Sql distance = filters.distance() == null ? Sql.of("NULL::float8") : filters.distance();
        return Sql.of(
                "WITH c AS MATERIALIZED (SELECT s.listing_id FROM search_listings s WHERE unaccent(",
                typed,
                ") <% s.title_plain AND ",
                filters.conditions(),
                " LIMIT " + Search.CANDIDATES + ") SELECT " + SearchSql.COLUMNS + ", ",
                distance,
                " AS distance FROM c JOIN search_listings s ON s.listing_id = c.listing_id"
                        + " ORDER BY word_similarity(unaccent(",
                typed,
                "), s.title_plain) DESC, s.published_at DESC, s.listing_id DESC LIMIT "
                        + plan.query().limit());
    }
}
