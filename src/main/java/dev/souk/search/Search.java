package dev.souk.search;

import dev.souk.marketplace.Marketplace;
import dev.souk.shared.Money;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The facade of the search module: listings everyone may see, by keywords (accent-insensitive, the
 * last word as a prefix, close spellings when nothing matches exactly) and category (a top-level
 * category includes its children).
 */
@Service
public class Search {

    static final int PAGE = 24;
    /** How alike a title must be to a misspelled query to count as a match, 0–1. */
    static final double TYPO_SIMILARITY = 0.4;

    private final JdbcClient jdbc;
    private final Marketplace marketplace;

    Search(JdbcClient jdbc, Marketplace marketplace) {
        this.jdbc = jdbc;
        this.marketplace = marketplace;
    }

    @Transactional(readOnly = true)
    public SearchResults find(String query, @Nullable String category, @Nullable String cursor) {
        int offset = offset(cursor);
        String[] categories = category == null || category.isBlank()
                ? null
                : marketplace.config().categoryWithChildren(category).toArray(String[]::new);
        List<String> words = words(query);
        List<SearchHit> hits;
        if (words.isEmpty()) {
            hits = jdbc.sql(
                            "SELECT * FROM search_listings WHERE (CAST(:categories AS text[]) IS NULL OR category = ANY (:categories))"
                                    + " ORDER BY published_at DESC, listing_id DESC LIMIT :limit OFFSET :offset")
                    .param("categories", categories)
                    .param("limit", PAGE + 1)
                    .param("offset", offset)
                    .query(Search::hit)
                    .list();
        } else {
            hits = jdbc.sql("""
                    SELECT * FROM search_listings, to_tsquery('simple', unaccent(:tsquery)) query
                     WHERE document @@ query AND (CAST(:categories AS text[]) IS NULL OR category = ANY (:categories))
                     ORDER BY ts_rank(document, query) DESC, published_at DESC, listing_id DESC
                     LIMIT :limit OFFSET :offset""")
                    .param("tsquery", tsquery(words))
                    .param("categories", categories)
                    .param("limit", PAGE + 1)
                    .param("offset", offset)
                    .query(Search::hit)
                    .list();
            if (hits.isEmpty() && offset == 0) {
                hits = closeSpellings(String.join(" ", words), categories);
            }
        }
        boolean more = hits.size() > PAGE;
        return new SearchResults(hits.subList(0, Math.min(PAGE, hits.size())), more ? cursor(offset + PAGE) : null);
    }

    private List<SearchHit> closeSpellings(String text, String @Nullable [] categories) {
        return jdbc.sql("""
                SELECT * FROM search_listings
                 WHERE word_similarity(unaccent(lower(:text)), unaccent(lower(title))) >= :similarity
                   AND (CAST(:categories AS text[]) IS NULL OR category = ANY (:categories))
                 ORDER BY word_similarity(unaccent(lower(:text)), unaccent(lower(title))) DESC, published_at DESC
                 LIMIT :limit""")
                .param("text", text)
                .param("similarity", TYPO_SIMILARITY)
                .param("categories", categories)
                .param("limit", PAGE)
                .query(Search::hit)
                .list();
    }

    /** Letters and digits only, so nothing the visitor types can change the query's syntax. */
    static List<String> words(String query) {
        return Arrays.stream(query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isBlank())
                .limit(12)
                .toList();
    }

    /** Every word must match; the last one may be the start of a word, as people type it. */
    static String tsquery(List<String> words) {
        return words.stream()
                .map(w -> w.equals(words.get(words.size() - 1)) ? w + ":*" : w)
                .collect(Collectors.joining(" & "));
    }

    private static SearchHit hit(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("price_currency");
        long amount = rs.getLong("price_amount");
        return new SearchHit(
                rs.getObject("listing_id", UUID.class),
                rs.getString("listing_type"),
                rs.getString("category"),
                rs.getString("title"),
                currency == null ? null : Money.of(amount, currency.strip()),
                rs.getString("unit"),
                rs.getString("address"),
                rs.getString("thumbnail_url"),
                rs.getTimestamp("published_at").toInstant());
    }

    private static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(@Nullable String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return decoded.startsWith("o") ? Math.max(0, Math.min(10_000, Integer.parseInt(decoded.substring(1)))) : 0;
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
