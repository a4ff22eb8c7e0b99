package dev.souk.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.FieldType;
import dev.souk.search.SearchQuery.AllOf;
import dev.souk.search.SearchQuery.AnyOf;
import dev.souk.search.SearchQuery.FieldFilter;
import dev.souk.search.SearchQuery.Flag;
import dev.souk.search.SearchQuery.Range;
import dev.souk.search.SearchQuery.Sort;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The statements of each filter, without a database: the predicate each one adds and its values. */
class SearchSqlTest {

    static final Instant NOW = Instant.parse("2027-02-01T12:00:00Z");
    static final Category ROOMS = new Category("rooms", "Rooms", null, Set.of("stays"), 1);
    static final Category SUITES = new Category("suites", "Suites", "rooms", Set.of("stays"), 2);

    final SearchSql sql = new SearchSql(JsonMapper.builder().build(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void withoutFiltersEverythingNewestFirst() {
        Sql page = page(new Query());
        assertThat(page.text())
                .startsWith("SELECT " + SearchSql.COLUMNS + ", NULL::float8 AS distance, NULL::real AS rank,")
                .endsWith("FROM search_listings s WHERE TRUE ORDER BY s.published_at DESC, s.listing_id DESC LIMIT 25");
        assertThat(page.params()).isEmpty();
    }

    @Test
    void listingTypeAndCategory() {
        assertThat(where(new Query().type("stays"))).isEqualTo(sql("s.listing_type = ?", "stays"));
        // a top-level category includes its children; a child is looked up with its parent, as the indexes lead
        assertThat(where(new Query().category(ROOMS))).isEqualTo(sql("s.top_category = ?", "rooms"));
        assertThat(where(new Query().category(SUITES)))
                .isEqualTo(sql("s.top_category = ? AND s.category = ?", "rooms", "suites"));
    }

    @Test
    void priceRangeAndCurrency() {
        Query q = new Query();
        q.priceMin = 5000L;
        q.priceMax = 9000L;
        q.currency = "eur";
        assertThat(where(q))
                .isEqualTo(sql(
                        "s.price_amount >= ? AND s.price_amount <= ? AND s.price_currency = ?", 5000L, 9000L, "EUR"));
    }

    @Test
    void choiceFields() {
        assertThat(where(new Query().field(field("colour", FieldType.CHOICE), new AnyOf(List.of("red", "blue")))))
                .isEqualTo(sql(
                        "(s.filters @> CAST(? AS jsonb) OR s.filters @> CAST(? AS jsonb))",
                        "{\"colour\":\"red\"}",
                        "{\"colour\":\"blue\"}"));
        // all of a single choice's choices: one condition each
        assertThat(where(new Query().field(field("colour", FieldType.CHOICE), new AllOf(List.of("red")))))
                .isEqualTo(sql("s.filters @> CAST(? AS jsonb)", "{\"colour\":\"red\"}"));
    }

    @Test
    void multiChoiceFields() {
        CustomField amenities = field("amenities", FieldType.MULTI_CHOICE);
        assertThat(where(new Query().field(amenities, new AnyOf(List.of("wifi")))))
                .isEqualTo(sql("(s.filters @> CAST(? AS jsonb))", "{\"amenities\":[\"wifi\"]}"));
        assertThat(where(new Query().field(amenities, new AllOf(List.of("wifi", "pool")))))
                .isEqualTo(sql("s.filters @> CAST(? AS jsonb)", "{\"amenities\":[\"wifi\",\"pool\"]}"));
    }

    @Test
    void numberAndBooleanFields() {
        CustomField guests = field("guests", FieldType.NUMBER);
        assertThat(where(new Query().field(guests, new Range(BigDecimal.ONE, BigDecimal.TEN))))
                .isEqualTo(sql(
                        "CAST(s.filters -> ? AS numeric) >= ? AND CAST(s.filters -> ? AS numeric) <= ?",
                        "guests",
                        BigDecimal.ONE,
                        "guests",
                        BigDecimal.TEN));
        assertThat(where(new Query().field(guests, new Range(null, BigDecimal.TEN))))
                .isEqualTo(sql("CAST(s.filters -> ? AS numeric) <= ?", "guests", BigDecimal.TEN));
        assertThat(where(new Query().field(field("pets", FieldType.BOOLEAN), new Flag(true))))
                .isEqualTo(sql("s.filters @> CAST(? AS jsonb)", "{\"pets\":true}"));
    }

    @Test
    void aSmallCircleFromThePointIndexThenTheExactDistance() {
        Query q = new Query();
        q.near = new SearchQuery.Near(38.7, -9.1, 1);
        Sql where = where(q);
        assertThat(where.text())
                .startsWith(
                        "point(s.longitude, s.latitude) <@ box(point(?, ?), point(?, ?)) AND (2 * 6371.0088 * asin(")
                .endsWith(") <= ?");
        assertThat(where.params()).hasSize(4 + 3 + 1).endsWith(38.7, 38.7, -9.1, 1.0);
        assertThat((double) where.params().get(0)).isLessThan(-9.1);
        assertThat((double) where.params().get(1)).isLessThan(38.7);
        // the distance is a column of the page too, and its order
        q.sort = Sort.DISTANCE;
        assertThat(page(q).text()).contains(" AS distance,").contains("ORDER BY distance, s.listing_id LIMIT 25");
    }

    @Test
    void largerPlacesByTheirGridCellsOrRegions() {
        Query city = new Query();
        city.near = new SearchQuery.Near(38.7, -9.1, 25);
        Sql cells = where(city);
        assertThat(cells.text())
                .startsWith("s.cell = ANY (CAST(? AS int[])) AND CASE WHEN s.latitude BETWEEN ? AND ?"
                        + " AND s.longitude BETWEEN ? AND ? THEN true ELSE false END AND (2 * ");
        assertThat(cells.params().get(0)).isInstanceOf(int[].class);

        Query region = new Query();
        region.box = new SearchQuery.Box(-20, 30, 10, 50);
        Sql regions = where(region);
        assertThat(regions.text())
                .isEqualTo("s.region = ANY (CAST(? AS int[])) AND CASE WHEN s.latitude BETWEEN ? AND ?"
                        + " AND s.longitude BETWEEN ? AND ? THEN true ELSE false END");
        assertThat((int[]) regions.params().get(0)).containsExactly(Places.cells(-20, 30, 10, 50, 1));
        assertThat(regions.params().subList(1, 5)).containsExactly(30.0, 50.0, -20.0, 10.0);

        Query world = new Query();
        world.box = new SearchQuery.Box(-180, -90, 180, 90);
        assertThat(where(world))
                .isEqualTo(
                        sql("s.latitude BETWEEN ? AND ? AND s.longitude BETWEEN ? AND ?", -90.0, 90.0, -180.0, 180.0));
    }

    @Test
    void seatsHoursAndQuantityWithoutDates() {
        Query q = new Query();
        q.seats = 4;
        q.hours = 3;
        q.quantity = 2;
        assertThat(where(q))
                .isEqualTo(sql(
                        "s.transaction = 'purchase' AND s.stock >= ? AND s.max_seats >= ?"
                                + " AND s.transaction = 'hourly' AND ? <= ANY (s.plan_hours)",
                        2,
                        4,
                        3));
    }

    @Test
    void datesFromTheWeeklyPlanAndTheCalendarDaysInTheRange() {
        Query q = new Query();
        q.seats = 2;
        // Monday to Thursday: three nights (Mon–Wed) or four days (Mon–Thu)
        LocalDate monday = LocalDate.parse("2027-03-01");
        q.dates = new Plan.Dates(monday, monday.plusDays(2), monday.plusDays(3));
        Sql where = where(q);
        assertThat(where.text())
                .startsWith("s.plan_seats IS NOT NULL AND s.transaction IN ('nightly', 'daily', 'hourly')")
                .contains("coalesce(s.min_duration, 1) <= CASE WHEN s.transaction = 'nightly' THEN 3 ELSE 4 END")
                .contains("least(s.plan_seats[1], s.plan_seats[2], s.plan_seats[3]) >= ?")
                .contains(" AND (s.transaction = 'nightly' OR s.plan_seats[4] >= ?)")
                .contains("NOT EXISTS (SELECT 1 FROM search_calendar c WHERE c.listing_id = s.listing_id"
                        + " AND c.day BETWEEN CAST(? AS date) AND CAST(? AS date) AND (c.free_seats < ?))")
                .contains("generate_series(0, CASE WHEN s.transaction = 'nightly' THEN CAST(? AS date)"
                        + " ELSE CAST(? AS date) END - CAST(? AS date))")
                // the notice is given without looking: 27 days from tomorrow in UTC to the start
                .endsWith(" AND (s.advance_notice_days <= 27 OR CAST(? AS date)"
                        + " - CAST(timezone(s.time_zone, CAST(? AS timestamptz)) AS date) >= s.advance_notice_days)");
        Date mon = Date.valueOf(monday);
        Date wed = Date.valueOf(monday.plusDays(2));
        Date thu = Date.valueOf(monday.plusDays(3));
        assertThat(where.params())
                .containsExactly(2, 2, mon, wed, 2, thu, 2, wed, thu, mon, mon, mon, 2, mon, Timestamp.from(NOW));
    }

    @Test
    void hoursOnADateAskHourlyListings() {
        Query q = new Query();
        q.hours = 3;
        LocalDate monday = LocalDate.parse("2027-03-01");
        q.dates = new Plan.Dates(monday, monday, monday);
        Sql where = where(q);
        assertThat(where.text())
                .startsWith("s.plan_seats IS NOT NULL AND s.transaction = 'hourly' AND coalesce(s.min_duration, 1) <= ?"
                        + " AND coalesce(s.max_duration, ?) >= ? AND ((least(s.plan_seats[1]) >= ?"
                        + " AND least(s.plan_hours[1]) >= ?")
                .contains("c.free_seats < ? OR c.open_hours < ?");
        assertThat(where.params().subList(0, 5)).containsExactly(3, 3, 3, 1, 3);
    }

    @Test
    void sortByPriceLeavesUnpricedListingsOut() {
        Query q = new Query();
        q.sort = Sort.PRICE_DESC;
        assertThat(where(q)).isEqualTo(sql("s.price_amount IS NOT NULL"));
        assertThat(page(q).text()).endsWith("ORDER BY s.price_amount DESC, s.listing_id DESC LIMIT 25");
    }

    @Test
    void laterPagesStartAfterTheCursorsRow() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        OffsetDateTime at = OffsetDateTime.parse("2027-01-01T10:00Z");
        Query newest = new Query();
        newest.after = new Cursors.Position(id, at, null, null);
        Sql page = page(newest);
        assertThat(page.text())
                .contains("WHERE TRUE AND (s.published_at, s.listing_id) < (CAST(? AS timestamptz), CAST(? AS uuid))"
                        + " ORDER BY s.published_at DESC, s.listing_id DESC");
        assertThat(page.params()).containsExactly(at.toString(), id.toString());

        Query cheapest = new Query();
        cheapest.sort = Sort.PRICE_ASC;
        cheapest.after = new Cursors.Position(id, at, BigDecimal.valueOf(5000), null);
        assertThat(page(cheapest).text()).contains("(s.price_amount, s.listing_id) > (?, CAST(? AS uuid))");
        assertThat(page(cheapest).params()).containsExactly(5000L, id.toString());

        Query relevant = new Query();
        relevant.words = List.of("room");
        relevant.sort = Sort.RELEVANCE;
        relevant.after = new Cursors.Position(id, at, null, 0.5f);
        Sql ranked = page(relevant);
        assertThat(ranked.text())
                .contains(" WHERE (rank, published_at, listing_id) < (CAST(? AS real), CAST(? AS timestamptz),"
                        + " CAST(? AS uuid)) ORDER BY rank DESC, published_at DESC, listing_id DESC LIMIT 25")
                // later pages don't count
                .contains("SELECT r.*, NULL::text AS counted FROM r");
        assertThat(ranked.params()).endsWith(0.5f, at.toString(), id.toString());
    }

    @Test
    void theNextPageByDistanceComparesTheDistanceItself() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000002");
        Query q = new Query();
        q.near = new SearchQuery.Near(38.7, -9.1, 1);
        q.sort = Sort.DISTANCE;
        q.after = new Cursors.Position(id, OffsetDateTime.parse("2027-01-01T10:00Z"), new BigDecimal("0.25"), null);
        Sql page = page(q);
        // no column of the table is the distance: the keyset repeats its expression
        assertThat(page.text())
                .contains(" AND ((2 * 6371.0088 * asin(")
                .contains(")), s.listing_id) > (?, CAST(? AS uuid)) ORDER BY distance, s.listing_id LIMIT 25");
        assertThat(page.params()).endsWith(38.7, 38.7, -9.1, 0.25, id.toString());
        // a ranked page's rows have it as a column
        q.words = List.of("room");
        assertThat(page(q).text()).contains(" WHERE (distance, listing_id) > (?, CAST(? AS uuid)) ORDER BY distance");
    }

