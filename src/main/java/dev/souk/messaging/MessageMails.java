package dev.souk.messaging;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.accounts.MemberStatus;
import dev.souk.infra.SoukProperties;
import dev.souk.mail.MailMessage;
import dev.souk.mail.Mailer;
import dev.souk.mail.Unsubscribes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Mails members about messages they have not read, batched: a message waits {@link #GRACE} first (the
 * recipient may be reading along), and a conversation mails a member at most once per
 * {@link #PER_CONVERSATION}. Safe on several nodes at once: each node claims its rows with
 * {@code FOR UPDATE SKIP LOCKED}.
 */
@Component
class MessageMails {

    static final Duration GRACE = Duration.ofMinutes(2);
    static final Duration PER_CONVERSATION = Duration.ofMinutes(15);
    private static final int BATCH = 100;
    private static final int QUOTE_MAX = 500;
    /** The notifications module's page of mail choices, where this module's one choice is shown. */
    static final String PREFERENCES_PATH = "/account/notifications";
    /** The category the notifications module names these mails by. */
    static final String UNSUBSCRIBE_KIND = "messages";

    private final ConversationStore store;
    private final Accounts accounts;
    private final Mailer mailer;
    private final Unsubscribes unsubscribes;
    private final MessageSource messages;
    private final SoukProperties properties;
    private final Clock clock;

    MessageMails(
            ConversationStore store,
            Accounts accounts,
            Mailer mailer,
            Unsubscribes unsubscribes,
            MessageSource messages,
            SoukProperties properties,
            Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.mailer = mailer;
        this.unsubscribes = unsubscribes;
        this.messages = messages;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void scheduled() {
        sendDue();
    }

    /** Mails everyone who is due a mail now; the number of mails queued. */
    @Transactional
    int sendDue() {
        Instant now = clock.instant();
        // "not active": the recipient has not read the conversation since the message arrived
        List<ConversationStore.Due> due = store.dueMails(now.minus(GRACE), now.minus(PER_CONVERSATION), BATCH);
        int sent = 0;
        for (ConversationStore.Due d : due) {
            // marked even when no mail can go out (deleted account), so the row is not picked again
            store.markMailed(d.conversationId(), d.memberId(), now);
            MemberAccount recipient = accounts.account(d.memberId()).orElse(null);
            if (recipient == null || recipient.status() != MemberStatus.ACTIVE || recipient.email() == null) {
                continue;
            }
            mailer.send(d.memberId(), recipient.email(), mail(d));
            sent++;
        }
        return sent;
    }

    private MailMessage mail(ConversationStore.Due d) {
        Locale locale = Locale.ENGLISH;
        String sender = accounts.profile(d.otherId())
                .filter(p -> !p.deleted())
                .map(p -> p.displayName())
                .orElse(text("messaging.formerMember", locale));
        String quote = d.latest() == null ? "" : d.latest();
        if (quote.length() > QUOTE_MAX) {
            quote = quote.substring(0, QUOTE_MAX) + "…";
        }
        String base = properties.baseUrl().replaceAll("/+$", "");
        URI link = URI.create(base + "/conversations/" + d.conversationId());
        return MailMessage.of(
                        text("messaging.mail.subject", locale, sender),
                        text("messaging.mail.heading", locale, d.unread(), sender),
                        text("messaging.mail.about", locale, d.listingTitle()),
                        "“" + quote + "”")
                .withAction(text("messaging.mail.action", locale), link)
                .withFootnote(text("messaging.mail.footnote", locale))
                .withPreferences(text("messaging.mail.preferences", locale), URI.create(base + PREFERENCES_PATH))
                .withUnsubscribe(unsubscribes.link(d.memberId(), UNSUBSCRIBE_KIND));
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
