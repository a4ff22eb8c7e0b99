package dev.souk.search;

import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceConfig;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The statements {@link SearchIndex} and {@link SearchIndexRebuild} share: the read model's rows and calendar
 * days computed from the listings module's published views ({@code listings_searchable}, {@code
 * listing_date_exceptions}; V58), for one listing or a batch, with the catalogue's names and field kinds as
 * parameters, and the words of their texts.
 */
final class SearchIndexSql {

    private SearchIndexSql() {}

    /** How far ahead exception days are copied into the calendar; searches reach {@link Search#HORIZON_DAYS}. */
    static final int CALENDAR_DAYS = 400;

    /** Taken shared by each writer of ratings, and alone by the rebuild from its carrying them over to its swap. */
    static final long RATINGS_LOCK = 0x5e4c4_5a7eL;

    /** Taken shared by each writer of bookings, and alone by the rebuild from its carrying them over to its swap. */
    static final long BOOKINGS_LOCK = 0x5e4c4_b00cL;

    /** The read model's row of every public listing in {@code :ids}, computed from {@code listings_searchable}. */
    static final String ROWS = """
            INSERT INTO %1$s (
                listing_id, listing_type, category, title, document, price_amount, price_currency, unit, address,
                latitude, longitude, published_at, transaction, top_category, title_document, title_plain, filters,
                facet_values, cover_image, time_zone, seats, stock, min_duration, max_duration, advance_notice_days,
                plan_seats, plan_hours, max_seats)
            SELECT l.id, l.listing_type, l.category, l.title,
                   setweight(to_tsvector('simple', unaccent(l.title)), 'A')
                     || setweight(to_tsvector('simple', unaccent(l.description)), 'B')
                     || setweight(to_tsvector('simple', unaccent(concat_ws(' ', t.name, c.name, c.top_name, x.text))), 'C'),
                   l.price_amount, l.price_currency,
                   CASE t.kind WHEN 'nightly' THEN 'night' WHEN 'daily' THEN 'day' WHEN 'hourly' THEN 'hour'
                               WHEN 'purchase' THEN 'item' END,
                   l.address, l.latitude, l.longitude, l.published_at,
                   t.kind, coalesce(c.top, l.category),
                   to_tsvector('simple', unaccent(l.title)), unaccent(lower(l.title)),
                   x.filters, x.facets,
                   l.cover_image,
                   l.time_zone, l.seats, l.stock, l.min_duration, l.max_duration, l.advance_notice_days,
                   plan.seats, plan.hours,
                   coalesce((SELECT max(v) FROM unnest(plan.seats) v), 0)
              FROM listings_searchable l
              CROSS JOIN LATERAL (
                    SELECT coalesce(CAST(:types AS jsonb) -> l.listing_type ->> 'kind', 'inquiry') AS kind,
                           CAST(:types AS jsonb) -> l.listing_type ->> 'name' AS name) t
              CROSS JOIN LATERAL (
                    SELECT CAST(:categories AS jsonb) -> l.category ->> 'name' AS name,
                           CAST(:categories AS jsonb) -> l.category ->> 'top' AS top,
                           CAST(:categories AS jsonb) -> l.category ->> 'topName' AS top_name) c
              CROSS JOIN LATERAL (
                    SELECT coalesce(jsonb_object_agg(e.key, e.value)
                                      FILTER (WHERE e.key = ANY (CAST(:filterKeys AS text[]))), '{}') AS filters,
                           string_agg(e.value #>> '{}', ' ')
                                      FILTER (WHERE e.key = ANY (CAST(:textKeys AS text[]))) AS text,
                           coalesce(array_agg(e.key || '=' || (e.value #>> '{}'))
                                      FILTER (WHERE e.key = ANY (CAST(:choiceKeys AS text[]))
                                                AND jsonb_typeof(e.value) = 'string'), '{}')
                             || ARRAY(SELECT a.key || '=' || v
                                        FROM jsonb_each(l.fields) a, jsonb_array_elements_text(a.value) v
                                       WHERE a.key = ANY (CAST(:choiceKeys AS text[]))
                                         AND jsonb_typeof(a.value) = 'array') AS facets
                      FROM jsonb_each(l.fields) e) x
              CROSS JOIN LATERAL (
                    SELECT CASE WHEN t.kind NOT IN ('nightly', 'daily', 'hourly') THEN NULL ELSE l.plan_seats END AS seats,
                           CASE WHEN t.kind <> 'hourly' THEN NULL ELSE l.plan_hours END AS hours) plan
             WHERE %2$s
            %3$s""";

