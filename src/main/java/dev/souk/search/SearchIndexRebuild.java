package dev.souk.search;

import static dev.souk.search.SearchIndexSql.BOOKINGS_LOCK;
import static dev.souk.search.SearchIndexSql.CARRY_BOOKED;
import static dev.souk.search.SearchIndexSql.OPENING_DAY;
import static dev.souk.search.SearchIndexSql.RATINGS_LOCK;
import static dev.souk.search.SearchIndexSql.REBUILD_CALENDAR;
import static dev.souk.search.SearchIndexSql.REBUILD_ROWS;
import static dev.souk.search.SearchIndexSql.TABLES;
import static dev.souk.search.SearchIndexSql.TITLE_WORDS;
import static dev.souk.search.SearchIndexSql.WORDS;
import static dev.souk.search.SearchIndexSql.parameters;
import static dev.souk.search.SearchIndexSql.rows;
import static dev.souk.search.SearchIndexSql.window;

import dev.souk.infra.ChangeNotices;
import dev.souk.marketplace.Marketplace;
import dev.souk.reviews.ListingRating;
import dev.souk.reviews.Reviews;
import dev.souk.search.SearchIndexSql.Parameters;
import dev.souk.search.SearchIndexSql.Window;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole read model afresh for {@link SearchIndex}: new tables filled beside the live ones, indexed like
 * them and swapped in, while searches go on.
 */
@Component
class SearchIndexRebuild {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexRebuild.class);

    static final int BATCH = 20_000;

    /** Ratings asked of {@link Reviews#listingRatings} at a time. */
    private static final int RATINGS_BATCH = 5_000;

    private final Marketplace marketplace;
    private final Reviews reviews;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final DataSource dataSource;

    private final ChangeNotices notices;

    SearchIndexRebuild(
            Marketplace marketplace,
            Reviews reviews,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            JsonMapper json,
            Clock clock,
            DataSource dataSource,
            ChangeNotices notices) {
        this.notices = notices;
        this.marketplace = marketplace;
        this.reviews = reviews;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.dataSource = dataSource;
    }

    /**
     * Recomputes the whole read model from the listings: fills fresh tables with one INSERT … SELECT per
     * {@link #BATCH} listings, builds their indexes (from the live tables' definitions, so the migrations
     * stay the one place they are declared) and swaps them in. Searches keep using the old tables
     * meanwhile; listings that changed during the rebuild are refreshed after the swap. One rebuild at a
     * time across all nodes (an advisory lock); a second caller returns at once.
     *
     * @param refresh refreshes one listing's rows as its events do
     * @return how many listings are searchable, or -1 if another rebuild is running
     */
    int rebuild(Consumer<UUID> refresh) {
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
                return rebuildLocked(refresh);
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

    private int rebuildLocked(Consumer<UUID> refresh) {
        Instant started = clock.instant();
        Parameters parameters = parameters(marketplace, json);
        int total = jdbc.sql("SELECT count(*) FROM listings_searchable")
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
                UUID upto = jdbc.sql("SELECT id FROM (SELECT l.id FROM listings_searchable l WHERE l.id > :after"
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
                    int rows = rows(jdbc, REBUILD_ROWS, parameters)
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
        Window window = window(clock);
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
                    .param("from", Date.valueOf(window(clock).from()))
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
            notices.announce(CountCache.CHANGED);
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
        List<UUID> changed = jdbc.sql("SELECT listing_id FROM listing_changes WHERE updated_at >= :since")
                .param("since", java.sql.Timestamp.from(started.minusSeconds(60)))
                .query(UUID.class)
                .list();
        changed.forEach(refresh);
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
}
