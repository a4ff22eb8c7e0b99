package dev.souk.search;

import dev.souk.listings.ListingChanged;
import dev.souk.listings.ListingClosed;
import dev.souk.listings.ListingDeleted;
import dev.souk.listings.ListingPublished;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceConfig;
import dev.souk.reviews.ListingRating;
import dev.souk.reviews.ListingRatingChanged;
import dev.souk.reviews.Rating;
import dev.souk.reviews.Reviews;
import dev.souk.transactions.BookedDay;
import dev.souk.transactions.BookingsChanged;
import dev.souk.transactions.Transactions;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code search_listings}, {@code search_calendar}, {@code search_title_words} and {@code
 * search_words} in step with the listings: a listing everyone may see has a row, any other has none.
 * Rows are computed in SQL straight from the listings tables, the same statement for one listing (on its
 * events, right after its transaction commits) and for a batch of them (rebuild); only the catalogue's
 * names and field kinds come in as parameters. The seats bookings take come from the transactions
 * module ({@link Transactions#bookedDays}), on its events and on every refresh of a listing.
 */
@Component
class SearchIndex {

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);

    static final int BATCH = 20_000;
    /** How far ahead exception days are copied into the calendar; searches reach {@link Search#HORIZON_DAYS}. */
    static final int CALENDAR_DAYS = 400;

    private static final String PUBLIC = "l.status = 'published' AND NOT l.owner_hidden AND l.deleted_at IS NULL";

    /** The read model's row of every public listing in {@code :ids}, computed from the listings tables. */
    private static final String ROWS = """
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
                   l.address, l.latitude, l.longitude, coalesce(l.published_at, l.created_at),
                   t.kind, coalesce(c.top, l.category),
                   to_tsvector('simple', unaccent(l.title)), unaccent(lower(l.title)),
                   x.filters, x.facets,
                   (SELECT p.image_id FROM listing_photos p WHERE p.listing_id = l.id ORDER BY p.position LIMIT 1),
                   l.time_zone, l.seats, l.stock, l.min_duration, l.max_duration, l.advance_notice_days,
                   plan.seats, plan.hours,
                   coalesce((SELECT max(v) FROM unnest(plan.seats) v), 0)
              FROM listings l
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
                    SELECT CASE WHEN t.kind NOT IN ('nightly', 'daily', 'hourly') THEN NULL
                                WHEN NOT l.has_weekly_plan THEN array_fill(l.seats, ARRAY[7])
                                ELSE ARRAY(SELECT coalesce(w.seats, 0) FROM generate_series(1, 7) d
                                             LEFT JOIN listing_weekly_plan w ON w.listing_id = l.id AND w.day_of_week = d
                                            ORDER BY d) END AS seats,
                           CASE WHEN t.kind <> 'hourly' THEN NULL
                                WHEN NOT l.has_weekly_plan THEN array_fill(8, ARRAY[7])
                                ELSE ARRAY(SELECT coalesce(floor(extract(epoch FROM w.closes - w.opens) / 3600)::int, 0)
                                             FROM generate_series(1, 7) d
                                             LEFT JOIN listing_weekly_plan w ON w.listing_id = l.id AND w.day_of_week = d
                                            ORDER BY d) END AS hours) plan
             WHERE %2$s AND %3$s
            %4$s""";

    private static final String UPSERT = ROWS.formatted("search_listings", "l.id = ANY (:ids)", PUBLIC, """
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
    private static final String REBUILD_ROWS =
            ROWS.formatted("search_listings_next", "l.id > :after AND l.id <= :upto", PUBLIC, "");

    /**
     * Exception days that differ from the weekly plan, the latest exception winning where they overlap
     * (as the listings module computes availability); bookings are added after them ({@link #BOOKED}).
     */
    private static final String CALENDAR_ROWS = """
            INSERT INTO %1$s (listing_id, day, capacity, open_hours)
            SELECT x.listing_id, x.day, x.seats,
                   CASE WHEN x.transaction = 'hourly'
                        THEN CASE WHEN x.plan_hours[x.dow] > 0 THEN x.plan_hours[x.dow] ELSE 8 END END
              FROM (SELECT DISTINCT ON (e.listing_id, d.day)
                           e.listing_id, CAST(d.day AS date) AS day, e.seats, s.plan_seats, s.plan_hours,
                           s.transaction, CAST(extract(isodow FROM d.day) AS int) AS dow
                      FROM listing_availability_exceptions e
                      JOIN %2$s s ON s.listing_id = e.listing_id AND s.plan_seats IS NOT NULL
                     CROSS JOIN LATERAL (
                           SELECT greatest(e.start_date, CAST(:from AS date)) + i AS day
                             FROM generate_series(0, least(e.end_date, CAST(:to AS date))
                                                       - greatest(e.start_date, CAST(:from AS date))) i) d
                     WHERE %3$s AND e.end_date >= CAST(:from AS date)
                       AND e.start_date <= CAST(:to AS date)
                     ORDER BY e.listing_id, d.day, e.created_at DESC, e.id DESC) x
             WHERE x.seats <> x.plan_seats[x.dow]
            %4$s""";

    private static final String CALENDAR =
            CALENDAR_ROWS.formatted("search_calendar", "search_listings", "e.listing_id = :id", "");

    /** A row with the weekly plan's seats (and hours) for each day in {@code :days} that has none yet. */
    private static final String BOOKED_DAYS = """
            INSERT INTO search_calendar (listing_id, day, capacity, open_hours)
            SELECT s.listing_id, b.day, s.plan_seats[b.dow],
                   CASE WHEN s.transaction = 'hourly' THEN s.plan_hours[b.dow] END
              FROM search_listings s,
                   (SELECT d AS day, CAST(extract(isodow FROM d) AS int) AS dow
                      FROM unnest(CAST(:days AS date[])) d) b
             WHERE s.listing_id = :id
            ON CONFLICT (listing_id, day) DO NOTHING""";

    /**
     * What bookings hold of each day from {@code :from} to {@code :to}: the seats held all day, and on
     * an hourly listing's day whose every opening hour has bookings the fewest seats any of them holds (a
     * day's free seats are those of its freest hour, as the listings module computes availability).
     */
    private static final String BOOKED = """
            UPDATE search_calendar c
               SET booked = coalesce(
                     (SELECT b.seats
                               + CASE WHEN b.hours > 0 AND b.hours >= coalesce(
                                           c.open_hours, s.plan_hours[CAST(extract(isodow FROM c.day) AS int)])
                                      THEN b.least ELSE 0 END
                        FROM unnest(CAST(:days AS date[]), CAST(:seats AS int[]), CAST(:hours AS int[]),
                                    CAST(:least AS int[])) b(day, seats, hours, least)
                       WHERE b.day = c.day), 0)
              FROM search_listings s
             WHERE c.listing_id = :id AND s.listing_id = :id AND c.day BETWEEN :from AND :to""";

    /** Days from {@code :from} to {@code :to} that no booking holds and that say what the plan says. */
    private static final String PLAIN_DAYS = """
            DELETE FROM search_calendar c USING search_listings s
             WHERE c.listing_id = :id AND s.listing_id = :id AND c.day BETWEEN :from AND :to AND c.booked = 0
               AND c.capacity = s.plan_seats[CAST(extract(isodow FROM c.day) AS int)]
               AND c.open_hours IS NOT DISTINCT FROM
                     CASE WHEN s.transaction = 'hourly' THEN s.plan_hours[CAST(extract(isodow FROM c.day) AS int)] END""";

    /**
     * The rebuild's new calendar gets the booked days of the old one: with the capacity of the exception
     * day already there, else with the plan's seats (and hours).
     */
    private static final String CARRY_BOOKED = """
            INSERT INTO search_calendar_next (listing_id, day, capacity, booked, open_hours)
            SELECT c.listing_id, c.day, s.plan_seats[w.dow], c.booked,
                   CASE WHEN s.transaction = 'hourly' THEN s.plan_hours[w.dow] END
              FROM search_calendar c
              JOIN search_listings_next s ON s.listing_id = c.listing_id AND s.plan_seats IS NOT NULL
             CROSS JOIN LATERAL (SELECT CAST(extract(isodow FROM c.day) AS int) AS dow) w
             WHERE c.booked > 0 AND c.day >= :from
            ON CONFLICT (listing_id, day) DO UPDATE SET booked = excluded.booked""";

    /** Days asked of {@link Transactions#bookedDays} at a time: it answers about a year at most. */
    private static final int BOOKED_DAYS_ASKED = 366;

    /** The words of the titles of {@code %s}'s rows in {@code %s} (one per word and listing). */
    private static final String TITLE_WORDS = """
            INSERT INTO %s (word, listing_id)
            SELECT DISTINCT w, s.listing_id FROM %s s, unnest(tsvector_to_array(s.title_document)) w WHERE %s""";

    /** The words of the texts of {@code %s}'s rows in {@code %s} not yet in {@code search_words}. */
    private static final String WORDS = """
            INSERT INTO %s (word)
            SELECT DISTINCT w FROM %s s, unnest(tsvector_to_array(s.document)) w WHERE %s
            ON CONFLICT DO NOTHING""";

    /** The tables of the read model; rebuilt side by side and swapped in together. */
    private static final List<String> TABLES =
            List.of("search_listings", "search_calendar", "search_title_words", "search_words");

    /**
     * The calendar day {@code c} gives more seats (or hours) than the plan of its listing {@code s} gives
     * that weekday: by its capacity, not what bookings leave free, so that a cancelled booking cannot make
     * it so.
     */
    private static final String OPENING_DAY = """
            (c.capacity > coalesce(s.plan_seats[CAST(extract(isodow FROM c.day) AS int)], 0)
             OR coalesce(c.open_hours, 0) > coalesce(s.plan_hours[CAST(extract(isodow FROM c.day) AS int)], 0))""";

    private static final String REBUILD_CALENDAR =
            CALENDAR_ROWS.formatted("search_calendar_next", "search_listings_next", "TRUE", "");

    private final Marketplace marketplace;
    private final Transactions bookings;
    private final Reviews reviews;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final DataSource dataSource;
    private final boolean rebuildIfEmpty;

    SearchIndex(
            Marketplace marketplace,
            Transactions bookings,
            Reviews reviews,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            JsonMapper json,
            Clock clock,
            DataSource dataSource,
            @Value("${souk.search.rebuild-if-empty:true}") boolean rebuildIfEmpty) {
        this.marketplace = marketplace;
        this.bookings = bookings;
        this.reviews = reviews;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.dataSource = dataSource;
        this.rebuildIfEmpty = rebuildIfEmpty;
    }

    @ApplicationModuleListener
    void on(ListingPublished event) {
        refresh(event.listingId());
    }

    @ApplicationModuleListener
    void on(ListingChanged event) {
        refresh(event.listingId());
    }

    @ApplicationModuleListener
    void on(ListingClosed event) {
        remove(event.listingId());
    }

    @ApplicationModuleListener
    void on(ListingDeleted event) {
        remove(event.listingId());
    }

    /** The booked seats of the days of the event's range that the calendar keeps, read afresh. */
    @ApplicationModuleListener
    void on(BookingsChanged event) {
        Window window = window();
        LocalDate from = event.from().isBefore(window.from()) ? window.from() : event.from();
        LocalDate to = event.to().isAfter(window.to()) ? window.to() : event.to();
        if (from.isAfter(to)) {
            return;
        }
        UUID listingId = event.listingId();
        transactions.executeWithoutResult(status -> {
            // shared with other bookings; the rebuild takes it alone while it carries booked days over
            jdbc.sql("SELECT pg_advisory_xact_lock_shared(" + BOOKINGS_LOCK + ")")
                    .query((rs, n) -> 1)
                    .single();
            serialize(listingId);
            // a listing nobody else may see has no row; its refresh reads its bookings when it comes back
            if (bookable(listingId)) {
                booked(listingId, from, to);
                flags(listingId);
            }
        });
    }

    /** The listing's rating, read afresh: events of two changes may come in either order. */
    @ApplicationModuleListener
    void on(ListingRatingChanged event) {
        transactions.executeWithoutResult(status -> {
            // shared with other ratings; the rebuild takes it alone while it carries ratings over
            jdbc.sql("SELECT pg_advisory_xact_lock_shared(" + RATINGS_LOCK + ")")
                    .query((rs, n) -> 1)
                    .single();
            serialize(event.listingId());
            rate(event.listingId());
        });
    }

    /** The rating of the listing's row, if it has one, as the reviews module has it now. */
    private void rate(UUID listingId) {
        Rating rating = reviews.listingRating(listingId);
        jdbc.sql("UPDATE search_listings SET rating_average = :average, rating_count = :count WHERE listing_id = :id")
                .param("id", listingId)
                .param("average", rating.average())
                .param("count", rating.count())
                .update();
    }

    /**
     * Fills an empty index from the listings, in the background: after the index was added to or
     * changed in an existing marketplace, or after listings were generated in bulk without events.
     */
    @EventListener(ApplicationReadyEvent.class)
    void rebuildIfEmpty() {
        if (!rebuildIfEmpty) {
            return;
        }
        boolean empty = !jdbc.sql("SELECT EXISTS (SELECT 1 FROM search_listings)")
                .query(Boolean.class)
                .single();
        boolean anyPublic = jdbc.sql("SELECT EXISTS (SELECT 1 FROM listings l WHERE " + PUBLIC + ")")
                .query(Boolean.class)
                .single();
        if (!empty || !anyPublic) {
            return;
        }
        Thread rebuild = new Thread(this::rebuild, "search-rebuild");
        rebuild.setDaemon(true);
        rebuild.start();
    }

    /**
     * Every night, the whole read model afresh: calendar days come into the year ahead, rows changed
     * since the last rebuild go back into place order, and catalogue names and field kinds changed since
     * reach every listing. One node does it (the rebuild's lock); searches go on meanwhile.
     */
    @Scheduled(cron = "${souk.search.rebuild-cron:0 30 3 * * *}", zone = "${souk.search.rebuild-zone:UTC}")
    void nightly() {
        rebuild();
    }

    /** The listing's row and calendar, or none if nobody else may see it; in one transaction. */
    void refresh(UUID listingId) {
        Parameters parameters = parameters();
        transactions.executeWithoutResult(status -> {
            serialize(listingId);
            UUID[] ids = {listingId};
            int written = upsert(ids, parameters);
            if (written == 0) {
                remove(listingId);
                return;
            }
            jdbc.sql("DELETE FROM search_title_words WHERE listing_id = ANY (:ids)")
                    .param("ids", ids)
                    .update();
            jdbc.sql(TITLE_WORDS.formatted("search_title_words", "search_listings", "s.listing_id = ANY (:ids)"))
                    .param("ids", ids)
                    .update();
            jdbc.sql(WORDS.formatted("search_words", "search_listings", "s.listing_id = ANY (:ids)"))
                    .param("ids", ids)
                    .update();
            calendar(listingId);
            rate(listingId);
        });
    }

    void remove(UUID listingId) {
        transactions.executeWithoutResult(status -> {
            serialize(listingId);
            jdbc.sql("DELETE FROM search_listings WHERE listing_id = :id")
                    .param("id", listingId)
                    .update();
            jdbc.sql("DELETE FROM search_title_words WHERE listing_id = :id")
                    .param("id", listingId)
                    .update();
            // if it comes back, its refresh reads its bookings afresh
            jdbc.sql("DELETE FROM search_calendar WHERE listing_id = :id")
                    .param("id", listingId)
                    .update();
        });
    }

    /**
     * One refresh of a listing at a time, until its transaction ends: events of quick changes are handled
     * in parallel, and a refresh that read the listing before the last change must not write after the
     * one that read it after. What follows the lock reads what was committed before it was granted.
     */
    private void serialize(UUID listingId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(" + REFRESH_LOCKS + ", hashtext(CAST(:id AS text)))")
                .param("id", listingId)
                .query((rs, n) -> 1)
                .single();
    }

    /** The first key of the refreshes' advisory locks (the second is the listing's). */
    private static final int REFRESH_LOCKS = 0x5e4c;

    /** Taken shared by each writer of ratings, and alone by the rebuild from its carrying them over to its swap. */
    private static final long RATINGS_LOCK = 0x5e4c4_5a7eL;

    /** Ratings asked of {@link Reviews#listingRatings} at a time. */
    private static final int RATINGS_BATCH = 5_000;

    /** Taken shared by each writer of bookings, and alone by the rebuild from its carrying them over to its swap. */
    private static final long BOOKINGS_LOCK = 0x5e4c4_b00cL;

    /**
     * Recomputes the whole read model from the listings: fills fresh tables with one INSERT … SELECT per
     * {@link #BATCH} listings, builds their indexes (from the live tables' definitions, so the migrations
     * stay the one place they are declared) and swaps them in. Searches keep using the old tables
     * meanwhile; listings that changed during the rebuild are refreshed after the swap. One rebuild at a
     * time across all nodes (an advisory lock); a second caller returns at once.
     *
     * @return how many listings are searchable, or -1 if another rebuild is running
     */
    int rebuild() {
        // a session lock, so it is held on this connection while the rebuild uses others
        try (Connection lock = dataSource.getConnection();
                PreparedStatement take = lock.prepareStatement("SELECT pg_try_advisory_lock(" + REBUILD_LOCK + ")")) {
            try (ResultSet taken = take.executeQuery()) {
                if (!taken.next() || !taken.getBoolean(1)) {
                    log.info("Search index: a rebuild is already running");
                    return -1;
                }
            }
            try {
                return rebuildLocked();
            } finally {
                try (PreparedStatement release =
                        lock.prepareStatement("SELECT pg_advisory_unlock(" + REBUILD_LOCK + ")")) {
                    release.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Search index: rebuild failed", e);
        }
    }

    private int rebuildLocked() {
        Instant started = clock.instant();
        Parameters parameters = parameters();
        int total = jdbc.sql("SELECT count(*) FROM listings l WHERE " + PUBLIC)
                .query(Integer.class)
                .single();
        log.info("Search index: rebuilding for {} listings", total);
        for (String table : TABLES) {
            jdbc.sql("DROP TABLE IF EXISTS " + table + "_next").update();
            jdbc.sql("CREATE TABLE " + table + "_next (LIKE " + table + " INCLUDING DEFAULTS INCLUDING GENERATED)")
                    .update();
        }
        // batches in parallel, one per core: computing the text documents is most of the work
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> batches = new java.util.ArrayList<>();
        try {
            UUID after = new UUID(0, 0);
            while (true) {
                UUID upto = jdbc.sql("SELECT id FROM (SELECT l.id FROM listings l WHERE l.id > :after AND " + PUBLIC
                                + " ORDER BY l.id LIMIT :limit) b ORDER BY id DESC LIMIT 1")
                        .param("after", after)
                        .param("limit", BATCH)
                        .query(UUID.class)
                        .optional()
                        .orElse(null);
                if (upto == null) {
                    break;
                }
                UUID from = after;
                batches.add(pool.submit(() -> {
                    int rows = rows(REBUILD_ROWS, parameters)
                            .param("after", from)
                            .param("upto", upto)
                            .update();
                    log.info(
                            "Search index: {} of {} listings ({} s)", written.addAndGet(rows), total, seconds(started));
                }));
                after = upto;
            }
            for (java.util.concurrent.Future<?> batch : batches) {
                batch.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Search index: rebuild interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Search index: rebuild failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        int done = written.get();
        Window window = window();
        int days = jdbc.sql(REBUILD_CALENDAR)
                .param("from", Date.valueOf(window.from()))
                .param("to", Date.valueOf(window.to()))
                .update();
        jdbc.sql("""
                UPDATE search_listings_next t SET has_calendar = true, calendar_opens = o.opens
                  FROM (SELECT c.listing_id, bool_or(%s) AS opens
                          FROM search_calendar_next c JOIN search_listings_next s ON s.listing_id = c.listing_id
                         GROUP BY c.listing_id) o
                 WHERE t.listing_id = o.listing_id""".formatted(OPENING_DAY)).update();
        log.info("Search index: {} calendar days ({} s); ordering by place", days, seconds(started));
        // rows near one another on the same pages, and within a place by category and price, as the
        // place index orders them: a place with a category reads a few hundred pages, not one per row
        jdbc.sql("CREATE INDEX search_listings_next_order ON search_listings_next (cell, top_category, price_amount)")
                .update();
        jdbc.sql("CLUSTER search_listings_next USING search_listings_next_order")
                .update();
        jdbc.sql("DROP INDEX search_listings_next_order").update();
        int words = jdbc.sql(TITLE_WORDS.formatted("search_title_words_next", "search_listings_next", "TRUE"))
                .update();
        int vocabulary = jdbc.sql(WORDS.formatted("search_words_next", "search_listings_next", "TRUE"))
                .update();
        log.info(
                "Search index: ordered, {} title words, {} words ({} s); indexing",
                words,
                vocabulary,
                seconds(started));
        List<String[]> indexes = new java.util.ArrayList<>();
        for (String table : TABLES) {
            jdbc.sql(
                            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = :t")
                    .param("t", table)
                    .query((rs, n) ->
                            indexes.add(new String[] {table, rs.getString("indexname"), rs.getString("indexdef")}))
                    .list();
        }
        for (String[] index : indexes) {
            String definition = index[2].replace(" INDEX " + index[1] + " ON ", " INDEX " + index[1] + "_next ON ")
                    .replaceFirst(" ON (\\S+\\.)?" + index[0] + " ", " ON " + index[0] + "_next ");
            jdbc.sql(definition).update();
        }
        log.info("Search index: indexed ({} s); swapping", seconds(started));
        transactions.executeWithoutResult(status -> {
            // bookings are not listing changes, so nothing refreshes them after the swap: those written
            // so far are carried over, and those to come wait for the new tables
            jdbc.sql("SELECT pg_advisory_xact_lock(" + BOOKINGS_LOCK + ")")
                    .query((rs, n) -> 1)
                    .single();
            int booked = jdbc.sql(CARRY_BOOKED)
                    .param("from", Date.valueOf(window().from()))
                    .update();
            // booked days never open a day the plan closes: calendar_opens stays as it is
            jdbc.sql("""
                    UPDATE search_listings_next s SET has_calendar = true
                     WHERE NOT s.has_calendar
                       AND EXISTS (SELECT 1 FROM search_calendar_next c WHERE c.listing_id = s.listing_id)""").update();
            log.info("Search index: {} booked days carried over", booked);
            // ratings too: those written so far now, those to come wait for the new tables
            jdbc.sql("SELECT pg_advisory_xact_lock(" + RATINGS_LOCK + ")")
                    .query((rs, n) -> 1)
                    .single();
            log.info("Search index: {} ratings carried over", carryRatings());
            lockForSwap(status);
            jdbc.sql("DROP TABLE " + String.join(", ", TABLES)).update();
            for (String table : TABLES) {
                jdbc.sql("ALTER TABLE " + table + "_next RENAME TO " + table).update();
            }
            for (String[] index : indexes) {
                jdbc.sql("ALTER INDEX " + index[1] + "_next RENAME TO " + index[1])
                        .update();
                if (index[1].endsWith("_pkey")) {
                    jdbc.sql("ALTER TABLE " + index[0] + " ADD CONSTRAINT " + index[1] + " PRIMARY KEY USING INDEX "
                                    + index[1])
                            .update();
                }
            }
        });
        // what changed while the new tables were filled went to the old ones: do it again
        List<UUID> changed = jdbc.sql("SELECT id FROM listings WHERE updated_at >= :since")
                .param("since", java.sql.Timestamp.from(started.minusSeconds(60)))
                .query(UUID.class)
                .list();
        changed.forEach(this::refresh);
        // a fresh visibility map too, so that counts can use index-only scans
        jdbc.sql("VACUUM (ANALYZE) " + String.join(", ", TABLES)).update();
        log.info(
                "Search index built for {} listings in {} s ({} refreshed after the swap)",
                done,
                seconds(started),
                changed.size());
        return done;
    }

    /** Every listing's rating from the reviews module into the new table, a batch at a time. */
    private int carryRatings() {
        int rated = 0;
        UUID after = null;
        while (true) {
            List<ListingRating> batch = reviews.listingRatings(after, RATINGS_BATCH);
            if (batch.isEmpty()) {
                return rated;
            }
            jdbc.sql("""
                    UPDATE search_listings_next s SET rating_average = r.average, rating_count = r.count
                      FROM unnest(CAST(:ids AS uuid[]), CAST(:averages AS numeric[]), CAST(:counts AS int[]))
                           AS r(id, average, count)
                     WHERE s.listing_id = r.id""")
                    .param(
                            "ids",
                            batch.stream().map(r -> r.listingId().toString()).toArray(String[]::new))
                    .param(
                            "averages",
                            batch.stream()
                                    .map(r -> r.rating().average() == null
                                            ? null
                                            : r.rating().average().toPlainString())
                                    .toArray(String[]::new))
                    .param(
                            "counts",
                            batch.stream()
                                    .map(r -> Integer.toString(r.rating().count()))
                                    .toArray(String[]::new))
                    .update();
            rated += batch.size();
            after = batch.get(batch.size() - 1).listingId();
        }
    }

    private static final long REBUILD_LOCK = 0x5e4c4_2e1dL;

    /**
     * Takes the read model's tables alone for the swap. A keyword search takes the title words before the
     * listings, the swap the other way round: a swap that waited long for one table while holding another
     * could deadlock with such a search, and PostgreSQL would end the search. So each try waits briefly
     * for each table (well under PostgreSQL's deadlock timeout), and gives back what it took before the next.
     */
    private void lockForSwap(TransactionStatus status) {
        jdbc.sql("SET LOCAL lock_timeout = '100ms'").update();
        for (int tried = 1; ; tried++) {
            Object savepoint = status.createSavepoint();
            try {
                jdbc.sql("LOCK TABLE " + String.join(", ", TABLES) + " IN ACCESS EXCLUSIVE MODE")
                        .update();
                status.releaseSavepoint(savepoint);
                return;
            } catch (DataAccessException e) {
                status.rollbackToSavepoint(savepoint);
                boolean timedOut = e.getMostSpecificCause() instanceof SQLException cause
                        && LOCK_NOT_AVAILABLE.equals(cause.getSQLState());
                if (!timedOut || tried == SWAP_LOCK_TRIES) {
                    throw e;
                }
                log.debug("Search index: the tables are in use; swap tried again ({})", tried);
            }
        }
    }

    /** About a minute of tries: each fails only after waiting its 100 ms for a table. */
    private static final int SWAP_LOCK_TRIES = 600;

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private long seconds(Instant since) {
        return Duration.between(since, clock.instant()).toSeconds();
    }

    private JdbcClient.StatementSpec rows(String sql, Parameters parameters) {
        return jdbc.sql(sql)
                .param("types", parameters.types())
                .param("categories", parameters.categories())
                .param("filterKeys", parameters.filterKeys())
                .param("textKeys", parameters.textKeys())
                .param("choiceKeys", parameters.choiceKeys());
    }

    private int upsert(UUID[] ids, Parameters parameters) {
        return rows(UPSERT, parameters).param("ids", ids).update();
    }

    /** The days the calendar keeps: every time zone's today is within a day of UTC's. */
    private record Window(LocalDate from, LocalDate to) {}

    private Window window() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return new Window(today.minusDays(1), today.plusDays(CALENDAR_DAYS));
    }

    /** The listing's calendar afresh: its exception days, then its bookings. */
    private void calendar(UUID listingId) {
        Window window = window();
        jdbc.sql("DELETE FROM search_calendar WHERE listing_id = :id")
                .param("id", listingId)
                .update();
        jdbc.sql(CALENDAR)
                .param("id", listingId)
                .param("from", Date.valueOf(window.from()))
                .param("to", Date.valueOf(window.to()))
                .update();
        if (bookable(listingId)) {
            booked(listingId, window.from(), window.to());
        }
        flags(listingId);
    }

    /** Whether the listing has a row of a kind that is booked by dates. */
    private boolean bookable(UUID listingId) {
        return jdbc.sql("SELECT plan_seats IS NOT NULL FROM search_listings WHERE listing_id = :id")
                .param("id", listingId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** The booked seats of each day from {@code from} to {@code to}, as the transactions module has them now. */
    private void booked(UUID listingId, LocalDate from, LocalDate to) {
        List<BookedDay> held = new ArrayList<>();
        for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(BOOKED_DAYS_ASKED)) {
            LocalDate end = start.plusDays(BOOKED_DAYS_ASKED - 1);
            held.addAll(bookings.bookedDays(listingId, start, end.isAfter(to) ? to : end));
        }
        String[] days = held.stream().map(d -> d.day().toString()).toArray(String[]::new);
        jdbc.sql(BOOKED_DAYS).param("id", listingId).param("days", days).update();
        jdbc.sql(BOOKED)
                .param("id", listingId)
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .param("days", days)
                .param("seats", held.stream().mapToInt(BookedDay::seats).toArray())
                .param("hours", held.stream().mapToInt(BookedDay::hours).toArray())
                .param("least", held.stream().mapToInt(BookedDay::leastSeats).toArray())
                .update();
        jdbc.sql(PLAIN_DAYS)
                .param("id", listingId)
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .update();
    }

    /** Whether the listing has calendar days, and whether one opens more than its plan. */
    private void flags(UUID listingId) {
        jdbc.sql("""
                UPDATE search_listings s
                   SET has_calendar = EXISTS (SELECT 1 FROM search_calendar c WHERE c.listing_id = s.listing_id),
                       calendar_opens = %1$s
                 WHERE s.listing_id = :id
                   AND (has_calendar <> EXISTS (SELECT 1 FROM search_calendar c WHERE c.listing_id = s.listing_id)
                        OR calendar_opens <> %1$s)""".formatted("EXISTS (SELECT 1 FROM search_calendar c WHERE c.listing_id = s.listing_id AND "
                        + OPENING_DAY + ")"))
                .param("id", listingId)
                .update();
    }

    /** The catalogue as the row statement needs it: names to search by, and which fields count how. */
    private record Parameters(
            String types, String categories, String[] filterKeys, String[] textKeys, String[] choiceKeys) {}

    private Parameters parameters() {
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
