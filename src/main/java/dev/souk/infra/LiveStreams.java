package dev.souk.infra;

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
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * The server-sent event streams of the pages open on this node, grouped by what they follow (a
 * conversation, a member). It does what every such stream needs: a first comment, so the page knows
 * it is live; a heartbeat, so proxies keep it open; a lifetime, after which the browser reconnects by
 * itself; sends on a thread of their own, so a page that reads slowly holds up no one; and an end
 * before a graceful shutdown, which would otherwise wait for the streams. Its owner starts and stops
 * it with its own lifecycle.
 *
 * @param <P> what the owner keeps of one open page
 */
public final class LiveStreams<P> {

    /** Proxies and browsers drop a silent connection; a comment this often keeps it open. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(25);
    /** The browser reconnects by itself after this; it bounds how long a forgotten stream is kept. */
    public static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    private record Open<P>(UUID key, P page, SseEmitter emitter) {}

    private final String name;
    private final Map<UUID, Set<Open<P>>> open = new ConcurrentHashMap<>();
    private volatile @Nullable ScheduledExecutorService heartbeats;
    private volatile @Nullable ExecutorService deliveries;

    /** @param name names the threads, e.g. {@code messaging-live-feed} */
    public LiveStreams(String name) {
        this.name = name;
    }

    /** A stream for a page following {@code key}, already open. */
    public SseEmitter open(UUID key, P page) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Open<P> stream = new Open<>(key, page, emitter);
        open.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(stream);
        Runnable remove = () -> remove(stream);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().comment("live"));
        } catch (IOException gone) {
            remove(stream);
        }
        return emitter;
    }

    /** Whether any page on this node follows {@code key}. */
    public boolean followed(UUID key) {
        return open.containsKey(key);
    }

    /** Sends each page following {@code key} the event made for it; nothing to a page it makes none for. */
    public void send(UUID key, Function<P, @Nullable SseEventBuilder> event) {
        Set<Open<P>> streams = open.get(key);
        if (streams == null) {
            return;
        }
        for (Open<P> stream : List.copyOf(streams)) {
            SseEventBuilder made = event.apply(stream.page());
            if (made == null) {
                continue;
            }
            try {
                stream.emitter().send(made);
            } catch (IOException | IllegalStateException gone) {
                remove(stream);
            }
        }
    }

    /** Runs a delivery on the streams' own thread, once started; dropped while stopped. */
    public void deliverSoon(Runnable delivery) {
        ExecutorService executor = deliveries;
        if (executor != null && !executor.isShutdown()) {
            executor.execute(delivery);
        }
    }

    public int count() {
        return open.values().stream().mapToInt(Set::size).sum();
    }

    /** Made anew at each start: a stopped context (e.g. a paused test context) may be started again. */
    public void start() {
        deliveries = Executors.newSingleThreadExecutor(runnable -> thread(runnable, name));
        ScheduledExecutorService beats =
                Executors.newSingleThreadScheduledExecutor(runnable -> thread(runnable, name + "-heartbeat"));
        beats.scheduleAtFixedRate(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        heartbeats = beats;
    }

    /** Ends the open streams first, so a graceful shutdown does not wait for them. */
    public void stop() {
        ScheduledExecutorService beats = heartbeats;
        if (beats != null) {
            beats.shutdownNow();
        }
        for (Set<Open<P>> streams : open.values()) {
            for (Open<P> stream : List.copyOf(streams)) {
                stream.emitter().complete();
            }
        }
        open.clear();
        ExecutorService executor = deliveries;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void heartbeat() {
        for (Set<Open<P>> streams : open.values()) {
            for (Open<P> stream : List.copyOf(streams)) {
                try {
                    stream.emitter().send(SseEmitter.event().comment("ping"));
                } catch (IOException | IllegalStateException gone) {
                    remove(stream);
                }
            }
        }
    }

    private void remove(Open<P> stream) {
        open.computeIfPresent(stream.key(), (key, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