    static final String UPSERT = ROWS.formatted("search_listings", "l.id = ANY (:ids)", """
            ON CONFLICT (listing_id) DO UPDATE SET
                listing_type = excluded.listing_type, category = excluded.category, title = excluded.title,
                document = excluded.document, price_amount = excluded.price_amount,
                price_currency = excluded.price_currency, unit = excluded.unit, address = excluded.address,
                latitude = excluded.latitude, longitude = excluded.longitude, published_at = excluded.published_at,
                transaction = excluded.transaction, top_category = excluded.top_category,
                title_document = excluded.title_document, title_plain = excluded.title_plain,
                filters = excluded.filters, facet_values = excluded.facet_values, cover_image = excluded.cover_image,
                time_zone = excluded.time_zone, seats = excluded.seats, stock = excluded.stock,
                min_duration = excluded.min_duration, max_duration = excluded.max_duration,
                advance_notice_days = excluded.advance_notice_days, plan_seats = excluded.plan_seats,
                plan_hours = excluded.plan_hours, max_seats = excluded.max_seats""");

    /** A batch of the rebuild: the public listings with ids in (:after, :upto], into the new table. */
    static final String REBUILD_ROWS = ROWS.formatted("search_listings_next", "l.id > :after AND l.id <= :upto", "");

    /**
     * Exception days that differ from the weekly plan, the exception in effect (the one made last, by the
     * listings module's published rule) where they overlap; bookings are added after them ({@link #BOOKED}).
     */
    static final String CALENDAR_ROWS = """
            INSERT INTO %1$s (listing_id, day, capacity, open_hours)
            SELECT x.listing_id, x.day, x.seats,
                   CASE WHEN x.transaction = 'hourly'
                        THEN CASE WHEN x.plan_hours[x.dow] > 0 THEN x.plan_hours[x.dow] ELSE x.default_hours END END
              FROM (SELECT DISTINCT ON (e.listing_id, d.day)
                           e.listing_id, CAST(d.day AS date) AS day, e.seats, e.default_hours, s.plan_seats,
                           s.plan_hours, s.transaction, CAST(extract(isodow FROM d.day) AS int) AS dow
                      FROM listing_date_exceptions e
                      JOIN %2$s s ON s.listing_id = e.listing_id AND s.plan_seats IS NOT NULL
                     CROSS JOIN LATERAL (
                           SELECT greatest(e.start_date, CAST(:from AS date)) + i AS day
                             FROM generate_series(0, least(e.end_date, CAST(:to AS date))
                                                       - greatest(e.start_date, CAST(:from AS date))) i) d
                     WHERE %3$s AND e.end_date >= CAST(:from AS date)
                       AND e.start_date <= CAST(:to AS date)
                     ORDER BY e.listing_id, d.day, e.made_at DESC, e.id DESC) x
             WHERE x.seats <> x.plan_seats[x.dow]
            %4$s""";

    static final String CALENDAR =
            CALENDAR_ROWS.formatted("search_calendar", "search_listings", "e.listing_id = :id", "");

    /**
     * The rebuild's new calendar gets the booked days of the old one: with the capacity of the exception
     * day already there, else with the plan's seats (and hours).
     */
    static final String CARRY_BOOKED = """
            INSERT INTO search_calendar_next (listing_id, day, capacity, booked, open_hours)
            SELECT c.listing_id, c.day, s.plan_seats[w.dow], c.booked,
                   CASE WHEN s.transaction = 'hourly' THEN s.plan_hours[w.dow] END
              FROM search_calendar c
              JOIN search_listings_next s ON s.listing_id = c.listing_id AND s.plan_seats IS NOT NULL
             CROSS JOIN LATERAL (SELECT CAST(extract(isodow FROM c.day) AS int) AS dow) w
             WHERE c.booked > 0 AND c.day >= :from
            ON CONFLICT (listing_id, day) DO UPDATE SET booked = excluded.booked""";

