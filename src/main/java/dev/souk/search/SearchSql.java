package dev.souk.search;

import static dev.souk.search.Sql.param;

import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.FieldType;
import dev.souk.search.SearchQuery.AllOf;
import dev.souk.search.SearchQuery.AnyOf;
import dev.souk.search.SearchQuery.FieldFilter;
import dev.souk.search.SearchQuery.Flag;
import dev.souk.search.SearchQuery.Range;
import dev.souk.search.SearchQuery.Sort;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The statements of a checked query: its conditions, a page of results, the total and facets. Every
 * filter is answered from indexed columns of the read model that {@link SearchIndex} keeps, by a small
 * method of its own here; how keywords match is {@link KeywordSql}'s, availability for dates {@link
 * AvailabilitySql}'s, the order of a page and its cursor {@link PageOrder}'s.
 */
final class SearchSql {

    static final String COLUMNS = "s.listing_id, s.listing_type, s.category, s.title, s.price_amount,"
            + " s.price_currency, s.unit, s.address, s.latitude, s.longitude, s.cover_image, s.published_at,"
            + " s.rating_average, s.rating_count, s.rating_key, s.top_category, s.facet_values";

    private static final int CANDIDATES = Search.CANDIDATES;

    private final JsonMapper json;
    private final Clock clock;

