package dev.souk.search;

import dev.souk.infra.ChangeNotices;
import dev.souk.infra.InstallSecrets;
import dev.souk.marketplace.Marketplace;
import dev.souk.media.Images;
import dev.souk.search.Tally.Counts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The facade of the search module: listings everyone may see, by keywords (accent-insensitive, the
 * last word as a prefix, close spellings when nothing matches exactly), type, category (a top-level one
 * includes its children), custom fields, price, place, dates and seats, sorted and paged with keyset
 * cursors, with a bounded total and facet counts.
 *
 * <p>A query is checked ({@link QueryCheck}), turned into statements ({@link SearchSql}) and run
 * ({@link SearchJdbc}); this class decides which statements a page needs and when counts are reused.
 */
@Service
public class Search {

    /** Totals and facets are exact up to this many matches. */
    public static final int COUNT_LIMIT = 10_000;
    /** Keyword matches ranked (and so paged through) at most, title matches taken first. */
    public static final int CANDIDATES = 1_000;
    /** How far ahead dates may be asked, in days from today. */
    public static final int HORIZON_DAYS = 366;
    /** The longest stay or rental a date search may ask for, in days. */
    public static final int MAX_RANGE_DAYS = 365;
    /** Listings found by the default radius when a point is given without one. */
    public static final double DEFAULT_RADIUS_KM = 25;

    private final SearchIndex index;
    private final QueryCheck check;
    private final SearchSql sql;
    private final SearchJdbc jdbc;
    private final HitRows rows;
    private final CloseSpellings closeSpellings;
    private final CountCache counts;
    private final Cursors cursors;

    Search(
            JdbcTemplate template,
            Marketplace marketplace,
            Images images,
            SearchIndex index,
            Clock clock,
            JsonMapper json,
            @Value("${souk.search.statement-timeout:2s}") Duration statementTimeout,
            InstallSecrets secrets,
            ChangeNotices notices,
            @Value("${souk.search.counts-reused-for:30s}") Duration countsReusedFor) {
        this.index = index;
        this.cursors = new Cursors(() -> secrets.key("search-cursor"));
        this.check = new QueryCheck(marketplace, clock, cursors);
        this.sql = new SearchSql(json, clock);
        this.jdbc = new SearchJdbc(template, statementTimeout);
        this.rows = new HitRows(images);
        this.closeSpellings = new CloseSpellings(jdbc, rows);
        this.counts = new CountCache(countsReusedFor);
        notices.subscribe(CountCache.CHANGED, counts::forget);
    }

    /**
     * One page of listings matching the query.
     *
     * @throws dev.souk.shared.InvalidInput naming the API parameter of each bad part of the query
     * @throws SearchTimeout when the database gave up on it
     */
    public SearchResults find(SearchQuery query) {
        Plan plan = check.check(query);
        try {
            return run(sql.filters(plan, lastWords(plan)));
        } catch (DataAccessException e) {
            if (SearchJdbc.timedOut(e)) {
                throw new SearchTimeout(e);
            }
            throw e;
        }
    }

    /**
     * One SQL statement: {@code ?} placeholders and their values, in order, after {@code settings} (a
     * statement without placeholders, sent in the same round trip). With {@code
     * onlyAfterMoreRowsThan}, it runs only if the statement before it returned more rows than that and
     * did not count the matches itself (its {@code counted} column null), as {@link #find} does.
     */
    public record Statement(
            String settings,
            String sql,
            List<@Nullable Object> params,
            @Nullable Integer onlyAfterMoreRowsThan) {

        public Statement(String settings, String sql, List<@Nullable Object> params) {
            this(settings, sql, params, null);
        }

        /**
         * The statement and its values, under which a count is reused (see {@link #countsReusedFor});
         * without the time of day, which only moves the advance notice on by itself.
         */
        public String key() {
            return new Sql(sql, params).key();
        }
    }

    /**
     * The statements {@link #find} runs for the query's page (the first page: with the count), in order,
     * each one a round trip of its own, without a transaction around them; for replaying the same
     * searches as plain SQL (benchmarks). Not included: the close-spellings query run only when keywords
     * match nothing.
     *
     * @throws dev.souk.shared.InvalidInput as {@link #find} does
     */
    public List<Statement> statements(SearchQuery query) {
        Plan plan = check.check(query);
        List<Statement> statements = new ArrayList<>();
        Sql lookup = KeywordSql.wordsLookup(plan);
        if (lookup != null) {
            statements.add(statement(lookup, null));
        }
        Filters filters = sql.filters(plan, lastWords(plan));
        statements.add(statement(sql.page(filters), null));
        if (plan.after() == null) {
            statements.add(statement(SearchSql.count(filters), query.limit()));
        }
        return statements;
    }

    private Statement statement(Sql statement, @Nullable Integer onlyAfterMoreRowsThan) {
        return new Statement(jdbc.settings(), statement.text(), statement.params(), onlyAfterMoreRowsThan);
    }

    /**
     * Recomputes the whole read model from the listings in a few set-based statements per batch; for
     * after bulk imports and catalogue changes. Searches keep working meanwhile.
     *
     * @return how many listings are searchable
     */
    public int rebuild() {
        return index.rebuild();
    }

    /** For tests: how long one search may take in the database. */
    void statementTimeout(Duration timeout) {
        jdbc.statementTimeout(timeout);
    }

    /**
     * How long the total and facets of a search with more than one page are reused for the same
     * filters; zero counts every time.
     */
    void countsReusedFor(Duration duration) {
        counts.reuseFor(duration);
    }

    /** Runs the {@link KeywordSql#wordsLookup}: the words found, or null if it looks for none. */
    private @Nullable List<String> lastWords(Plan plan) {
        Sql lookup = KeywordSql.wordsLookup(plan);
        if (lookup == null) {
            return null;
        }
        List<String> words = new ArrayList<>();
        jdbc.query(lookup, rs -> {
            words.addAll(List.of((String[]) rs.getArray(1).getArray()));
        });
        return words;
    }

    private SearchResults run(Filters filters) {
        Plan plan = filters.plan();
        int limit = plan.query().limit();
        HitRows.Page page = rows.page();
        jdbc.query(sql.page(filters), page);
        List<SearchHit> hits = page.hits;
        boolean more = hits.size() > limit;
        if (more) {
            hits = hits.subList(0, limit);
        }
        String next = more ? cursors.write(plan.sort(), hits.get(hits.size() - 1), page.ranks.get(limit - 1)) : null;
        if (plan.after() != null) {
            // later pages don't count again: the client has the first page's total and facets
            return new SearchResults(hits, next, -1, false, Map.of());
        }
        if (hits.isEmpty() && !plan.words().isEmpty()) {
            List<SearchHit> close = closeSpellings.find(filters);
            return new SearchResults(close, null, close.size(), false, Map.of());
        }
        Counts counted = page.counted();
        if (!more) {
            counted = Tally.of(page.faceted);
        } else if (counted == null) {
            Sql count = SearchSql.count(filters);
            counted = counts.counts(count, limit, () -> count(count));
        }
        return new SearchResults(hits, next, counted.total(), counted.estimate(), counted.facets());
    }

    private Counts count(Sql statement) {
        Tally tally = new Tally();
        jdbc.query(statement, rs -> {
            tally.add(
                    rs.getString("category"),
                    rs.getString("top_category"),
                    (String[]) rs.getArray("facet_values").getArray(),
                    rs.getLong("n"));
        });
        return tally.counts();
    }
}