    /** The words of the titles of {@code %s}'s rows in {@code %s} (one per word and listing). */
    static final String TITLE_WORDS = """
            INSERT INTO %s (word, listing_id)
            SELECT DISTINCT w, s.listing_id FROM %s s, unnest(tsvector_to_array(s.title_document)) w WHERE %s""";

    /** The words of the texts of {@code %s}'s rows in {@code %s} not yet in {@code search_words}. */
    static final String WORDS = """
            INSERT INTO %s (word)
            SELECT DISTINCT w FROM %s s, unnest(tsvector_to_array(s.document)) w WHERE %s
            ON CONFLICT DO NOTHING""";

    /** The tables of the read model; rebuilt side by side and swapped in together. */
    static final List<String> TABLES =
            List.of("search_listings", "search_calendar", "search_title_words", "search_words");

    /**
     * The calendar day {@code c} gives more seats (or hours) than the plan of its listing {@code s} gives
     * that weekday: by its capacity, not what bookings leave free, so that a cancelled booking cannot make
     * it so.
     */
    static final String OPENING_DAY = """
            (c.capacity > coalesce(s.plan_seats[CAST(extract(isodow FROM c.day) AS int)], 0)
             OR coalesce(c.open_hours, 0) > coalesce(s.plan_hours[CAST(extract(isodow FROM c.day) AS int)], 0))""";

    static final String REBUILD_CALENDAR =
            CALENDAR_ROWS.formatted("search_calendar_next", "search_listings_next", "TRUE", "");

    static JdbcClient.StatementSpec rows(JdbcClient jdbc, String sql, Parameters parameters) {
        return jdbc.sql(sql)
                .param("types", parameters.types())
                .param("categories", parameters.categories())
                .param("filterKeys", parameters.filterKeys())
                .param("textKeys", parameters.textKeys())
                .param("choiceKeys", parameters.choiceKeys());
    }

    /** The days the calendar keeps: every time zone's today is within a day of UTC's. */
    record Window(LocalDate from, LocalDate to) {}

    static Window window(Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return new Window(today.minusDays(1), today.plusDays(CALENDAR_DAYS));
    }

    /** The catalogue as the row statement needs it: names to search by, and which fields count how. */
    record Parameters(String types, String categories, String[] filterKeys, String[] textKeys, String[] choiceKeys) {}

    static Parameters parameters(Marketplace marketplace, JsonMapper json) {
        MarketplaceConfig config = marketplace.config();
        Map<String, Map<String, String>> types = new LinkedHashMap<>();
        for (ListingType type : config.listingTypes()) {
            types.put(
                    type.key(),
                    Map.of("name", type.name(), "kind", type.transaction().key()));
        }
        Map<String, Map<String, String>> categories = new LinkedHashMap<>();
        for (Category category : config.categories()) {
            Map<String, String> names = new LinkedHashMap<>();
            names.put("name", category.name());
            if (category.parentKey() != null) {
                names.put("top", category.parentKey());
                config.category(category.parentKey()).ifPresent(parent -> names.put("topName", parent.name()));
            }
            categories.put(category.key(), names);
        }
        List<CustomField> fields = config.fields();
        return new Parameters(
                json.writeValueAsString(types),
                json.writeValueAsString(categories),
                fields.stream()
                        .filter(f -> f.filterable() && f.type().filterable())
                        .map(CustomField::key)
                        .toArray(String[]::new),
                fields.stream()
                        .filter(f -> f.searchable() && f.type().searchable())
                        .map(CustomField::key)
                        .toArray(String[]::new),
                fields.stream()
                        .filter(f -> f.filterable() && f.type().hasChoices())
                        .map(CustomField::key)
                        .toArray(String[]::new));
    }
}
