package dev.souk.search;

import static dev.souk.search.SearchIndexSql.BOOKINGS_LOCK;
import static dev.souk.search.SearchIndexSql.CALENDAR;
import static dev.souk.search.SearchIndexSql.OPENING_DAY;
import static dev.souk.search.SearchIndexSql.RATINGS_LOCK;
import static dev.souk.search.SearchIndexSql.TITLE_WORDS;
import static dev.souk.search.SearchIndexSql.UPSERT;
import static dev.souk.search.SearchIndexSql.WORDS;
import static dev.souk.search.SearchIndexSql.parameters;
import static dev.souk.search.SearchIndexSql.rows;
import static dev.souk.search.SearchIndexSql.window;

import dev.souk.infra.ChangeNotices;
import dev.souk.listings.ListingChanged;
import dev.souk.listings.ListingClosed;
import dev.souk.listings.ListingDeleted;
import dev.souk.listings.ListingPublished;
import dev.souk.marketplace.Marketplace;
import dev.souk.reviews.ListingRatingChanged;
import dev.souk.reviews.Rating;
import dev.souk.reviews.Reviews;
import dev.souk.search.SearchIndexSql.Parameters;
import dev.souk.search.SearchIndexSql.Window;
import dev.souk.transactions.BookedDay;
import dev.souk.transactions.BookingsChanged;
import dev.souk.transactions.Transactions;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code search_listings}, {@code search_calendar}, {@code search_title_words} and {@code
 * search_words} in step with the listings: a listing everyone may see has a row, any other has none.
 * Rows are computed in SQL from the listings module's published read interface (the views {@code
 * listings_searchable}, {@code listing_date_exceptions} and {@code listing_changes}, see {@code
 * V58__listings_searchable.sql}; never its tables), the same statement for one listing (on its events, right
 * after its transaction commits) and for a batch of them (rebuild); only the catalogue's names and field kinds
 * come in as parameters. Which listings are public, their weekly plan in effect and which exception is in
 * effect are the listings module's rules, stated once in those views. The seats bookings take come from the
 * transactions module ({@link Transactions#bookedDays}), on its events and on every refresh of a listing.
 * This class keeps the read model in step one listing at a time; the shared statements are {@link
 * SearchIndexSql}'s, the whole read model afresh {@link SearchIndexRebuild}'s.
 */
@Component
class SearchIndex {

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);

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

    /** Days asked of {@link Transactions#bookedDays} at a time: it answers about a year at most. */
    private static final int BOOKED_DAYS_ASKED = 366;

    private final Marketplace marketplace;
    private final Transactions bookings;
    private final Reviews reviews;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final SearchIndexRebuild rebuilds;
    private final ChangeNotices notices;
    private final boolean rebuildIfEmpty;

    SearchIndex(
            Marketplace marketplace,
            Transactions bookings,
            Reviews reviews,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            JsonMapper json,
            Clock clock,
            SearchIndexRebuild rebuilds,
            ChangeNotices notices,
            @Value("${souk.search.rebuild-if-empty:true}") boolean rebuildIfEmpty) {
        this.marketplace = marketplace;
        this.bookings = bookings;
        this.reviews = reviews;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.rebuilds = rebuilds;
        this.notices = notices;
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
        Window window = window(clock);
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
        boolean anyPublic = jdbc.sql("SELECT EXISTS (SELECT 1 FROM listings_searchable)")
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
        Parameters parameters = parameters(marketplace, json);
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
        // every write of a listing's rows starts here: the counts every node keeps are stale once it commits
        notices.announce(CountCache.CHANGED);
    }

    /**
     * Recomputes the whole read model from the listings ({@link SearchIndexRebuild}); listings that change
     * meanwhile are refreshed after the swap.
     *
     * @return how many listings are searchable, or -1 if another rebuild is running
     */
    int rebuild() {
        return rebuilds.rebuild(this::refresh);
    }

    /** The first key of the refreshes' advisory locks (the second is the listing's). */
    private static final int REFRESH_LOCKS = 0x5e4c;

    private int upsert(UUID[] ids, Parameters parameters) {
        return rows(jdbc, UPSERT, parameters).param("ids", ids).update();
    }

    /** The listing's calendar afresh: its exception days, then its bookings. */
    private void calendar(UUID listingId) {
        Window window = window(clock);
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
}