    @Test
    void oneKeywordFromTheTitleWordsThenTheText() {
        Query q = new Query();
        q.words = List.of("room");
        q.sort = Sort.RELEVANCE;
        Sql page = page(q);
        assertThat(page.text())
                .startsWith("WITH c AS MATERIALIZED (SELECT listing_id FROM ((SELECT DISTINCT listing_id FROM"
                        + " (SELECT w.listing_id FROM search_title_words w WHERE w.word >= unaccent(?)"
                        + " AND w.word < unaccent(?) || chr(1114111) LIMIT 2000) t LIMIT 1000)"
                        + " UNION ALL (SELECT s.listing_id FROM search_listings s WHERE"
                        + " s.document @@ to_tsquery('simple', unaccent(?))"
                        + " AND NOT (s.title_document @@ (SELECT to_tsquery('simple', unaccent(?)))) AND TRUE LIMIT 1000))"
                        + " u LIMIT 1000), r AS MATERIALIZED (")
                .endsWith("ORDER BY rank DESC, published_at DESC, listing_id DESC LIMIT 25");
        assertThat(page.params()).containsExactly("room", "room", "room:*", "room:*", "room:*");
        assertThat(SearchSql.count(sql.filters(plan(q), null)))
                .isEqualTo(sql(
                        "WITH m AS (SELECT s.category, s.top_category, s.facet_values FROM search_listings s"
                                + " WHERE s.document @@ to_tsquery('simple', unaccent(?)) AND TRUE LIMIT 10001)"
                                + " SELECT category, top_category, facet_values, count(*) AS n FROM m"
                                + " GROUP BY category, top_category, facet_values",
                        "room:*"));
    }

