package dev.souk.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.SoukTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Every page reads the configuration each node keeps; a node must never keep what was not committed. */
@SoukTest
class ConfigurationCacheTest {

    @Autowired
    Marketplace marketplace;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    private MarketplaceSettings original;

    @BeforeEach
    void remember() {
        original = marketplace.settings();
    }

    @AfterEach
    void restore() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> marketplace.update(original));
    }

    @Test
    void aChangeIsReadByItsOwnTransactionAndByOthersOnlyOnceCommitted() {
        String before = marketplace.settings().name();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            marketplace.update(renamed("Renamed In Flight"));
            // another request reads meanwhile: it sees what is committed, and must not keep it for this one
            assertThat(elsewhere(() -> marketplace.settings().name())).isEqualTo(before);
            assertThat(marketplace.settings().name()).isEqualTo("Renamed In Flight");
            assertThat(marketplace.config().settings().name()).isEqualTo("Renamed In Flight");
        });
        assertThat(marketplace.settings().name()).isEqualTo("Renamed In Flight");
        assertThat(elsewhere(() -> marketplace.settings().name())).isEqualTo("Renamed In Flight");
    }

    @Test
    void aChangeRolledBackIsNeverSeen() {
        String before = marketplace.settings().name();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            marketplace.update(renamed("Never Committed"));
            status.setRollbackOnly();
        });
        assertThat(marketplace.settings().name()).isEqualTo(before);
    }

    @Test
    void aChangeCommittedByAnotherNodeIsSeenAsItsNoticeArrives() throws SQLException {
        marketplace.settings(); // kept on this node
        try (Connection otherNode = dataSource.getConnection();
                Statement statement = otherNode.createStatement()) {
            statement.execute("UPDATE marketplace_settings SET name = 'Changed On Node B'");
            statement.execute("SELECT pg_notify('souk_changes', 'marketplace')");
        }
        // milliseconds on a quiet machine; the bound leaves room for a build loading every core
        assertThat(within(Duration.ofSeconds(5), () -> marketplace.settings().name()))
                .isEqualTo("Changed On Node B");
    }

    @Test
    void aNodeThatLostItsListeningConnectionForgetsWhatItKept() throws SQLException {
        marketplace.settings();
        // a change whose notice this node can't hear: it was made while its listener was gone
        jdbc.sql(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'souk-change-notices'")
                .query()
                .listOfRows();
        try (Connection otherNode = dataSource.getConnection();
                Statement statement = otherNode.createStatement()) {
            statement.execute("UPDATE marketplace_settings SET name = 'Changed Unheard'");
        }
        assertThat(within(Duration.ofSeconds(5), () -> marketplace.settings().name()))
                .isEqualTo("Changed Unheard");
    }

    private MarketplaceSettings renamed(String name) {
        return new MarketplaceSettings(
                name,
                original.description(),
                original.defaultCurrency(),
                original.currencies(),
                original.timeZone(),
                original.approvalRequired());
    }

    private static <T> T elsewhere(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read).join();
    }

    /** The value once it is the expected one, or the last value read when time is up. */
    private static String within(Duration limit, Supplier<String> read) {
        Instant deadline = Instant.now().plus(limit);
        String value = read.get();
        while (Instant.now().isBefore(deadline) && !value.startsWith("Changed")) {
            sleep();
            value = read.get();
        }
        return value;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
