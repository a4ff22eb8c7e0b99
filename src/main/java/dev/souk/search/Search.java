package dev.souk.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.souk.infra.InstallSecrets;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.FieldType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceConfig;
import dev.souk.media.ImageKind;
import dev.souk.media.Images;
import dev.souk.search.SearchQuery.AllOf;
import dev.souk.search.SearchQuery.AnyOf;
import dev.souk.search.SearchQuery.FieldFilter;
import dev.souk.search.SearchQuery.Flag;
import dev.souk.search.SearchQuery.Range;
import dev.souk.search.SearchQuery.Sort;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The facade of the search module: listings everyone may see, by keywords (accent-insensitive, the
 * last word as a prefix, close spellings when nothing matches exactly), type, category (a top-level one
 * includes its children), custom fields, price, place, dates and seats, sorted and paged with keyset
 * cursors, with a bounded total and facet counts.
 *
 * <p>Every filter is answered from indexed columns of the read model that {@link SearchIndex} keeps;
 * availability for dates only from the weekly plan summary and the few calendar days that differ from
 * it. Keyword results are ranked among at most {@link #CANDIDATES} matches (title matches first), so
 * ranking costs the same for a rare word and for one in every listing.
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

    static final int MAX_SEATS = 1000;
    static final int MAX_QUANTITY = 1_000_000;
    /** How alike a title must be to a misspelled query to count as a match, 0–1. */
    static final double TYPO_SIMILARITY = 0.4;

    static final double EARTH_RADIUS_KM = 6371.0088;

    private static final String COLUMNS = "s.listing_id, s.listing_type, s.category, s.title, s.price_amount,"
            + " s.price_currency, s.unit, s.address, s.latitude, s.longitude, s.cover_image, s.published_at,"
            + " s.rating_average, s.rating_count, s.rating_key, s.top_category, s.facet_values";

    /**
     * Sent with every search statement, in the same round trip (so in the same implicit transaction,
     * which these settings last for). A search is a few small index reads: compiling it (JIT) or
     * spreading it over parallel workers costs more than it saves, and takes cores from the other
     * searches.
     */
    private static final String SETTINGS = "SELECT set_config('statement_timeout', '%d', true),"
            + " set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true),"
            // plans for the values asked (how many listings a category or a map's cells hold), never generic ones
            + " set_config('plan_cache_mode', 'force_custom_plan', true)";

    /** The keywords as a text query, for the text indexes: the planner sees what it is. */
    private static final String TSQUERY = "to_tsquery('simple', unaccent(:tsquery))";
    /** The same, worked out once per statement where it is checked row by row (else once per row). */
    private static final String TSQUERY_ONCE = "(SELECT " + TSQUERY + ")";

    private final JdbcTemplate template;
    private final Marketplace marketplace;
    private final Images images;
    private final SearchIndex index;
    private final Clock clock;
    private final JsonMapper json;
    private final Cursors cursors;
    private volatile Duration statementTimeout;
    private volatile Cache<String, Counts> counted;

    Search(
            JdbcTemplate template,
            Marketplace marketplace,
            Images images,
            SearchIndex index,
            Clock clock,
            JsonMapper json,
            @Value("${souk.search.statement-timeout:2s}") Duration statementTimeout,
            InstallSecrets secrets,
            @Value("${souk.search.counts-reused-for:30s}") Duration countsReusedFor) {
        this.marketplace = marketplace;
        this.images = images;
        this.index = index;
        this.clock = clock;
        this.json = json;
        this.template = template;
        this.statementTimeout = statementTimeout;
        this.cursors = new Cursors(() -> secrets.key("search-cursor"));
        countsReusedFor(countsReusedFor);
    }

    /**
     * One page of listings matching the query.
     *
     * @throws InvalidInput naming the API parameter of each bad part of the query
     * @throws SearchTimeout when the database gave up on it
     */
    public SearchResults find(SearchQuery query) {
        Plan plan = check(query);
        try {
            return run(plan, lastWords(plan));
        } catch (DataAccessException e) {
            if (timedOut(e)) {
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
            StringBuilder key = new StringBuilder(sql);
            for (Object value : params) {
                key.append('\u0000')
                        .append(
                                value instanceof int[]
                                        ? Arrays.toString((int[]) value)
                                        : value instanceof Timestamp ? "" : String.valueOf(value));
            }
            return key.toString();
        }
    }

    /**
     * The statements {@link #find} runs for the query's page (the first page: with the count), in order,
     * each one a round trip of its own, without a transaction around them; for replaying the same
     * searches as plain SQL (benchmarks). Not included: the close-spellings query run only when keywords
     * match nothing.
     *
     * @throws InvalidInput as {@link #find} does
     */
    public List<Statement> statements(SearchQuery query) {
        Plan plan = check(query);
        List<Statement> statements = new ArrayList<>();
        Named lookup = wordsLookup(plan);
        if (lookup != null) {
            statements.add(lookup.positional(settings()));
        }
        Prepared prepared = prepare(plan, lastWords(plan));
        statements.add(
                pageStatement(plan, prepared.filters(), prepared.distance()).positional(settings()));
        if (plan.after() == null) {
            Statement count = countStatement(plan, prepared.filters()).positional(settings());
            statements.add(new Statement(count.settings(), count.sql(), count.params(), query.limit()));
        }
        return statements;
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
        this.statementTimeout = timeout;
    }

    /**
     * How long the total and facets of a search with more than one page are reused for the same
     * filters; zero counts every time. Counting is most of a broad search's cost (up to {@link
     * #COUNT_LIMIT} rows read), while its page is a few index reads and always fresh.
     */
    void countsReusedFor(Duration duration) {
        this.counted = duration.isZero() || duration.isNegative()
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(COUNTS_KEPT)
                        .expireAfterWrite(duration)
                        .build();
    }

    /** Totals and facets kept at most, one per distinct filters (a few kilobytes each). */
    static final int COUNTS_KEPT = 10_000;

    // --- checking ----------------------------------------------------------------------------------

    /** A checked query with everything the SQL needs worked out. */
    private record Plan(
            SearchQuery query,
            MarketplaceConfig config,
            List<String> words,
            Sort sort,
            @Nullable Category category,
            Map<String, CustomField> fields,
            @Nullable Dates dates,
            Cursors.@Nullable Position after) {}

    /** The days a date search asks about, per way of booking. */
    private record Dates(LocalDate start, LocalDate nightlyLast, LocalDate dailyLast) {}

    private Plan check(SearchQuery q) {
        MarketplaceConfig config = marketplace.config();
        List<FieldProblem> problems = new ArrayList<>();
        if (q.listingType() != null && config.listingType(q.listingType()).isEmpty()) {
            problems.add(new FieldProblem("type", "search.unknown.type"));
        }
        Category category = null;
        if (q.category() != null) {
            category = config.category(q.category()).orElse(null);
            if (category == null) {
                problems.add(new FieldProblem("category", "search.unknown.category"));
            }
        }
        Map<String, CustomField> fields = new LinkedHashMap<>();
        q.fields().forEach((key, filter) -> {
            String name = "f." + key;
            CustomField field = config.field(key)
                    .filter(f -> f.filterable() && f.type().filterable())
                    .orElse(null);
            if (field == null) {
                problems.add(new FieldProblem(name, "search.unknown.field"));
                return;
            }
            fields.put(key, field);
            checkFilter(field, filter, name, problems);
        });
        if (q.priceMin() != null && q.priceMin() < 0) {
            problems.add(new FieldProblem("price_min", "search.price.negative"));
        }
        if (q.priceMax() != null && q.priceMax() < 0) {
            problems.add(new FieldProblem("price_max", "search.price.negative"));
        }
        if (q.priceMin() != null && q.priceMax() != null && q.priceMin() > q.priceMax()) {
            problems.add(new FieldProblem("price_max", "search.range.inverted"));
        }
        if (q.currency() != null) {
            try {
                Currency.getInstance(q.currency());
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("currency", "search.currency"));
            }
        }
        if (q.near() != null) {
            if (!(q.near().latitude() >= -90 && q.near().latitude() <= 90)) {
                problems.add(new FieldProblem("lat", "search.latitude"));
            }
            if (!(q.near().longitude() >= -180 && q.near().longitude() <= 180)) {
                problems.add(new FieldProblem("lng", "search.longitude"));
            }
            if (!(q.near().radiusKm() > 0 && q.near().radiusKm() <= SearchQuery.MAX_RADIUS_KM)) {
                problems.add(new FieldProblem("radius_km", "search.radius", SearchQuery.MAX_RADIUS_KM));
            }
        }
        if (q.box() != null) {
            SearchQuery.Box b = q.box();
            boolean inBounds = b.minLongitude() >= -180
                    && b.maxLongitude() <= 180
                    && b.minLatitude() >= -90
                    && b.maxLatitude() <= 90;
            if (!inBounds || b.minLongitude() > b.maxLongitude() || b.minLatitude() > b.maxLatitude()) {
                problems.add(new FieldProblem("bbox", "search.bbox"));
            }
        }
        Dates dates = dates(q, problems);
        checkAtLeastOne("seats", q.seats(), MAX_SEATS, problems);
        checkAtLeastOne("hours", q.hours(), 24, problems);
        checkAtLeastOne("quantity", q.quantity(), MAX_QUANTITY, problems);
        if (q.limit() < 1 || q.limit() > SearchQuery.MAX_LIMIT) {
            problems.add(new FieldProblem("limit", "search.limit", SearchQuery.MAX_LIMIT));
        }
        List<String> words = words(q.text() == null ? "" : q.text());
        Sort sort = q.sort();
        if (sort == null || (sort == Sort.RELEVANCE && words.isEmpty())) {
            sort = words.isEmpty() ? Sort.NEWEST : Sort.RELEVANCE;
        }
        if (sort == Sort.DISTANCE && q.near() == null) {
            problems.add(new FieldProblem("sort", "search.sort.origin"));
        }
        Cursors.Position after = null;
        if (q.cursor() != null && !q.cursor().isBlank()) {
            after = cursors.read(q.cursor(), sort);
            if (after == null) {
                problems.add(new FieldProblem("cursor", "search.cursor"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return new Plan(q, config, words, sort, category, fields, dates, after);
    }

    private static void checkFilter(CustomField field, FieldFilter filter, String name, List<FieldProblem> problems) {
        FieldType type = field.type();
        List<String> choices = null;
        if (filter instanceof AnyOf) {
            choices = ((AnyOf) filter).choices();
        } else if (filter instanceof AllOf) {
            choices = ((AllOf) filter).choices();
        }
        if (choices != null) {
            if (!type.hasChoices() || choices.isEmpty()) {
                problems.add(new FieldProblem(name, "search.field.filter"));
            } else if (choices.stream().anyMatch(c -> field.choice(c).isEmpty())) {
                problems.add(new FieldProblem(name, "search.field.choice"));
            }
        } else if (filter instanceof Range) {
            Range range = (Range) filter;
            if (type != FieldType.NUMBER || (range.min() == null && range.max() == null)) {
                problems.add(new FieldProblem(name, "search.field.filter"));
            } else if (range.min() != null && range.max() != null && range.min().compareTo(range.max()) > 0) {
                problems.add(new FieldProblem(name, "search.range.inverted"));
            }
        } else if (filter instanceof Flag && type != FieldType.BOOLEAN) {
            problems.add(new FieldProblem(name, "search.field.filter"));
        }
    }

    private static void checkAtLeastOne(String name, @Nullable Integer value, int max, List<FieldProblem> problems) {
        if (value != null && (value < 1 || value > max)) {
            problems.add(new FieldProblem(name, "search.between", 1, max));
        }
    }

    /**
     * A start in the past is no error (nothing can be booked then, so nothing is found, whatever the
     * listing's time zone); a start or end beyond {@link #HORIZON_DAYS} is.
     */
    private @Nullable Dates dates(SearchQuery q, List<FieldProblem> problems) {
        LocalDate start = q.start();
        LocalDate end = q.end();
        if (start == null) {
            if (end != null) {
                problems.add(new FieldProblem("start", "validation.required"));
            }
            return null;
        }
        LocalDate horizon = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(HORIZON_DAYS);
        int before = problems.size();
        if (start.isAfter(horizon)) {
            problems.add(new FieldProblem("start", "search.dates.horizon", HORIZON_DAYS));
        }
        if (end != null) {
            if (!end.isAfter(start)) {
                problems.add(new FieldProblem("end", "search.dates.order"));
            } else if (ChronoUnit.DAYS.between(start, end) > MAX_RANGE_DAYS) {
                problems.add(new FieldProblem("end", "search.dates.length", MAX_RANGE_DAYS));
            } else if (end.isAfter(horizon.plusDays(1))) {
                problems.add(new FieldProblem("end", "search.dates.horizon", HORIZON_DAYS));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        // nightly: check in on start, out on end (one night without end); daily, hourly: start..end inclusive
        return new Dates(start, end == null ? start : end.minusDays(1), end == null ? start : end);
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
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            terms.add(i == words.size() - 1 ? words.get(i) + ":*" : words.get(i));
        }
        return String.join(" & ", terms);
    }

    // --- running -----------------------------------------------------------------------------------

    /** Conditions and their parameters, built up from the plan. */
    private static final class Sql {
        final List<String> where = new ArrayList<>();
        final Map<String, Object> params = new LinkedHashMap<>();
        private int next;

        Sql() {}

        /** More conditions and parameters on top of these, under other names. */
        Sql(Sql base) {
            params.putAll(base.params);
            next = base.next;
        }

        String param(@Nullable Object value) {
            String name = "p" + next++;
            params.put(name, value);
            return ":" + name;
        }

        String conditions() {
            return where.isEmpty() ? "TRUE" : String.join(" AND ", where);
        }
    }

    /** A statement with named parameters ({@code :name}), as built. */
    private record Named(String sql, Map<String, Object> params) {

        /**
         * With {@code ?} placeholders and the values in their order. A name is a letter and word
         * characters after a colon that follows no colon or word character ({@code ::date} is a cast).
         * Scanned by hand: it runs on every counted search, over some kilobytes of SQL.
         */
        Statement positional(String settings) {
            StringBuilder text = new StringBuilder(sql.length());
            List<@Nullable Object> values = new ArrayList<>();
            int i = 0;
            while (i < sql.length()) {
                char c = sql.charAt(i);
                boolean name = c == ':'
                        && i + 1 < sql.length()
                        && isAsciiLetter(sql.charAt(i + 1))
                        && (i == 0 || !(sql.charAt(i - 1) == ':' || isWordChar(sql.charAt(i - 1))));
                if (!name) {
                    text.append(c);
                    i++;
                    continue;
                }
                int end = i + 1;
                while (end < sql.length() && isWordChar(sql.charAt(end))) {
                    end++;
                }
                values.add(params.get(sql.substring(i + 1, end)));
                text.append('?');
                i = end;
            }
            return new Statement(settings, text.toString(), java.util.Collections.unmodifiableList(values));
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isWordChar(char c) {
            return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_';
        }
    }

    /** The filters' conditions and parameters, and the distance expression when there is an origin. */
    private record Prepared(Sql filters, @Nullable String distance) {}

    /**
     * @param lastWords the words the last keyword may stand for, when the place's keyword matches may
     *     come from the place-and-words index; else null
     */
    private Prepared prepare(Plan plan, @Nullable List<String> lastWords) {
        SearchQuery q = plan.query();
        boolean byRegion = lastWords != null && lastWords.size() <= PREFIX_WORDS;
        Sql filters = filters(plan, byRegion);
        String distance = q.near() == null ? null : distance(filters, q.near());
        if (plan.sort() == Sort.PRICE_ASC || plan.sort() == Sort.PRICE_DESC) {
            filters.where.add("s.price_amount IS NOT NULL");
        }
        if (!plan.words().isEmpty()) {
            filters.params.put("tsquery", tsquery(plan.words()));
        }
        if (byRegion) {
            // beside the place-and-words index, a condition another index answers has the planner AND in that
            // index's bitmap: half of all listings from the price index, every bookable one from the partial
            // index over them, gathered to spare checking a few hundred rows. No index answers a CASE.
            filters.where.replaceAll(
                    c -> c.startsWith("s.place_words") ? c : "CASE WHEN " + c + " THEN true ELSE false END");
            List<String> words = plan.words();
            // no word in any text starts so: the last keyword itself, which then matches nothing
            filters.params.put(
                    "lexemes", lexemes(lastWords.isEmpty() ? List.of(words.get(words.size() - 1)) : lastWords));
            if (words.size() > 1) {
                filters.params.put("exact", String.join(" & ", words.subList(0, words.size() - 1)));
            }
        }
        return new Prepared(filters, distance);
    }

    /** Lexemes as alternatives of a text query, each quoted as it is (no dictionary applied again). */
    private static String lexemes(List<String> lexemes) {
        return lexemes.stream()
                .map(l -> "'" + l.replace("\\", "\\\\").replace("'", "''") + "'")
                .collect(Collectors.joining(" | "));
    }

    /** {@link #SETTINGS} with the current statement timeout. */
    private String settings() {
        return SETTINGS.formatted(Math.max(1, statementTimeout.toMillis()));
    }

    /**
     * When the place's keyword matches may come from the place-and-words index, the words its last
     * keyword may stand for, one more than {@link #PREFIX_WORDS} at most (then too many); else null.
     */
    private @Nullable Named wordsLookup(Plan plan) {
        if (!wordsByRegion(plan)) {
            return null;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("prefix", plan.words().get(plan.words().size() - 1));
        return new Named(
                "SELECT ARRAY(SELECT word FROM search_words WHERE word >= unaccent(:prefix)"
                        + " AND word < unaccent(:prefix) || chr(1114111) ORDER BY word LIMIT " + (PREFIX_WORDS + 1)
                        + ")",
                params);
    }

    /** Runs the {@link #wordsLookup}: the words found, or null if it looks for none. */
    private @Nullable List<String> lastWords(Plan plan) {
        Named lookup = wordsLookup(plan);
        if (lookup == null) {
            return null;
        }
        List<String> words = new ArrayList<>();
        query(settings(), lookup, rs -> {
            words.addAll(List.of((String[]) rs.getArray(1).getArray()));
        });
        return words;
    }

    /**
     * Runs {@code statement} after {@code settings} in one round trip: outside a transaction, the two
     * are one implicit transaction, which the settings last for; each row goes to {@code rows}.
     */
    private void query(String settings, Named statement, RowCallbackHandler rows) {
        Statement positional = statement.positional(settings);
        template.execute((Connection connection) -> {
            try (PreparedStatement prepared =
                    connection.prepareStatement(positional.settings() + "; " + positional.sql())) {
                for (int i = 0; i < positional.params().size(); i++) {
                    StatementCreatorUtils.setParameterValue(
                            prepared,
                            i + 1,
                            SqlTypeValue.TYPE_UNKNOWN,
                            positional.params().get(i));
                }
                prepared.execute();
                prepared.getMoreResults(); // past the settings' row
                try (ResultSet result = prepared.getResultSet()) {
                    while (result.next()) {
                        rows.processRow(result);
                    }
                }
            }
            return null;
        });
    }

    /** Words the last keyword may stand for and still be looked up one by one in the place-and-words index. */
    static final int PREFIX_WORDS = 16;

    /** Regions (1°) a place may overlap and still take its keyword matches from the place-and-words index. */
    static final int WORD_REGIONS = 4;

    /**
     * Whether the keyword matches in the query's place may come from the GIN index over the place's
     * words (region, categories, type) and the text: there are keywords and the place (larger than the
     * point index's) overlaps at most {@link #WORD_REGIONS} regions. A rare word then has its few hundred
     * matches there handed over at once, where checking the place's text row by row reads every listing
     * of the place; a word in every text costs about the same either way.
     */
    private static boolean wordsByRegion(Plan plan) {
        SearchQuery q = plan.query();
        if (plan.words().isEmpty() || (q.near() == null && q.box() == null)) {
            return false;
        }
        for (double[] b : new double[][] {q.near() == null ? null : bounds(q.near()), bounds(q.box())}) {
            if (b == null) {
                continue;
            }
            int[] regions = cells(b[0], b[1], b[2], b[3], 1);
            if (pointIndexed(b) || regions == null || regions.length > WORD_REGIONS) {
                return false;
            }
        }
        return true;
    }

    private SearchResults run(Plan plan, @Nullable List<String> lastWords) {
        SearchQuery q = plan.query();
        Prepared prepared = prepare(plan, lastWords);
        Sql filters = prepared.filters();
        String distance = prepared.distance();
        Page page = page(plan, filters, distance);
        List<SearchHit> hits = page.hits();
        boolean more = hits.size() > q.limit();
        if (more) {
            hits = hits.subList(0, q.limit());
        }
        String next = more
                ? cursors.write(
                        plan.sort(), hits.get(hits.size() - 1), page.ranks().get(q.limit() - 1))
                : null;
        if (plan.after() != null) {
            // later pages don't count again: the client has the first page's total and facets
            return new SearchResults(hits, next, -1, false, Map.of());
        }
        if (hits.isEmpty() && !plan.words().isEmpty()) {
            List<SearchHit> close = closeSpellings(plan, filters, distance);
            return new SearchResults(close, null, close.size(), false, Map.of());
        }
        Counts counts =
                !more ? counted(page.faceted()) : page.counted() != null ? page.counted() : counts(plan, filters);
        return new SearchResults(hits, next, counts.total(), counts.estimate(), counts.facets());
    }

    /** @param byRegion the place's keyword matches come from the place-and-words index */
    private Sql filters(Plan plan, boolean byRegion) {
        SearchQuery q = plan.query();
        Sql sql = new Sql();
        if (byRegion) {
            // the kind of listing as the place's words, from the same index as the keywords
            if (q.listingType() != null) {
                sql.where.add(placeWords(sql, lexemes(List.of("type:" + q.listingType()))));
            }
            if (plan.category() != null) {
                sql.where.add(placeWords(
                        sql, lexemes(List.of("category:" + plan.category().key()))));
            }
        } else if (q.listingType() != null) {
            sql.where.add("s.listing_type = " + sql.param(q.listingType()));
        }
        if (plan.category() != null && !byRegion) {
            Category c = plan.category();
            // a child with its parent too: the indexes by category lead with the top-level one
            sql.where.add(
                    c.topLevel()
                            ? "s.top_category = " + sql.param(c.key())
                            : "s.top_category = " + sql.param(c.parentKey()) + " AND s.category = "
                                    + sql.param(c.key()));
        }
        q.fields().forEach((key, filter) -> field(sql, plan.fields().get(key), filter));
        String price = "s.price_amount";
        if (q.priceMin() != null) {
            sql.where.add(price + " >= " + sql.param(q.priceMin()));
        }
        if (q.priceMax() != null) {
            sql.where.add(price + " <= " + sql.param(q.priceMax()));
        }
        if (q.currency() != null) {
            sql.where.add("s.price_currency = " + sql.param(q.currency().toUpperCase(Locale.ROOT)));
        }
        if (q.near() != null) {
            // the exact distance is added by distance(), on the rows the box leaves
            sql.where.add(place(sql, bounds(q.near()), byRegion));
        }
        if (q.box() != null) {
            sql.where.add(place(sql, bounds(q.box()), byRegion));
        }
        if (q.quantity() != null) {
            sql.where.add("s.transaction = 'purchase' AND s.stock >= " + sql.param(q.quantity()));
        }
        if (plan.dates() == null) {
            if (q.seats() != null) {
                sql.where.add("s.max_seats >= " + sql.param(q.seats()));
            }
            if (q.hours() != null) {
                sql.where.add("s.transaction = 'hourly' AND " + sql.param(q.hours()) + " <= ANY (s.plan_hours)");
            }
        } else {
            sql.where.add(available(sql, plan.dates(), q.seats() == null ? 1 : q.seats(), q.hours()));
        }
        return sql;
    }

    /** Grid cells (0.1°) a box may cover and still be looked up by them; wider boxes use regions (1°). */
    static final int MAX_CELLS = 1_000;

    /** The box around the circle: minimum longitude, latitude, maximum longitude, latitude. */
    private static double[] bounds(SearchQuery.Near near) {
        double dLat = Math.toDegrees(near.radiusKm() / EARTH_RADIUS_KM);
        double minLat = Math.max(-90, near.latitude() - dLat);
        double maxLat = Math.min(90, near.latitude() + dLat);
        double widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
        double dLng = widest >= 89.9
                ? 180
                : Math.toDegrees(near.radiusKm() / (EARTH_RADIUS_KM * Math.cos(Math.toRadians(widest))));
        double minLng = near.longitude() - dLng;
        double maxLng = near.longitude() + dLng;
        if (minLng < -180 || maxLng > 180) {
            // across the antimeridian: the box pre-filter covers every longitude, the distance decides
            minLng = -180;
            maxLng = 180;
        }
        return new double[] {minLng, minLat, maxLng, maxLat};
    }

    private static double @Nullable [] bounds(SearchQuery.@Nullable Box b) {
        return b == null ? null : new double[] {b.minLongitude(), b.minLatitude(), b.maxLongitude(), b.maxLatitude()};
    }

    /** A street or a neighbourhood: looked up in the point index. */
    private static boolean pointIndexed(double[] b) {
        return b[3] - b[1] <= 0.1 && b[2] - b[0] <= 0.1;
    }

    /**
     * Within the box {@code b} (see {@link #bounds}): a small one (a street, a neighbourhood) from the
     * point index; a larger one by the grid cells or regions it covers (see the migration V16), whose
     * statistics tell the planner how many listings there are, then the exact bounds; by the words of its
     * regions when the keyword matches come from the place-and-words index. The bounds are inside a
     * CASE so that the planner takes them for about half of the cells' rows instead of multiplying in
     * the selectivities of latitude and longitude as if they were independent of the cells.
     */
    private static String place(Sql sql, double[] b, boolean byRegion) {
        double minLng = b[0];
        double minLat = b[1];
        double maxLng = b[2];
        double maxLat = b[3];
        if (pointIndexed(b)) {
            return "point(s.longitude, s.latitude) <@ box(point(" + sql.param(minLng) + ", " + sql.param(minLat)
                    + "), point(" + sql.param(maxLng) + ", " + sql.param(maxLat) + "))";
        }
        String bounds = "s.latitude BETWEEN " + sql.param(minLat) + " AND " + sql.param(maxLat)
                + " AND s.longitude BETWEEN " + sql.param(minLng) + " AND " + sql.param(maxLng);
        if (byRegion) {
            List<String> regions = new ArrayList<>();
            for (int region : cells(minLng, minLat, maxLng, maxLat, 1)) {
                regions.add("region:" + region);
            }
            return placeWords(sql, lexemes(regions)) + " AND CASE WHEN " + bounds + " THEN true ELSE false END";
        }
        for (int perDegree : new int[] {10, 1}) {
            int[] cells = cells(minLng, minLat, maxLng, maxLat, perDegree);
            if (cells != null) {
                return "s." + (perDegree == 10 ? "cell" : "region") + " = ANY (CAST(" + sql.param(cells)
                        + " AS int[])) AND CASE WHEN " + bounds + " THEN true ELSE false END";
            }
        }
        return bounds;
    }

    /**
     * The listing's place words (see the migration V21) match {@code query}: its regions, categories and
     * type, from the index over them and the text.
     */
    private static String placeWords(Sql sql, String query) {
        return "s.place_words @@ CAST(" + sql.param(query) + " AS tsquery)";
    }

    /**
     * The cells of a grid with {@code perDegree} bands per degree that the box overlaps, numbered as the
     * generated columns {@code cell} (10) and {@code region} (1) are; null if more than {@link #MAX_CELLS}.
     */
    static int @Nullable [] cells(double minLng, double minLat, double maxLng, double maxLat, int perDegree) {
        int latFrom = (int) Math.floor((minLat + 90) * perDegree);
        int latTo = (int) Math.floor((maxLat + 90) * perDegree);
        int lngFrom = (int) Math.floor((minLng + 180) * perDegree);
        int lngTo = (int) Math.floor((maxLng + 180) * perDegree);
        long count = (long) (latTo - latFrom + 1) * (lngTo - lngFrom + 1);
        if (count > MAX_CELLS) {
            return null;
        }
        int stride = 360 * perDegree + 1;
        int[] cells = new int[(int) count];
        int i = 0;
        for (int lat = latFrom; lat <= latTo; lat++) {
            for (int lng = lngFrom; lng <= lngTo; lng++) {
                cells[i++] = lat * stride + lng;
            }
        }
        return cells;
    }

    /** Adds the exact great-circle distance condition and returns the distance's expression. */
    private static String distance(Sql sql, SearchQuery.Near near) {
        String lat = sql.param(near.latitude());
        String lng = sql.param(near.longitude());
        String expression = "(2 * " + EARTH_RADIUS_KM + " * asin(sqrt(power(sin(radians(s.latitude - " + lat
                + ") / 2), 2) + cos(radians(" + lat + ")) * cos(radians(s.latitude)) * power(sin(radians(s.longitude - "
                + lng + ") / 2), 2))))";
        sql.where.add(expression + " <= " + sql.param(near.radiusKm()));
        return expression;
    }

    private void field(Sql sql, CustomField field, FieldFilter filter) {
        String key = field.key();
        boolean multi = field.type() == FieldType.MULTI_CHOICE;
        if (filter instanceof AnyOf) {
            sql.where.add(((AnyOf) filter)
                    .choices().stream()
                            .map(c -> "s.filters @> CAST(" + sql.param(contains(key, c, multi)) + " AS jsonb)")
                            .collect(Collectors.joining(" OR ", "(", ")")));
        } else if (filter instanceof AllOf) {
            List<String> choices = ((AllOf) filter).choices();
            if (multi) {
                sql.where.add(
                        "s.filters @> CAST(" + sql.param(json.writeValueAsString(Map.of(key, choices))) + " AS jsonb)");
            } else {
                choices.forEach(
                        c -> sql.where.add("s.filters @> CAST(" + sql.param(contains(key, c, false)) + " AS jsonb)"));
            }
        } else if (filter instanceof Range) {
            Range range = (Range) filter;
            String value = "CAST(s.filters -> " + sql.param(key) + " AS numeric)";
            if (range.min() != null) {
                sql.where.add(value + " >= " + sql.param(range.min()));
            }
            if (range.max() != null) {
                sql.where.add(value + " <= " + sql.param(range.max()));
            }
        } else if (filter instanceof Flag) {
            sql.where.add("s.filters @> CAST("
                    + sql.param(json.writeValueAsString(Map.of(key, ((Flag) filter).value()))) + " AS jsonb)");
        }
    }

    private String contains(String key, String choice, boolean multi) {
        return json.writeValueAsString(Map.of(key, multi ? List.of(choice) : choice));
    }

    /**
     * Bookable for the dates: the stay's length within the listing's rules, the start after its advance
     * notice (today in its own time zone), and every day with the seats (and hours) asked. The weekly
     * plan answers from the row itself for the weekdays the range covers; only listings with calendar
     * days look further, and only at their days in the range.
     *
     * <p>One condition for the three ways of booking, planned and checked once: a stay's nights end the
     * day before a rental's or a service's days do, the only difference between them.
     */
    private String available(Sql sql, Dates dates, int seats, @Nullable Integer hours) {
        String start = "CAST(" + sql.param(Date.valueOf(dates.start())) + " AS date)";
        String seatsParam = sql.param(seats);
        String now = sql.param(Timestamp.from(clock.instant()));
        String kinds;
        if (hours == null) {
            int nights = (int) ChronoUnit.DAYS.between(dates.start(), dates.nightlyLast()) + 1;
            int days = (int) ChronoUnit.DAYS.between(dates.start(), dates.dailyLast()) + 1;
            String length = nights == days
                    ? Integer.toString(nights)
                    : "CASE WHEN s.transaction = 'nightly' THEN " + nights + " ELSE " + days + " END";
            kinds = "s.transaction IN ('nightly', 'daily', 'hourly')"
                    + " AND (s.transaction = 'hourly' OR coalesce(s.min_duration, 1) <= " + length
                    + " AND (s.max_duration IS NULL OR s.max_duration >= " + length + "))"
                    + " AND "
                    + days(sql, dates.start(), dates.nightlyLast(), dates.dailyLast(), start, seatsParam, null);
        } else {
            // hours are asked of hourly listings only
            String hoursParam = sql.param(hours);
            kinds = "s.transaction = 'hourly'"
                    + " AND coalesce(s.min_duration, 1) <= " + hoursParam
                    + " AND coalesce(s.max_duration, " + hoursParam + ") >= " + hoursParam
                    + " AND "
                    + days(sql, dates.start(), dates.dailyLast(), dates.dailyLast(), start, seatsParam, hoursParam);
        }
        // today is at most tomorrow in UTC in every time zone: a notice no longer than the days from then
        // to the start is given, with no need to work out the listing's own today
        long slack = ChronoUnit.DAYS.between(
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1), dates.start());
        return "s.plan_seats IS NOT NULL"
                + " AND " + kinds
                + " AND (s.advance_notice_days <= " + slack + " OR " + start
                + " - CAST(timezone(s.time_zone, CAST(" + now + " AS timestamptz)) AS date) >= s.advance_notice_days)";
    }

    /**
     * Every day from {@code first} has the seats (and hours): to {@code nightsLast} for stays, to {@code
     * daysLast} (the same day or the next) for the others.
     */
    private static String days(
            Sql sql,
            LocalDate first,
            LocalDate nightsLast,
            LocalDate daysLast,
            String start,
            String seats,
            @Nullable String hours) {
        TreeSet<Integer> weekdays = weekdays(first, nightsLast);
        TreeSet<Integer> lastWeekday = weekdays(first, daysLast);
        lastWeekday.removeAll(weekdays);
        boolean longer = daysLast.isAfter(nightsLast);
        String nightsLastDay = "CAST(" + sql.param(Date.valueOf(nightsLast)) + " AS date)";
        String daysLastDay = longer ? "CAST(" + sql.param(Date.valueOf(daysLast)) + " AS date)" : nightsLastDay;
        String planSeats = weekdays.stream().map(d -> "s.plan_seats[" + d + "]").collect(Collectors.joining(", "));
        String planHours = weekdays.stream().map(d -> "s.plan_hours[" + d + "]").collect(Collectors.joining(", "));
        String plan = "least(" + planSeats + ") >= " + seats
                + (hours == null ? "" : " AND least(" + planHours + ") >= " + hours)
                + lastWeekday.stream()
                        .map(d -> " AND (s.transaction = 'nightly' OR s.plan_seats[" + d + "] >= " + seats + ")")
                        .collect(Collectors.joining());
        String fewer = "c.free_seats < " + seats + (hours == null ? "" : " OR c.open_hours < " + hours);
        // the calendar's days by range, not by each listing's own: PostgreSQL can then gather them once
        String calendar = "NOT EXISTS (SELECT 1 FROM search_calendar c WHERE c.listing_id = s.listing_id"
                + " AND c.day BETWEEN " + start + " AND " + nightsLastDay + " AND (" + fewer + "))"
                + (longer
                        ? " AND (s.transaction = 'nightly' OR NOT EXISTS (SELECT 1 FROM search_calendar c"
                                + " WHERE c.listing_id = s.listing_id AND c.day = " + daysLastDay + " AND (" + fewer
                                + ")))"
                        : "");
        String lastDay = longer
                ? "CASE WHEN s.transaction = 'nightly' THEN " + nightsLastDay + " ELSE " + daysLastDay + " END"
                : nightsLastDay;
        // fast path: the plan has the seats every weekday and no calendar day in the range takes them away;
        // else, where a calendar day may give more than the plan (an owner opening a day the plan closes),
        // day by day, the calendar before the plan
        return "((" + plan + " AND (NOT s.has_calendar OR " + calendar + "))"
                // each day's own row looked up by its key (LATERAL; LIMIT keeps the planner from turning it into
                // a join that reads all the listing's days)
                + " OR (s.calendar_opens AND NOT EXISTS (SELECT 1 FROM generate_series(0, " + lastDay + " - " + start
                + ") i LEFT JOIN LATERAL (SELECT c.free_seats, c.open_hours FROM search_calendar c"
                + " WHERE c.listing_id = s.listing_id AND c.day = " + start + " + i LIMIT 1) c ON true"
                + " WHERE coalesce(c.free_seats, s.plan_seats[CAST(extract(isodow FROM " + start + " + i) AS int)]) < "
                + seats
                + (hours == null
                        ? ""
                        : " OR coalesce(c.open_hours, s.plan_hours[CAST(extract(isodow FROM " + start
                                + " + i) AS int)]) < " + hours)
                + ")))";
    }

    /** The ISO weekdays (1–7) from {@code first} to {@code last}, inclusive. */
    private static TreeSet<Integer> weekdays(LocalDate first, LocalDate last) {
        TreeSet<Integer> weekdays = new TreeSet<>();
        for (LocalDate d = first; !d.isAfter(last) && weekdays.size() < 7; d = d.plusDays(1)) {
            weekdays.add(d.getDayOfWeek().getValue());
        }
        return weekdays;
    }

    /**
     * The hits of a page, for keyword searches their ranks (for the cursor), and what the facets
     * count of each hit (for when every match is on the page).
     */
    private record Page(
            List<SearchHit> hits,
            List<@Nullable Float> ranks,
            List<Faceted> faceted,
            @Nullable Counts counted) {}

    /** A hit's category, its top-level category and its {@code field=choice} values. */
    private record Faceted(String category, String topCategory, String[] values) {}

    private Page page(Plan plan, Sql filters, @Nullable String distance) {
        Named statement = pageStatement(plan, filters, distance);
        List<SearchHit> hits = new ArrayList<>();
        List<@Nullable Float> ranks = new ArrayList<>();
        List<Faceted> faceted = new ArrayList<>();
        String[] counted = {null};
        query(settings(), statement, rs -> {
            if (hits.isEmpty()) {
                counted[0] = rs.getString("counted"); // the same on every row
            }
            hits.add(hit(rs));
            float rank = rs.getFloat("rank");
            ranks.add(rs.wasNull() ? null : rank);
            faceted.add(new Faceted(rs.getString("category"), rs.getString("top_category"), (String[])
                    rs.getArray("facet_values").getArray()));
        });
        Counts counts = null;
        if (counted[0] != null) {
            // a line per group: how many, category, top-level category, then its choices (keys have no spaces)
            Tally tally = new Tally();
            for (String line : counted[0].split("\n")) {
                String[] parts = line.split(" ");
                tally.add(parts[1], parts[2], Arrays.copyOfRange(parts, 3, parts.length), Long.parseLong(parts[0]));
            }
            counts = tally.counts();
        }
        return new Page(hits, ranks, faceted, counts);
    }

    private Named pageStatement(Plan plan, Sql filters, @Nullable String distance) {
        Sort sort = plan.sort();
        Sql sql = new Sql(filters);
        String select = COLUMNS + (distance == null ? ", NULL::float8 AS distance" : ", " + distance + " AS distance");
        String order;
        String keyset = null;
        Cursors.Position after = plan.after();
        switch (sort) {
            case RELEVANCE:
                order = "rank DESC, published_at DESC, listing_id DESC";
                if (after != null) {
                    keyset = "(rank, published_at, listing_id) < (CAST(" + sql.param(after.rank()) + " AS real), "
                            + "CAST(" + sql.param(after.timestamp().toString()) + " AS timestamptz)" + ", " + "CAST("
                            + sql.param(after.id().toString()) + " AS uuid)" + ")";
                }
                break;
            case DISTANCE:
                order = "distance, listing_id";
                if (after != null) {
                    keyset = "(distance, listing_id) > ("
                            + sql.param(after.number().doubleValue()) + ", " + "CAST("
                            + sql.param(after.id().toString()) + " AS uuid)" + ")";
                }
                break;
            case PRICE_ASC:
                order = "price_amount, listing_id";
                if (after != null) {
                    keyset = "(price_amount, listing_id) > ("
                            + sql.param(after.number().longValue()) + ", " + "CAST("
                            + sql.param(after.id().toString()) + " AS uuid)" + ")";
                }
                break;
            case PRICE_DESC:
                order = "price_amount DESC, listing_id DESC";
                if (after != null) {
                    keyset = "(price_amount, listing_id) < ("
                            + sql.param(after.number().longValue()) + ", " + "CAST("
                            + sql.param(after.id().toString()) + " AS uuid)" + ")";
                }
                break;
            case RATING:
                order = "rating_key DESC, listing_id DESC";
                if (after != null) {
                    keyset = "(rating_key, listing_id) < (" + sql.param(after.number()) + ", " + "CAST("
                            + sql.param(after.id().toString()) + " AS uuid)" + ")";
                }
                break;
            default:
                order = "published_at DESC, listing_id DESC";
                if (after != null) {
                    keyset = "(published_at, listing_id) < (" + "CAST("
                            + sql.param(after.timestamp().toString()) + " AS timestamptz)" + ", " + "CAST("
                            + sql.param(after.id().toString()) + " AS uuid)" + ")";
                }
        }
        String text;
        if (plan.words().isEmpty()) {
            // the keyset columns have the s. prefix in the table's own query
            String where = filters.conditions() + (keyset == null ? "" : " AND " + prefixed(keyset));
            text = "SELECT " + select + ", NULL::real AS rank, NULL::text AS counted FROM search_listings s WHERE "
                    + where + " ORDER BY " + prefixed(order) + " LIMIT "
                    + (plan.query().limit() + 1);
        } else {
            // fewer candidates than taken are all the matches: then they are counted here, not again
            String counted = after == null && !fromTitleWords(plan)
                    ? "CASE WHEN (SELECT count(*) FROM r) < " + CANDIDATES
                            // plain text: building JSON of the groups took a sixth of a keyword + place search
                            + " THEN (SELECT string_agg(n || ' ' || category || ' ' || top_category || ' '"
                            + " || coalesce(array_to_string(facet_values, ' '), ''), chr(10)) FROM (" + tally("r")
                            + ") t) END"
                    : "NULL::text";
            String ranked = select + ", ts_rank(s.document, " + TSQUERY_ONCE + ") AS rank";
            String rows = plan.query().near() != null || plan.query().box() != null
                    // the place's candidates come with their columns: no second read of each by its key
                    ? "r AS MATERIALIZED (" + placeCandidates(plan, filters, ranked) + ")"
                    : "c AS MATERIALIZED (" + candidates(plan, filters, sql) + "),"
                            + " r AS MATERIALIZED (SELECT " + ranked
                            + " FROM c JOIN search_listings s ON s.listing_id = c.listing_id)";
            text = "WITH " + rows + " SELECT r.*, " + counted + " AS counted FROM r"
                    + (keyset == null ? "" : " WHERE " + keyset)
                    + " ORDER BY " + order + " LIMIT " + (plan.query().limit() + 1);
        }
        return new Named(text, sql.params);
    }

    private static String prefixed(String columns) {
        return columns.replaceAll("\\b(rank|published_at|listing_id|distance|price_amount|rating_key)\\b", "s.$1")
                .replace("s.distance", "distance");
    }

    /**
     * At most {@link #CANDIDATES} keyword matches: title matches first, then the others. Neither part has
     * an ORDER BY, so both come straight from the indexes and stop once there are enough.
     */
    private static String candidates(Plan plan, Sql filters, Sql statement) {
        String where = filters.conditions();
        return "SELECT listing_id FROM ("
                + "(" + titleMatches(plan, filters, statement) + ")"
                + " UNION ALL (SELECT s.listing_id FROM search_listings s WHERE " + matches(plan, filters, "s.document")
                + " AND NOT (s.title_document @@ " + TSQUERY_ONCE + ") AND " + where + " LIMIT " + CANDIDATES + ")"
                + ") u LIMIT " + CANDIDATES;
    }

    /**
     * At most {@link #CANDIDATES} keyword matches in a place, title matches first, with {@code columns}:
     * the place's rows are few enough to read once, checking each one's text.
     */
    private static String placeCandidates(Plan plan, Sql filters, String columns) {
        return "SELECT " + columns + " FROM search_listings s WHERE " + matches(plan, filters, "s.document") + " AND "
                + filters.conditions() + " ORDER BY " + matches(plan, filters, "s.title_document") + " DESC LIMIT "
                + CANDIDATES;
    }

    /** One word without a place: title matches come from the title words (see {@link #titleMatches}). */
    private static boolean fromTitleWords(Plan plan) {
        return plan.words().size() == 1
                && plan.query().near() == null
                && plan.query().box() == null;
    }

    /**
     * Listings whose titles match the keywords. One word without a place: from the title words in index
     * order (the word or, as the last word is, any word it starts), which stops after the first {@link
     * #CANDIDATES}, where the text index would first gather every title with a common word. (Both words'
     * rows of a title holding "room" and "rooms" may come, hence more rows taken than kept.)
     */
    private static String titleMatches(Plan plan, Sql filters, Sql statement) {
        if (!fromTitleWords(plan)) {
            return "SELECT s.listing_id FROM search_listings s WHERE " + matches(plan, filters, "s.title_document")
                    + " AND " + filters.conditions() + " LIMIT " + CANDIDATES;
        }
        String word = statement.param(plan.words().get(0));
        String range = "w.word >= unaccent(" + word + ") AND w.word < unaccent(" + word + ") || chr(1114111)";
        String rows = filters.where.isEmpty()
                ? "SELECT w.listing_id FROM search_title_words w WHERE " + range
                : "SELECT w.listing_id FROM search_title_words w JOIN search_listings s ON s.listing_id = w.listing_id"
                        + " WHERE " + range + " AND " + filters.conditions();
        return "SELECT DISTINCT listing_id FROM (" + rows + " LIMIT " + 2 * CANDIDATES + ") t LIMIT " + CANDIDATES;
    }

    /**
     * The keywords match the text column: from its text index, unless the query has a place. Then the
     * text's matches come from the place-and-words index when {@link #wordsByRegion} (the last keyword as
     * the words it may stand for: a prefix would first gather its matches all over the index); otherwise
     * the match is a plain function call, which no index answers, on the rows the place's cells or point
     * index leave: building the bitmap of a common word's hundred thousand matches to AND it with the
     * place's costs more than checking the place's rows.
     */
    private static String matches(Plan plan, Sql filters, String column) {
        if (column.equals("s.document") && filters.params.containsKey("lexemes")) {
            return "s.document @@ ("
                    + (filters.params.containsKey("exact") ? "to_tsquery('simple', unaccent(:exact)) && " : "")
                    + "CAST(:lexemes AS tsquery))";
        }
        boolean place = plan.query().near() != null || plan.query().box() != null;
        return place ? "ts_match_vq(" + column + ", " + TSQUERY_ONCE + ")" : column + " @@ " + TSQUERY;
    }

    private record Counts(long total, boolean estimate, Map<String, Map<String, Long>> facets) {}

    /** The total and the facets, over the first {@link #COUNT_LIMIT} (+1, to know there are more) matches. */
    private Named countStatement(Plan plan, Sql filters) {
        String where =
                (plan.words().isEmpty() ? "" : matches(plan, filters, "s.document") + " AND ") + filters.conditions();
        String text = "WITH m AS (SELECT s.category, s.top_category, s.facet_values FROM search_listings s" + " WHERE "
                + where + " LIMIT " + (COUNT_LIMIT + 1) + ") " + tally("m");
        return new Named(text, filters.params);
    }

    /**
     * How many of {@code rows} there are per category, top-level category and set of choices: a few
     * hundred groups at most, added up by {@link Tally} (one pass over the rows).
     */
    private static String tally(String rows) {
        return "SELECT category, top_category, facet_values, count(*) AS n FROM " + rows
                + " GROUP BY category, top_category, facet_values";
    }

    /** Adds up the total and facets, from {@link #tally} groups or from hits one by one. */
    private static final class Tally {
        long total;
        final Map<String, Map<String, Long>> facets = new TreeMap<>();

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
            return new Counts(Math.min(total, COUNT_LIMIT), total > COUNT_LIMIT, facets);
        }
    }

    /** The total and facets, counted afresh or, for the same filters within a short while, as counted then. */
    private Counts counts(Plan plan, Sql filters) {
        Named statement = countStatement(plan, filters);
        Cache<String, Counts> cache = counted;
        if (cache == null) {
            return count(statement);
        }
        String key = statement.positional("").key();
        Counts reused = cache.getIfPresent(key);
        // a count from when there were fewer matches than this full page shows is counted again
        if (reused != null && reused.total() > plan.query().limit()) {
            return reused;
        }
        Counts fresh = count(statement);
        cache.put(key, fresh);
        return fresh;
    }

    /** Every match is on the page: its total and facets are the page's. */
    private static Counts counted(List<Faceted> page) {
        Tally tally = new Tally();
        page.forEach(hit -> tally.add(hit.category(), hit.topCategory(), hit.values(), 1));
        return tally.counts();
    }

    private Counts count(Named statement) {
        Tally tally = new Tally();
        query(settings(), statement, rs -> {
            tally.add(
                    rs.getString("category"),
                    rs.getString("top_category"),
                    (String[]) rs.getArray("facet_values").getArray(),
                    rs.getLong("n"));
        });
        return tally.counts();
    }

    /** Titles alike the words, when nothing matches them exactly; one page, most alike first. */
    private List<SearchHit> closeSpellings(Plan plan, Sql filters, @Nullable String distance) {
        Sql sql = new Sql(filters);
        sql.params.put("typed", String.join(" ", plan.words()));
        String text = "WITH c AS MATERIALIZED (SELECT s.listing_id FROM search_listings s"
                + " WHERE unaccent(:typed) <% s.title_plain AND " + filters.conditions() + " LIMIT " + CANDIDATES + ")"
                + " SELECT " + COLUMNS + ", " + (distance == null ? "NULL::float8" : distance) + " AS distance"
                + " FROM c JOIN search_listings s ON s.listing_id = c.listing_id"
                + " ORDER BY word_similarity(unaccent(:typed), s.title_plain) DESC, s.published_at DESC, s.listing_id DESC"
                + " LIMIT " + plan.query().limit();
        List<SearchHit> hits = new ArrayList<>();
        String settings =
                settings() + ", set_config('pg_trgm.word_similarity_threshold', '" + TYPO_SIMILARITY + "', true)";
        query(settings, new Named(text, sql.params), rs -> {
            hits.add(hit(rs));
        });
        return hits;
    }

    private SearchHit hit(ResultSet rs) throws SQLException {
        String currency = rs.getString("price_currency");
        long amount = rs.getLong("price_amount");
        String cover = rs.getString("cover_image");
        double latitude = rs.getDouble("latitude");
        boolean located = !rs.wasNull();
        double longitude = rs.getDouble("longitude");
        double distance = rs.getDouble("distance");
        boolean measured = !rs.wasNull();
        BigDecimal rating = rs.getBigDecimal("rating_average");
        return new SearchHit(
                rs.getObject("listing_id", UUID.class),
                rs.getString("listing_type"),
                rs.getString("category"),
                rs.getString("title"),
                currency == null ? null : Money.of(amount, currency.strip()),
                rs.getString("unit"),
                rs.getString("address"),
                located ? latitude : null,
                located ? longitude : null,
                cover == null
                        ? null
                        : images.image(cover, ImageKind.LISTING_PHOTO).url("thumb"),
                rs.getTimestamp("published_at").toInstant(),
                measured ? distance : null,
                rating == null ? null : rating.doubleValue(),
                rs.getInt("rating_count"));
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && "57014".equals(((SQLException) t).getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