    @Test
    void severalKeywordsCountedWithThePageWhenFewMatch() {
        Query q = new Query();
        q.words = List.of("cafe", "room");
        q.sort = Sort.RELEVANCE;
        Sql page = page(q);
        assertThat(page.text())
                .contains("(SELECT s.listing_id FROM search_listings s WHERE"
                        + " s.title_document @@ to_tsquery('simple', unaccent(?)) AND TRUE LIMIT 1000)")
                .contains("SELECT r.*, CASE WHEN (SELECT count(*) FROM r) < 1000 THEN (SELECT string_agg(");
        assertThat(page.params()).containsOnly("cafe & room:*");
    }

    @Test
    void keywordsInAPlaceFromThePlaceAndWordsIndex() {
        Query q = new Query().type("stays").category(ROOMS);
        q.words = List.of("cafe", "roo");
        q.box = new SearchQuery.Box(-9.5, 38.5, -9.1, 38.9);
        q.priceMin = 100L;
        Filters filters = sql.filters(plan(q), List.of("room", "rooms"));
        assertThat(filters.conditions())
                .isEqualTo(sql(
                        "s.place_words @@ CAST(? AS tsquery) AND s.place_words @@ CAST(? AS tsquery)"
                                // no index answers a CASE: the planner takes the place's words alone
                                + " AND CASE WHEN s.price_amount >= ? THEN true ELSE false END"
                                + " AND s.place_words @@ CAST(? AS tsquery) AND CASE WHEN s.latitude BETWEEN ? AND ?"
                                + " AND s.longitude BETWEEN ? AND ? THEN true ELSE false END",
                        "'type:stays'",
                        "'category:rooms'",
                        100L,
                        "'region:46378'",
                        38.5,
                        38.9,
                        -9.5,
                        -9.1));
        Sql count = SearchSql.count(filters);
        assertThat(count.text())
                .contains("WHERE s.document @@ (to_tsquery('simple', unaccent(?)) && CAST(? AS tsquery)) AND ");
        assertThat(count.params().subList(0, 2)).containsExactly("cafe", "'room' | 'rooms'");
    }

