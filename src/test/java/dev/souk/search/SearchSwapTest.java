package dev.souk.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.SoukTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rebuild's swap and a search that takes the read model's tables in another order than the swap
 * does (a keyword search reads the title words before the listings) both finish: neither is ended as a
 * deadlock.
 */
@SoukTest
class SearchSwapTest {

    @Autowired
    Search search;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSwapWaitsForAKeywordSearchThatHoldsTheTitleWordsAndWantsTheListings() throws Exception {
        ExecutorService rebuilds = Executors.newSingleThreadExecutor();
        try (Connection keywords = dataSource.getConnection();
                Statement statement = keywords.createStatement()) {
            keywords.setAutoCommit(false);
            // the keyword search's first table, held until its transaction ends
            statement.executeQuery("SELECT count(*) FROM search_title_words").close();
            Future<Integer> rebuild = rebuilds.submit(search::rebuild);
            awaitSwapWaitingFor("search_title_words", rebuild);

            // then the listings: the swap must not keep them while it waits for the title words
            try (ResultSet listings = statement.executeQuery("SELECT count(*) FROM search_listings")) {
                assertThat(listings.next()).isTrue();
            }
            keywords.commit();

            assertThat(rebuild.get(60, TimeUnit.SECONDS))
                    .as("listings searchable")
                    .isNotNegative();
        } finally {
            rebuilds.shutdownNow();
        }
    }

    /** Until the swap asks for the table alone (it only does while this test's transaction holds it). */
    private void awaitSwapWaitingFor(String table, Future<Integer> rebuild) throws InterruptedException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < Duration.ofSeconds(60).toNanos() && !rebuild.isDone()) {
            boolean waiting =
                    jdbc.sql("""
                            SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                                            WHERE c.relname = :table AND l.mode = 'AccessExclusiveLock'
                                              AND NOT l.granted)""").param("table", table).query(Boolean.class).single();
            if (waiting) {
                return;
            }
            Thread.sleep(5);
        }
        assertThat(rebuild.isDone())
                .as("the rebuild ended before the swap waited")
                .isFalse();
        throw new AssertionError("the swap did not wait for " + table);
    }
}