    SearchSql(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * The conditions of the query.
     *
     * @param lastWords the words the last keyword may stand for, when the place's keyword matches may
     *     come from the place-and-words index (see {@link KeywordSql#wordsLookup}); else null
     */
    Filters filters(Plan plan, @Nullable List<String> lastWords) {
        SearchQuery q = plan.query();
        boolean byRegion = lastWords != null && lastWords.size() <= Places.PREFIX_WORDS;
        Where where = new Where(byRegion);
        if (byRegion) {
            // the kind of listing as the place's words, from the same index as the keywords
            if (q.listingType() != null) {
                where.indexed(placeWords(lexemes(List.of("type:" + q.listingType()))));
            }
            if (plan.category() != null) {
                where.indexed(
                        placeWords(lexemes(List.of("category:" + plan.category().key()))));
            }
        } else {
            if (q.listingType() != null) {
                where.add(listingType(q.listingType()));
            }
            if (plan.category() != null) {
                where.add(category(plan.category()));
            }
        }
        q.fields().forEach((key, filter) -> field(where, plan.fields().get(key), filter));
        if (q.priceMin() != null) {
            where.add(priceAtLeast(q.priceMin()));
        }
        if (q.priceMax() != null) {
            where.add(priceAtMost(q.priceMax()));
        }
        if (q.currency() != null) {
            where.add(currency(q.currency()));
        }
        // near: the exact distance is a condition of its own, below, on the rows the box leaves
        for (double[] bounds :
                new double[][] {q.near() == null ? null : Places.bounds(q.near()), Places.bounds(q.box())}) {
            if (bounds != null) {
                place(where, bounds);
            }
        }
        if (q.quantity() != null) {
            where.add(inStock(q.quantity()));
        }
        if (plan.dates() == null) {
            if (q.seats() != null) {
                where.add(seats(q.seats()));
            }
            if (q.hours() != null) {
                where.add(hours(q.hours()));
            }
        } else {
            where.add(AvailabilitySql.available(
                    plan.dates(), q.seats() == null ? 1 : q.seats(), q.hours(), clock.instant()));
        }
        Sql distance = null;
        if (q.near() != null) {
            distance = distance(q.near());
            where.add(within(distance, q.near().radiusKm()));
        }
        if (plan.sort() == Sort.PRICE_ASC || plan.sort() == Sort.PRICE_DESC) {
            where.add(priced());
        }
        Sql lexemes = null;
        if (byRegion) {
            List<String> words = plan.words();
            // no word in any text starts so: the last keyword itself, which then matches nothing
            lexemes = param(lexemes(lastWords.isEmpty() ? List.of(words.get(words.size() - 1)) : lastWords));
        }
        return new Filters(plan, where.conditions, distance, lexemes);
    }

    /**
     * The conditions, in order. Beside the place-and-words index, a condition another index answers has
     * the planner AND in that index's bitmap: half of all listings from the price index, every bookable
     * one from the partial index over them, gathered to spare checking a few hundred rows. No index
     * answers a CASE: so there, every condition but the place's words is one.
     */
    private static final class Where {
        final List<Sql> conditions = new ArrayList<>();
        final boolean byRegion;

        Where(boolean byRegion) {
            this.byRegion = byRegion;
        }

        void add(Sql condition) {
            conditions.add(byRegion ? condition.wrap("CASE WHEN ", " THEN true ELSE false END") : condition);
        }

        /** A condition on the place's words, answered from their index. */
        void indexed(Sql condition) {
            conditions.add(condition);
        }
    }

    static Sql listingType(String key) {
        return Sql.of("s.listing_type = ", param(key));
    }

    /** A child with its parent too: the indexes by category lead with the top-level one. */
    static Sql category(Category c) {
        return c.topLevel()
                ? Sql.of("s.top_category = ", param(c.key()))
                : Sql.of("s.top_category = ", param(c.parentKey()), " AND s.category = ", param(c.key()));
    }

    static Sql priceAtLeast(long minor) {
        return Sql.of("s.price_amount >= ", param(minor));
    }

    static Sql priceAtMost(long minor) {
        return Sql.of("s.price_amount <= ", param(minor));
    }

    static Sql currency(String code) {
        return Sql.of("s.price_currency = ", param(code.toUpperCase(Locale.ROOT)));
    }

    /** Sorted by price: listings without one are left out. */
    static Sql priced() {
        return Sql.of("s.price_amount IS NOT NULL");
    }

    static Sql inStock(int quantity) {
        return Sql.of("s.transaction = 'purchase' AND s.stock >= ", param(quantity));
    }

    /** Without dates: as many seats at most. */
    static Sql seats(int seats) {
        return Sql.of("s.max_seats >= ", param(seats));
    }

    /** Without dates: hourly listings open as long on some day. */
    static Sql hours(int hours) {
        return Sql.of("s.transaction = 'hourly' AND ", param(hours), " <= ANY (s.plan_hours)");
    }

    static Sql within(Sql distance, double radiusKm) {
        return Sql.of(distance, " <= ", param(radiusKm));
    }

    private void field(Where where, CustomField field, FieldFilter filter) {
        String key = field.key();
        boolean multi = field.type() == FieldType.MULTI_CHOICE;
        if (filter instanceof AnyOf anyOf) {
            where.add(Sql.join(
                            " OR ",
                            anyOf.choices().stream()
                                    .map(c -> filtersContain(contains(key, c, multi)))
                                    .toList())
                    .wrap("(", ")"));
        } else if (filter instanceof AllOf allOf) {
            if (multi) {
                where.add(filtersContain(json.writeValueAsString(Map.of(key, allOf.choices()))));
            } else {
                allOf.choices().forEach(c -> where.add(filtersContain(contains(key, c, false))));
            }
        } else if (filter instanceof Range range) {
            if (range.min() != null) {
                where.add(Sql.of(fieldNumber(key), " >= ", param(range.min())));
            }
            if (range.max() != null) {
                where.add(Sql.of(fieldNumber(key), " <= ", param(range.max())));
            }
        } else if (filter instanceof Flag flag) {
            where.add(filtersContain(json.writeValueAsString(Map.of(key, flag.value()))));
        }
    }

    /** The listing's filterable values hold {@code document} (JSON), from their GIN index. */
    private static Sql filtersContain(String document) {
        return Sql.of("s.filters @> CAST(", param(document), " AS jsonb)");
    }

    private static Sql fieldNumber(String key) {
        return Sql.of("CAST(s.filters -> ", param(key), " AS numeric)");
    }

    private String contains(String key, String choice, boolean multi) {
        return json.writeValueAsString(Map.of(key, multi ? List.of(choice) : choice));
    }

    /**
     * Within the box {@code b} (see {@link Places#bounds}): a small one (a street, a neighbourhood) from
     * the point index; a larger one by the grid cells or regions it covers (see the migration V16), whose
     * statistics tell the planner how many listings there are, then the exact bounds; by the words of its
     * regions when the keyword matches come from the place-and-words index. The bounds are inside a CASE
     * so that the planner takes them for about half of the cells' rows instead of multiplying in the
     * selectivities of latitude and longitude as if they were independent of the cells.
     */
    private static void place(Where where, double[] b) {
        double minLng = b[0];
        double minLat = b[1];
        double maxLng = b[2];
        double maxLat = b[3];
        if (Places.pointIndexed(b)) {
            where.add(Sql.of(
                    "point(s.longitude, s.latitude) <@ box(point(",
                    param(minLng),
                    ", ",
                    param(minLat),
                    "), point(",
                    param(maxLng),
                    ", ",
                    param(maxLat),
                    "))"));
            return;
        }
        Sql bounds = Sql.of(
                "s.latitude BETWEEN ",
                param(minLat),
                " AND ",
                param(maxLat),
                " AND s.longitude BETWEEN ",
                param(minLng),
                " AND ",
                param(maxLng));
        Sql within = bounds.wrap(" AND CASE WHEN ", " THEN true ELSE false END");
        if (where.byRegion) {
            List<String> regions = new ArrayList<>();
            for (int region : Places.cells(minLng, minLat, maxLng, maxLat, 1)) {
                regions.add("region:" + region);
            }
            where.indexed(Sql.of(placeWords(lexemes(regions)), within));
            return;
        }
        for (int perDegree : new int[] {10, 1}) {
            int[] cells = Places.cells(minLng, minLat, maxLng, maxLat, perDegree);
            if (cells != null) {
                String column = perDegree == 10 ? "s.cell" : "s.region";
                where.add(Sql.of(column, " = ANY (CAST(", param(cells), " AS int[]))", within));
                return;
            }
        }
        where.add(bounds);
    }

    /**
     * The listing's place words (see the migration V21) match {@code query}: its regions, categories and
     * type, from the index over them and the text.
     */
    private static Sql placeWords(String query) {
        return Sql.of("s.place_words @@ CAST(", param(query), " AS tsquery)");
    }

    /** Lexemes as alternatives of a text query, each quoted as it is (no dictionary applied again). */
    static String lexemes(List<String> lexemes) {
        return lexemes.stream()
                .map(l -> "'" + l.replace("\\", "\\\\").replace("'", "''") + "'")
                .collect(Collectors.joining(" | "));
    }

    /** The great-circle distance from {@code near}, in kilometres. */
    static Sql distance(SearchQuery.Near near) {
        Sql lat = param(near.latitude());
        Sql lng = param(near.longitude());
        return Sql.of(
                "(2 * " + Places.EARTH_RADIUS_KM + " * asin(sqrt(power(sin(radians(s.latitude - ",
                lat,
                ") / 2), 2) + cos(radians(",
                lat,
                ")) * cos(radians(s.latitude)) * power(sin(radians(s.longitude - ",
                lng,
                ") / 2), 2))))");
    }

    // --- the page ----------------------------------------------------------------------------------

    /**
     * The page's rows, one more than asked (to know there is a next page), each with its distance and
     * keyword rank; with keywords and when fewer than {@link Search#CANDIDATES} match, each row also
     * carries the matches' counts (see {@link Tally#lines}).
     */
    Sql page(Filters filters) {
        Plan plan = filters.plan();
        Sql distance = filters.distance();
        Sql select = distance == null
                ? Sql.of(COLUMNS + ", NULL::float8 AS distance")
                : Sql.of(COLUMNS + ", ", distance, " AS distance");
        String limit = " LIMIT " + (plan.query().limit() + 1);
        if (plan.words().isEmpty()) {
            // the keyset's columns have the s. prefix in the table's own query, where the distance is no column
            Sql keyset = PageOrder.keyset(plan, "s.", distance);
            Sql where = keyset == null ? filters.conditions() : Sql.of(filters.conditions(), " AND ", keyset);
            return Sql.of(
                    "SELECT ",
                    select,
                    ", NULL::real AS rank, NULL::text AS counted FROM search_listings s WHERE ",
                    where,
                    " ORDER BY " + PageOrder.order(plan.sort(), "s.") + limit);
        }
        // fewer candidates than taken are all the matches: then they are counted here, not again
        String counted = plan.after() == null && !KeywordSql.fromTitleWords(plan)
                ? "CASE WHEN (SELECT count(*) FROM r) < " + CANDIDATES
                        // plain text: building JSON of the groups took a sixth of a keyword + place search
                        + " THEN (SELECT string_agg(n || ' ' || category || ' ' || top_category || ' '"
                        + " || coalesce(array_to_string(facet_values, ' '), ''), chr(10)) FROM (" + tally("r")
                        + ") t) END"
                : "NULL::text";
        Sql ranked = Sql.of(select, ", ts_rank(s.document, ", KeywordSql.textQueryOnce(plan), ") AS rank");
        Sql rows = plan.hasPlace()
                // the place's candidates come with their columns: no second read of each by its key
                ? KeywordSql.placeCandidates(filters, ranked).wrap("r AS MATERIALIZED (", ")")
                : Sql.of(
                        "c AS MATERIALIZED (",
                        KeywordSql.candidates(filters),
                        "), r AS MATERIALIZED (SELECT ",
                        ranked,
                        " FROM c JOIN search_listings s ON s.listing_id = c.listing_id)");
        Sql keyset = PageOrder.keyset(plan, "", Sql.of("distance"));
        return Sql.of(
                "WITH ",
                rows,
                " SELECT r.*, " + counted + " AS counted FROM r",
                keyset == null ? Sql.of() : keyset.wrap(" WHERE ", ""),
                " ORDER BY " + PageOrder.order(plan.sort(), "") + limit);
    }

    // --- counts ------------------------------------------------------------------------------------

    /** The total and the facets, over the first {@link Search#COUNT_LIMIT} (+1, to know there are more) matches. */
    static Sql count(Filters filters) {
        Sql where = filters.plan().words().isEmpty()
                ? filters.conditions()
                : Sql.of(KeywordSql.matches(filters, "s.document"), " AND ", filters.conditions());
        return Sql.of(
                "WITH m AS (SELECT s.category, s.top_category, s.facet_values FROM search_listings s WHERE ",
                where,
                " LIMIT " + (Search.COUNT_LIMIT + 1) + ") " + tally("m"));
    }

    /**
     * How many of {@code rows} there are per category, top-level category and set of choices: a few
     * hundred groups at most, added up by {@link Tally} (one pass over the rows).
     */
    private static String tally(String rows) {
        return "SELECT category, top_category, facet_values, count(*) AS n FROM " + rows
                + " GROUP BY category, top_category, facet_values";
    }
}