    @Test
    void theWordsALastKeywordMayStandForAreLookedUpOnlyForASmallPlace() {
        Query q = new Query();
        q.words = List.of("roo");
        assertThat(KeywordSql.wordsLookup(plan(q))).isNull();
        q.box = new SearchQuery.Box(-9.5, 38.5, -9.0, 39.0);
        assertThat(KeywordSql.wordsLookup(plan(q)))
                .isEqualTo(sql(
                        "SELECT ARRAY(SELECT word FROM search_words WHERE word >= unaccent(?)"
                                + " AND word < unaccent(?) || chr(1114111) ORDER BY word LIMIT 17)",
                        "roo",
                        "roo"));
    }

    @Test
    void closeSpellingsOfTheTitlesWithTheSameFilters() {
        Query q = new Query().type("stays");
        q.words = List.of("harbuor");
        Sql close = CloseSpellings.statement(sql.filters(plan(q), null));
        assertThat(close.text())
                .startsWith("WITH c AS MATERIALIZED (SELECT s.listing_id FROM search_listings s"
                        + " WHERE unaccent(?) <% s.title_plain AND s.listing_type = ? LIMIT 1000)")
                .endsWith("ORDER BY word_similarity(unaccent(?), s.title_plain) DESC, s.published_at DESC,"
                        + " s.listing_id DESC LIMIT 24");
        assertThat(close.params()).containsExactly("harbuor", "stays", "harbuor");
    }

