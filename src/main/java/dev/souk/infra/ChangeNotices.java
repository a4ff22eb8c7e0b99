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
import java.util.function.Consumer;
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
 * Tells every app node at once what changed: a writer sends a notice on a topic inside its transaction
 * with {@code NOTIFY}, which PostgreSQL delivers only on commit and to every node. Each node listens on
 * one connection of its own and hands each notice to that topic's listeners. Two kinds:
 * <ul>
 *   <li>changes of what a node keeps in memory ({@link #announce}, {@link #subscribe}): the writing node
 *       hears of its own change right after its commit as well, so it never serves it late; a node that
 *       lost its listening connection may have missed some, so when it listens again every cache hears
 *       of a change;
 *   <li>notices with a detail ({@link #publish}, {@link #listen}), such as a new message for the pages
 *       open on each node; delivered once to each node, through PostgreSQL only.
 * </ul>
 */
@Component
public class ChangeNotices implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeNotices.class);

    /** The one channel; a notice is its topic, then a space and its detail if it has one. */
    public static final String CHANNEL = "souk_changes";

    private static final Duration POLL = Duration.ofSeconds(1);
    /** A connection that died without a word would wait forever; a query this often finds out. */
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(10);

    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Map<String, List<Runnable>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> reconnected = new CopyOnWriteArrayList<>();
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

    /** Hands every notice published on {@code topic} to {@code onNotice}, with its detail. */
    public void listen(String topic, Consumer<String> onNotice) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(onNotice);
    }

    /**
     * Runs {@code forgetEverything} when this node listens again after it lost its connection, and
     * when it starts: notices published meanwhile were missed, so whatever they would have dropped
     * one by one must go at once.
     */
    public void onReconnect(Runnable forgetEverything) {
        reconnected.add(forgetEverything);
    }

    /**
     * Publishes {@code detail} on {@code topic} with the current transaction, for every node's listeners
     * once it commits (at once without a transaction).
     */
    public void publish(String topic, String detail) {
        jdbc.sql("SELECT pg_notify(:channel, :notice)")
                .param("channel", CHANNEL)
                .param("notice", notice(topic, detail))
                .query((rs, n) -> 1)
                .list();
    }

    /**
     * The payload of a notice for a statement that sends it itself ({@code pg_notify(CHANNEL, notice)}),
     * e.g. to write and notify in one round trip.
     */
    public static String notice(String topic, String detail) {
        return topic + " " + detail;
    }

    private void heard(String notice) {
        int space = notice.indexOf(' ');
        String topic = space < 0 ? notice : notice.substring(0, space);
        changed(topic);
        String detail = space < 0 ? "" : notice.substring(space + 1);
        for (Consumer<String> listener : listeners.getOrDefault(topic, List.of())) {
            run(() -> listener.accept(detail));
        }
    }

    private void changed(String topic) {
        subscribers.getOrDefault(topic, List.of()).forEach(ChangeNotices::run);
    }

    private void everythingChanged() {
        subscribers.values().forEach(list -> list.forEach(ChangeNotices::run));
        reconnected.forEach(ChangeNotices::run);
    }

    private static void run(Runnable subscriber) {
        try {
            subscriber.run();
        } catch (RuntimeException e) {
            log.warn("A change notice's listener failed", e);
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
                            heard(notice.getParameter());
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
