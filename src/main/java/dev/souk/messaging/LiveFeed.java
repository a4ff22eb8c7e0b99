package dev.souk.messaging;

import dev.souk.infra.ChangeNotices;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Brings new messages and "seen" marks to open conversation pages on every app node. A write
 * announces itself with {@code NOTIFY} in its own transaction, so PostgreSQL delivers it only on
 * commit and to every node; each node keeps one connection of its own (outside the pool) listening,
 * and passes what it hears to the server-sent event streams of the pages open on that node. The
 * notice carries ids only: the page fetches the message itself, as its viewer, with the usual checks.
 */
@Component
class LiveFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    static final String CHANNEL = "souk_messaging";
    /** Proxies and browsers drop a silent connection; a comment this often keeps it open. */
    static final Duration HEARTBEAT = Duration.ofSeconds(25);
    /** The browser reconnects by itself after this; it bounds how long a forgotten stream is kept. */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    /** Waiting for notices sends nothing to the server, so a short wait costs nothing. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** A connection that died without a word would wait forever; a query this often finds out. */
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(30);

    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    enum Kind {
        MESSAGE,
        SEEN
    }

    /** One open conversation page. */
    record Subscriber(UUID conversationId, UUID memberId, String tab, SseEmitter emitter) {}

    private final DataSource dataSource;
    private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile @Nullable ScheduledExecutorService heartbeats;
    private volatile boolean running;
    private volatile @Nullable Thread listener;
    private volatile @Nullable Connection connection;

    LiveFeed(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    // --- announcing (inside the writer's transaction) -------------------------------------------

    /**
     * The notice of a new message, for the statement that writes it to send with {@code pg_notify}.
     *
     * @param tab the page that sent it, which shows the message already; null from the API
     */
    static String messageNotice(UUID conversationId, UUID messageId, @Nullable String tab) {
        return payload(Kind.MESSAGE, conversationId, messageId.toString(), tab);
    }

    void announceSeen(JdbcClient jdbc, UUID conversationId, UUID readerId) {
        jdbc.sql("SELECT pg_notify(:channel, :payload)")
                .param("channel", CHANNEL)
                .param("payload", payload(Kind.SEEN, conversationId, readerId.toString(), null))
                .query((rs, n) -> 1)
                .list();
    }

    private static String payload(Kind kind, UUID conversationId, String subject, @Nullable String tab) {
        return kind.name() + " " + conversationId + " " + subject + " " + (tab == null ? "-" : tab);
    }

    // --- open pages ------------------------------------------------------------------------------

    SseEmitter subscribe(UUID conversationId, UUID memberId, String tab) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Subscriber subscriber = new Subscriber(conversationId, memberId, tab, emitter);
        subscribers
                .computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet())
                .add(subscriber);
        Runnable remove = () -> remove(subscriber);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            // opens the stream at once, so the page knows it is live
            emitter.send(SseEmitter.event().comment("live"));
        } catch (IOException gone) {
            remove(subscriber);
        }
        return emitter;
    }

    private void remove(Subscriber subscriber) {
        subscribers.computeIfPresent(subscriber.conversationId(), (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    int openStreams() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    void deliver(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length != 4) {
            log.warn("Ignoring a malformed messaging notice: {}", payload);
            return;
        }
        Kind kind = Kind.valueOf(parts[0]);
        UUID conversationId = UUID.fromString(parts[1]);
        UUID subject = UUID.fromString(parts[2]);
        String originTab = parts[3];
        Set<Subscriber> open = subscribers.get(conversationId);
        if (open == null) {
            return;
        }
        for (Subscriber subscriber : List.copyOf(open)) {
            if (kind == Kind.MESSAGE && subscriber.tab().equals(originTab)) {
                continue; // the sending page showed it already
            }
            if (kind == Kind.SEEN && subscriber.memberId().equals(subject)) {
                continue; // only the other side cares that it was seen
            }
            send(subscriber, kind, conversationId, subject);
        }
    }

    private void send(Subscriber subscriber, Kind kind, UUID conversationId, UUID subject) {
        try {
            if (kind == Kind.MESSAGE) {
                // ids only, made here: the page loads the message through the usual access checks
                subscriber
                        .emitter()
                        .send(SseEmitter.event()
                                .name("message")
                                .data("<li id=\"m-" + subject
                                        + "\" class=\"souk-message-loading\" hx-get=\"/conversations/"
                                        + conversationId + "/messages/" + subject
                                        + "\" hx-trigger=\"load\" hx-swap=\"outerHTML\"></li>"));
            } else {
                subscriber.emitter().send(SseEmitter.event().name("seen").data("seen"));
            }
        } catch (IOException | IllegalStateException gone) {
            remove(subscriber);
        }
    }

    private void heartbeat() {
        for (Set<Subscriber> open : subscribers.values()) {
            for (Subscriber subscriber : List.copyOf(open)) {
                try {
                    subscriber.emitter().send(SseEmitter.event().comment("ping"));
                } catch (IOException | IllegalStateException gone) {
                    remove(subscriber);
                }
            }
        }
    }

    // --- the listening connection ----------------------------------------------------------------

    private void listen() {
        while (running) {
            try (Connection conn = ChangeNotices.listeningConnection(dataSource, "souk-messaging-feed")) {
                connection = conn;
                try (Statement statement = conn.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = conn.unwrap(PGConnection.class);
                long checked = System.nanoTime();
                while (running) {
                    if (System.nanoTime() - checked > LIVENESS_CHECK.toNanos()) {
                        try (Statement statement = conn.createStatement()) {
                            statement.execute("SELECT 1");
                        }
                        checked = System.nanoTime();
                    }
                    PGNotification[] notices = pg.getNotifications((int) POLL.toMillis());
                    if (notices != null) {
                        for (PGNotification notice : notices) {
                            deliver(notice.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Messaging live feed lost its database connection; reconnecting: {}", e.toString());
                    sleep(RECONNECT_DELAY);
                }
            } finally {
                connection = null;
            }
        }
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
        Thread thread = new Thread(this::listen, "messaging-live-feed");
        thread.setDaemon(true);
        thread.start();
        listener = thread;
        // made anew at each start: a stopped context (e.g. a paused test context) may be started again
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread beat = new Thread(runnable, "messaging-heartbeat");
            beat.setDaemon(true);
            return beat;
        });
        beats.scheduleAtFixedRate(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        heartbeats = beats;
    }

    /** Ends the open streams first, so a graceful shutdown does not wait for them. */
    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService beats = heartbeats;
        if (beats != null) {
            beats.shutdownNow();
        }
        for (Set<Subscriber> open : subscribers.values()) {
            for (Subscriber subscriber : List.copyOf(open)) {
                subscriber.emitter().complete();
            }
        }
        subscribers.clear();
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

    /** Stopped before the web server's graceful shutdown, which would otherwise wait for the streams. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
