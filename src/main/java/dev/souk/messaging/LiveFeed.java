package dev.souk.messaging;

import dev.souk.infra.ChangeNotices;
import dev.souk.infra.LiveStreams;
import java.util.UUID;
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

    enum Kind {
        MESSAGE,
        SEEN
    }

    /** One open conversation page. */
    record Subscriber(UUID conversationId, UUID memberId, String tab) {}

    private final ChangeNotices notices;
    private final LiveStreams<Subscriber> streams = new LiveStreams<>("messaging-live-feed");

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
        return streams.open(conversationId, new Subscriber(conversationId, memberId, tab));
    }

    int openStreams() {
        return streams.count();
    }

    private void deliverSoon(String payload) {
        streams.deliverSoon(() -> deliver(payload));
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
        streams.send(conversationId, subscriber -> {
            if (kind == Kind.MESSAGE && subscriber.tab().equals(originTab)) {
                return null; // the sending page showed it already
            }
            if (kind == Kind.SEEN && subscriber.memberId().equals(subject)) {
                return null; // only the other side cares that it was seen
            }
            return kind == Kind.MESSAGE
                    // ids only, made here: the page loads the message through the usual access checks
                    ? SseEmitter.event()
                            .name("message")
                            .data("<li id=\"m-" + subject
                                    + "\" class=\"souk-message-loading\" hx-get=\"/conversations/"
                                    + conversationId + "/messages/" + subject
                                    + "\" hx-trigger=\"load\" hx-swap=\"outerHTML\"></li>")
                    : SseEmitter.event().name("seen").data("seen");
        });
    }

    @Override
    public void start() {
        running = true;
        streams.start();
    }

    @Override
    public void stop() {
        running = false;
        streams.stop();
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
