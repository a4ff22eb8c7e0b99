package dev.souk.infra;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells every app node at once that something a node keeps in memory has changed. A writer announces a
 * topic inside its transaction with {@code NOTIFY}, which PostgreSQL delivers only on commit and to every
 * node; each node listens on a connection of its own and runs the topic's subscribers. The writing node
 * runs them right after its commit as well, so it never serves its own change late. A node that loses
 * its listening connection may have missed notices, so when it listens again every subscriber runs.
 */
@Component
public class ChangeNotices implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeNotices.class);

    static final String CHANNEL = "souk_changes";
    private static final Duration POLL = Duration.ofSeconds(1);
    /** A connection that died without a word would wait forever; a query this often finds out. */
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(10);

    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Map<String, List<Runnable>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile @Nullable Thread listener;

    ChangeNotices(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** Runs {@code onChange} whenever {@code topic} changes on any node, and after a lost connection. */
    public void subscribe(String topic, Runnable onChange) {
        subscribers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(onChange);
    }

    /**
     * Announces a change of {@code topic} with the current transaction: other nodes hear of it when it
     * commits, this node's subscribers run right after the commit (at once without a transaction).
     */
    public void announce(String topic) {
        jdbc.sql("SELECT pg_notify(:channel, :topic)")
                .param("channel", CHANNEL)
                .param("topic", topic)
                .query((rs, n) -> 1)
                .list();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    changed(topic);
                }
            });
        } else {
            changed(topic);
        }
    }

    private void changed(String topic) {
        subscribers.getOrDefault(topic, List.of()).forEach(ChangeNotices::run);
    }

    private void everythingChanged() {
        subscribers.values().forEach(list -> list.forEach(ChangeNotices::run));
    }

    private static void run(Runnable subscriber) {
        try {
            subscriber.run();
        } catch (RuntimeException e) {
            log.warn("A change subscriber failed", e);
        }
    }

    // --- the listening connection ----------------------------------------------------------------

    private void listen() {
        while (running) {
            try (Connection connection = listeningConnection(dataSource, "souk-change-notices")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                // whatever changed while no one listened is heard of now
                everythingChanged();
                PGConnection pg = connection.unwrap(PGConnection.class);
                long checked = System.nanoTime();
                while (running) {
                    if (System.nanoTime() - checked > LIVENESS_CHECK.toNanos()) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("SELECT 1");
                        }
                        checked = System.nanoTime();
                    }
                    PGNotification[] notices = pg.getNotifications((int) POLL.toMillis());
                    if (notices != null) {
                        for (PGNotification notice : notices) {
                            changed(notice.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Change notices lost their database connection; reconnecting: {}", e.toString());
                    everythingChanged();
                    sleep(RECONNECT_DELAY);
                }
            }
        }
    }

    /**
     * A connection of its own for {@code LISTEN}: a pooled one would be taken from requests for good, and
     * the pool recycles connections, which would drop the {@code LISTEN}.
     */
    public static Connection listeningConnection(DataSource dataSource, String applicationName) throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            Properties properties = new Properties();
            if (hikari.getUsername() != null) {
                properties.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                properties.setProperty("password", hikari.getPassword());
            }
            properties.setProperty("ApplicationName", applicationName);
            return DriverManager.getConnection(hikari.getJdbcUrl(), properties);
        }
        return dataSource.getConnection();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::listen, "change-notices");
        thread.setDaemon(true);
        thread.start();
        listener = thread;
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(POLL.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
