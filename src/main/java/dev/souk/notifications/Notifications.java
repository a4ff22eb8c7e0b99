package dev.souk.notifications;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.accounts.MemberStatus;
import dev.souk.infra.SoukProperties;
import dev.souk.mail.MailMessage;
import dev.souk.mail.Mailer;
import dev.souk.mail.Unsubscribes;
import dev.souk.messaging.Messaging;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The facade of the notifications module: tells members what happened (in the app, and by mail unless
 * they turned the category off), lists what they were told, and keeps their choice of mails.
 */
@Service
public class Notifications {

    public static final int DEFAULT_LIMIT = 24;
    public static final int MAX_LIMIT = 100;
    public static final String PREFERENCES_PATH = "/account/notifications";

    /** Notifications are worded when they happen, in the marketplace's first language. */
    private static final Locale LANGUAGE = Locale.ENGLISH;

    private final NotificationStore store;
    private final Bell bell;
    private final Accounts accounts;
    private final Messaging messaging;
    private final Mailer mailer;
    private final Unsubscribes unsubscribes;
    private final MessageSource messages;
    private final SoukProperties properties;
    private final Clock clock;

    Notifications(
            NotificationStore store,
            Bell bell,
            Accounts accounts,
            Messaging messaging,
            Mailer mailer,
            Unsubscribes unsubscribes,
            MessageSource messages,
            SoukProperties properties,
            Clock clock) {
        this.store = store;
        this.bell = bell;
        this.accounts = accounts;
        this.messaging = messaging;
        this.mailer = mailer;
        this.unsubscribes = unsubscribes;
        this.messages = messages;
        this.properties = properties;
        this.clock = clock;
    }

    // --- telling ---------------------------------------------------------------------------------

    /**
     * Tells the member, once per event: a new notification rings the bell on every node when this
     * transaction commits and queues its mail in this transaction, so a repeated event mails no one twice
     * and a failed delivery is the outbox's to retry.
     */
    @Transactional
    void tell(Notice notice) {
        MemberAccount member = accounts.account(notice.memberId()).orElse(null);
        if (member == null || member.profile().deleted()) {
            return;
        }
        String title = text("notifications.text." + notice.text() + ".title", notice.args());
        String text = text("notifications.text." + notice.text() + ".body", notice.args());
        Optional<UUID> created = store.add(
                notice.memberId(), notice.category(), notice.sourceKey(), title, text, notice.link(), clock.instant());
        if (created.isEmpty()) {
            return;
        }
        bell.ring(notice.memberId());
        if (member.status() == MemberStatus.ACTIVE
                && member.email() != null
                && store.wantsMail(notice.memberId(), notice.category())) {
            mailer.send(notice.memberId(), member.email(), mail(notice, title, text));
        }
    }

    private MailMessage mail(Notice notice, String title, String text) {
        return MailMessage.of(title, title, text)
                .withAction(text("notifications.mail.action", List.of()), absolute(notice.link()))
                .withPreferences(text("notifications.mail.preferences", List.of()), absolute(PREFERENCES_PATH))
                .withUnsubscribe(
                        unsubscribes.link(notice.memberId(), notice.category().key()));
    }

    /** A path of this site as an address that works from a mail or an API client. */
    public URI absolute(String path) {
        return URI.create(properties.baseUrl().replaceAll("/+$", "") + path);
    }

    private String text(String key, List<Object> args) {
        return messages.getMessage(key, args.toArray(), LANGUAGE);
    }

    // --- reading ---------------------------------------------------------------------------------

    /** The member's notifications, newest first. */
    @Transactional(readOnly = true)
    public NotificationPage page(UUID memberId, @Nullable String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        UUID before = cursor == null || cursor.isBlank() ? null : parseCursor(cursor);
        List<Notification> rows = store.newest(memberId, before, size + 1);
        List<Notification> items = rows.stream().limit(size).toList();
        String next = rows.size() > size ? items.get(size - 1).id().toString() : null;
        return new NotificationPage(items, next);
    }

    private static UUID parseCursor(String cursor) {
        try {
            if (cursor.length() == 36) {
                return UUID.fromString(cursor);
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw InvalidInput.of("cursor", "notifications.cursor.invalid");
    }

    @Transactional(readOnly = true)
    public int unreadCount(UUID memberId) {
        return store.unreadCount(memberId);
    }

    /** Marks one of the member's notifications read; 404 for anyone else's. */
    @Transactional
    public Notification markRead(UUID memberId, UUID id) {
        if (!store.markRead(memberId, id, clock.instant())) {
            throw Refusal.notFound("notifications.notFound");
        }
        bell.ring(memberId);
        return store.find(memberId, id).orElseThrow();
    }

    /** Marks all the member's notifications read; how many were unread. */
    @Transactional
    public int markAllRead(UUID memberId) {
        int marked = store.markAllRead(memberId, clock.instant());
        if (marked > 0) {
            bell.ring(memberId);
        }
        return marked;
    }

    // --- mail preferences ------------------------------------------------------------------------

    /** Whether the member gets each category's mail; new messages are the messaging module's setting. */
    @Transactional(readOnly = true)
    public Map<Category, Boolean> mailPreferences(UUID memberId) {
        Map<Category, Boolean> chosen = store.mailChoices(memberId);
        Map<Category, Boolean> all = new EnumMap<>(Category.class);
        for (Category category : Category.values()) {
            all.put(
                    category,
                    category == Category.MESSAGES
                            ? messaging.messageEmails(memberId)
                            : chosen.getOrDefault(category, true));
        }
        return all;
    }

    /** Mail for the categories in {@code mailed}, none for the others. */
    @Transactional
    public void setMailPreferences(UUID memberId, Set<Category> mailed) {
        for (Category category : Category.values()) {
            setMail(memberId, category, mailed.contains(category));
        }
    }

    /** Mail on or off for the categories named; the others keep their setting. */
    @Transactional
    public void updateMail(UUID memberId, Map<Category, Boolean> mail) {
        mail.forEach((category, on) -> setMail(memberId, category, on));
    }

    @Transactional
    public void setMail(UUID memberId, Category category, boolean mail) {
        if (category == Category.MESSAGES) {
            messaging.setMessageEmails(memberId, mail);
        } else {
            store.setMail(memberId, category, mail, clock.instant());
        }
    }

    /** What an unsubscribe link turns off, if this install made it for a category that exists. */
    public Optional<Unsubscribing> unsubscribing(String token) {
        return unsubscribes
                .read(token)
                .flatMap(u -> Category.ofKey(u.kind()).map(c -> new Unsubscribing(u.memberId(), c)));
    }

    /** The member and category an unsubscribe link names. */
    public record Unsubscribing(UUID memberId, Category category) {}

    /** Turns the category's mail off for whoever the link names; 404 for a link this install did not make. */
    @Transactional
    public Unsubscribing unsubscribe(String token) {
        Unsubscribing target =
                unsubscribing(token).orElseThrow(() -> Refusal.notFound("notifications.unsubscribe.invalid"));
        setMail(target.memberId(), target.category(), false);
        return target;
    }

    // --- personal data ---------------------------------------------------------------------------

    @Transactional(readOnly = true)
    List<Notification> all(UUID memberId, int max) {
        return store.newest(memberId, null, max);
    }

    @Transactional
    void forget(UUID memberId) {
        store.forget(memberId);
    }
}