    @Test
    void fragmentsCompose() {
        Sql a = Sql.of("a = ", Sql.param(1));
        Sql b = Sql.of("b = ", Sql.param(null));
        assertThat(Sql.and(List.of(a, b)).wrap("(", ")")).isEqualTo(sql("(a = ? AND b = ?)", 1, null));
        assertThat(Sql.and(List.of())).isEqualTo(sql("TRUE"));
        assertThat(Sql.join(" OR ", List.of(a, a))).isEqualTo(sql("a = ? OR a = ?", 1, 1));
        // a count is reused for the same statement and values, whatever the time of day
        assertThat(Sql.of("t < ", Sql.param(Timestamp.from(NOW))).key())
                .isEqualTo(Sql.of("t < ", Sql.param(Timestamp.from(NOW.plusSeconds(60))))
                        .key());
        assertThat(a.key()).isNotEqualTo(Sql.of("a = ", Sql.param(2)).key());
    }

    // --- queries as checked ----------------------------------------------------------------------

    /** A query as checked, with every part settable. */
    static final class Query {
        @Nullable
        String type;

        @Nullable
        Category category;

        final Map<String, FieldFilter> filters = new LinkedHashMap<>();
        final Map<String, CustomField> fields = new LinkedHashMap<>();

        @Nullable
        Long priceMin;

        @Nullable
        Long priceMax;

        @Nullable
        String currency;

        SearchQuery.@Nullable Near near;
        SearchQuery.@Nullable Box box;
        Plan.@Nullable Dates dates;

        @Nullable
        Integer seats;

        @Nullable
        Integer hours;

        @Nullable
        Integer quantity;

        Sort sort = Sort.NEWEST;
        List<String> words = List.of();
        Cursors.@Nullable Position after;

        Query type(String key) {
            type = key;
            return this;
        }

        Query category(Category c) {
            category = c;
            return this;
        }

        Query field(CustomField field, FieldFilter filter) {
            fields.put(field.key(), field);
            filters.put(field.key(), filter);
            return this;
        }
    }

    static Plan plan(Query q) {
        SearchQuery query = new SearchQuery(
                String.join(" ", q.words),
                q.type,
                q.category == null ? null : q.category.key(),
                q.filters,
                q.priceMin,
                q.priceMax,
                q.currency,
                q.near,
                q.box,
                q.dates == null ? null : q.dates.start(),
                null,
                q.seats,
                q.hours,
                q.quantity,
                q.sort,
                SearchQuery.DEFAULT_LIMIT,
                null);
        return new Plan(query, q.words, q.sort, q.category, q.fields, q.dates, q.after);
    }

    Sql where(Query q) {
        return sql.filters(plan(q), null).conditions();
    }

    Sql page(Query q) {
        return sql.page(sql.filters(plan(q), null));
    }

    static Sql sql(String text, @Nullable Object... params) {
        return new Sql(text, Arrays.asList(params));
    }

    static CustomField field(String key, FieldType type) {
        return new CustomField(
                key,
                key,
                type,
                Set.of(),
                Set.of(),
                false,
                false,
                true,
                List.of(
                        new CustomField.Choice("red", "Red"),
                        new CustomField.Choice("blue", "Blue"),
                        new CustomField.Choice("wifi", "Wifi"),
                        new CustomField.Choice("pool", "Pool")),
                null,
                null,
                null,
                1);
    }
}
