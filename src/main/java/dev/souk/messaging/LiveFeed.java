package dev.souk.messaging;

import dev.souk.infra.ChangeNotices;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Brings new messages and "seen" marks to open conversation pages on every app node. A write
 * announces itself as a change notice ({@link ChangeNotices}, {@code NOTIFY}) in its own transaction,
 * so PostgreSQL delivers it only on commit and to every node, which passes what it hears to the
 * server-sent event streams of the pages open on it. The notice carries ids only: the page fetches the
 * message itself, as its viewer, with the usual checks.
 */
@Component
class LiveFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    /** The topic of the live feed's change notices. */
    static final String TOPIC = "messaging";
    /** Proxies and browsers drop a silent connection; a comment this often keeps it open. */
    static final Duration HEARTBEAT = Duration.ofSeconds(25);
    /** The browser reconnects by itself after this; it bounds how long a forgotten stream is kept. */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    enum Kind {
        MESSAGE,
        SEEN
    }

    /** One open conversation page. */
    record Subscriber(UUID conversationId, UUID memberId, String tab, SseEmitter emitter) {}

    private final ChangeNotices notices;
    private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile @Nullable ScheduledExecutorService heartbeats;
    /**
     * Writes to the streams one notice after the other, on a thread of its own: a page that reads slowly
     * must not hold up the change notices of every other cache.
     */
    private volatile @Nullable ExecutorService deliveries;

    private volatile boolean running;

    LiveFeed(ChangeNotices notices) {
        this.notices = notices;
        notices.listen(TOPIC, this::deliverSoon);
    }

    // --- announcing (inside the writer's transaction) -------------------------------------------

    /**
     * The notice of a new message, for the statement that writes it to send with
     * {@code pg_notify(ChangeNotices.CHANNEL, notice)}.
     *
     * @param tab the page that sent it, which shows the message already; null from the API
     */
    static String messageNotice(UUID conversationId, UUID messageId, @Nullable String tab) {
        return ChangeNotices.notice(TOPIC, payload(Kind.MESSAGE, conversationId, messageId.toString(), tab));
    }

    void announceSeen(UUID conversationId, UUID readerId) {
        notices.publish(TOPIC, payload(Kind.SEEN, conversationId, readerId.toString(), null));
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

    private void deliverSoon(String payload) {
        ExecutorService executor = deliveries;
        if (executor != null && !executor.isShutdown()) {
            executor.execute(() -> deliver(payload));
        }
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

    @Override
    public void start() {
        running = true;
        deliveries = Executors.newSingleThreadExecutor(runnable -> {
            Thread delivery = new Thread(runnable, "messaging-live-feed");
            delivery.setDaemon(true);
            return delivery;
        });
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
        ExecutorService executor = deliveries;
        if (executor != null) {
            executor.shutdownNow();
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
