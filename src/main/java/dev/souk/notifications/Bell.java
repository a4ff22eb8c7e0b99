package dev.souk.notifications;

import dev.souk.infra.ChangeNotices;
import dev.souk.infra.LiveStreams;
import java.util.Locale;
import java.util.UUID;
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
    /** One open page of a member's. */
    record Subscriber(UUID memberId, Locale locale) {}

    private final ChangeNotices notices;
    private final NotificationStore store;
    private final MessageSource messages;
    private final LiveStreams<Subscriber> streams = new LiveStreams<>("notifications-bell");

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
        return streams.open(memberId, new Subscriber(memberId, locale));
    }

    private void deliverSoon(String payload) {
        streams.deliverSoon(() -> deliver(payload));
    }

    void deliver(String payload) {
        UUID memberId;
        try {
            memberId = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a malformed notifications notice: {}", payload);
            return;
        }
        if (!streams.followed(memberId)) {
            return;
        }
        int count = store.unreadCount(memberId);
        streams.send(memberId, subscriber -> SseEmitter.event().name("count").data(badge(count, subscriber.locale())));
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
}
