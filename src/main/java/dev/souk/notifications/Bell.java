package dev.souk.notifications;

import dev.souk.infra.ChangeNotices;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
import org.springframework.context.MessageSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;

/**
 * Keeps the bell's count live on every open page, on every node, as messaging's live feed does: a
 * change announces the member's id as a change notice in its transaction (PostgreSQL delivers it on
 * commit, to every node), and each node sends the member's pages the count as it is then, read with
 * one indexed query. The notice carries the id only.
 */
@Component
class Bell implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Bell.class);

    static final String TOPIC = "notifications";
    /** Proxies and browsers drop a silent connection; a comment this often keeps it open. */
    static final Duration HEARTBEAT = Duration.ofSeconds(25);
    /** The browser reconnects by itself after this; it bounds how long a forgotten stream is kept. */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    record Subscriber(UUID memberId, Locale locale, SseEmitter emitter) {}

    private final ChangeNotices notices;
    private final NotificationStore store;
    private final MessageSource messages;
    private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile @Nullable ScheduledExecutorService heartbeats;
    /** Sends on a thread of its own: a slow page must not hold up the change notices of others. */
    private volatile @Nullable ExecutorService deliveries;

    private volatile boolean running;

    Bell(ChangeNotices notices, NotificationStore store, MessageSource messages) {
        this.notices = notices;
        this.store = store;
        this.messages = messages;
        notices.listen(TOPIC, this::deliverSoon);
    }

    /** Tells every node, once the current transaction commits, that the member's count changed. */
    void ring(UUID memberId) {
        notices.publish(TOPIC, memberId.toString());
    }

    SseEmitter subscribe(UUID memberId, Locale locale) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Subscriber subscriber = new Subscriber(memberId, locale, emitter);
        subscribers
                .computeIfAbsent(memberId, id -> ConcurrentHashMap.newKeySet())
                .add(subscriber);
        Runnable remove = () -> remove(subscriber);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().comment("live"));
        } catch (IOException gone) {
            remove(subscriber);
        }
        return emitter;
    }

    private void remove(Subscriber subscriber) {
        subscribers.computeIfPresent(subscriber.memberId(), (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    private void deliverSoon(String payload) {
        ExecutorService executor = deliveries;
        if (executor != null && !executor.isShutdown()) {
            executor.execute(() -> deliver(payload));
        }
    }

    void deliver(String payload) {
        UUID memberId;
        try {
            memberId = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a malformed notifications notice: {}", payload);
            return;
        }
        Set<Subscriber> open = subscribers.get(memberId);
        if (open == null) {
            return;
        }
        int count = store.unreadCount(memberId);
        for (Subscriber subscriber : List.copyOf(open)) {
            try {
                subscriber.emitter().send(SseEmitter.event().name("count").data(badge(count, subscriber.locale())));
            } catch (IOException | IllegalStateException gone) {
                remove(subscriber);
            }
        }
    }

    /** The same markup as the page header's badge (layout/page.jte), for one line of an event. */
    String badge(int count, Locale locale) {
        if (count == 0) {
            return "";
        }
        String unread = messages.getMessage("notifications.bell.unread", new Object[] {count}, locale);
        return "<span class=\"badge rounded-pill text-bg-primary\">" + count + "<span class=\"visually-hidden\"> "
                + HtmlUtils.htmlEscape(unread) + "</span></span>";
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
            Thread delivery = new Thread(runnable, "notifications-bell");
            delivery.setDaemon(true);
            return delivery;
        });
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread beat = new Thread(runnable, "notifications-heartbeat");
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
}
