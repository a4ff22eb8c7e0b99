package dev.souk.messaging;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberProfile;
import dev.souk.infra.RateLimit;
import dev.souk.infra.RateLimits;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.messaging.ConversationStore.PostCheck;
import dev.souk.messaging.ConversationStore.Posted;
import dev.souk.messaging.ConversationStore.ReportRow;
import dev.souk.messaging.ConversationStore.Row;
import dev.souk.messaging.ConversationStore.Sequenced;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The facade of the messaging module: who may write to whom, and what each member sees of their
 * conversations; {@link ConversationStore} reads and writes. About 500 lines because it is the module's
 * whole public API and the rules of each call, kept next to the call.
 */
@Service
public class Messaging {

    public static final int TEXT_MAX = 5000;
    public static final int REASON_MAX = 1000;
    public static final int DEFAULT_LIMIT = 24;
    public static final int MAX_LIMIT = 100;

    /** Messages one member may send a minute. */
    static final int MESSAGES_PER_MINUTE = 30;

    private static final Duration MESSAGE_WINDOW = Duration.ofMinutes(1);
    /** Conversations an account younger than {@link #YOUNG_ACCOUNT} may start an hour: spam starts there. */
    static final int NEW_CONVERSATIONS_PER_HOUR = 10;

    static final Duration YOUNG_ACCOUNT = Duration.ofHours(24);

    private final ConversationStore store;
    private final Accounts accounts;
    private final Listings listings;
    private final LiveFeed feed;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RateLimits rateLimits;
    private final RateLimit reports;
    private final TransactionOperations transactions;

    Messaging(
            ConversationStore store,
            Accounts accounts,
            Listings listings,
            LiveFeed feed,
            ApplicationEventPublisher events,
            Clock clock,
            RateLimits rateLimits,
            TransactionOperations transactions) {
        this.store = store;
        this.accounts = accounts;
        this.listings = listings;
        this.feed = feed;
        this.events = events;
        this.clock = clock;
        this.rateLimits = rateLimits;
        // the operator reads every report: a member can't bury them
        this.reports = rateLimits.define("reports", 10, Duration.ofDays(1));
        this.transactions = transactions;
    }

    // --- reading ---------------------------------------------------------------------------------

    /** The member's conversations, latest message first. */
    @Transactional(readOnly = true)
    public InboxPage inbox(UUID memberId, @Nullable String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        InboxCursor after = cursor == null || cursor.isBlank() ? null : InboxCursor.parse(cursor);
        List<Row> rows =
                store.inbox(memberId, after == null ? null : after.at(), after == null ? null : after.id(), size + 1);
        Map<UUID, MemberCard> cards = new HashMap<>();
        List<ConversationView> items =
                rows.stream().limit(size).map(row -> view(row, cards)).toList();
        String next = null;
        if (rows.size() > size) {
            Row last = rows.get(size - 1);
            next = new InboxCursor(last.lastMessageAt(), last.id()).encode();
        }
        return new InboxPage(items, next);
    }

    /** A conversation of the member's; 404 for anyone else. */
    @Transactional(readOnly = true)
    public ConversationView conversation(UUID memberId, UUID conversationId) {
        return view(participant(conversationId, memberId), new HashMap<>());
    }

    /** A page of the conversation's history, newest first; 404 for anyone but its participants. */
    @Transactional(readOnly = true)
    public MessagePage messages(UUID memberId, UUID conversationId, @Nullable String cursor, int limit) {
        participant(conversationId, memberId);
        return history(conversationId, cursor, limit);
    }

    /** One message of a conversation of the member's. */
    @Transactional(readOnly = true)
    public MessageView message(UUID memberId, UUID conversationId, UUID messageId) {
        participant(conversationId, memberId);
        return store.message(conversationId, messageId)
                .orElseThrow(() -> Refusal.notFound("messaging.message.notFound"));
    }

    /** Unread messages across all the member's conversations: the header's badge. */
    @Transactional(readOnly = true)
    public int unreadCount(UUID memberId) {
        return store.unreadCount(memberId);
    }

    /** The member's conversation about this listing, if they (as customer) started one. */
    @Transactional(readOnly = true)
    public Optional<UUID> conversationAbout(UUID listingId, UUID customerId) {
        return store.conversationOf(listingId, customerId);
    }

    // --- writing ---------------------------------------------------------------------------------

    /**
     * Sends the customer's message to the provider of a public listing, in the conversation about it:
     * started now, or the earlier one reused.
     */
    @Transactional
    public Contacted contact(UUID customerId, UUID listingId, @Nullable String text) {
        return contact(customerId, listingId, text, null);
    }

    @Transactional
    Contacted contact(UUID customerId, UUID listingId, @Nullable String text, @Nullable String tab) {
        ListingView listing = listings.findPublic(listingId).orElseThrow(() -> listingGone(listingId));
        if (listing.ownerId().equals(customerId)) {
            throw Refusal.invalidState("messaging.ownListing");
        }
        String body = checkText(text);
        accounts.requireVerified(customerId);
        Optional<UUID> existing = store.conversationOf(listingId, customerId);
        if (existing.isEmpty()) {
            requireNotBlocked(customerId, listing.ownerId());
            requireRecipient(listing.ownerId());
            Instant now = clock.instant();
            requireUnderLimits(customerId, true, now);
            store.start(listingId, listing.title(), customerId, listing.ownerId(), now);
        }
        UUID conversationId = existing.orElseGet(
                () -> store.conversationOf(listingId, customerId).orElseThrow());
        MessageView message = post(customerId, conversationId, body, tab);
        return new Contacted(conversation(customerId, conversationId), message, existing.isEmpty());
    }

    /**
     * Why a listing can't be contacted: its owner can no longer receive messages (their listings were
     * hidden or closed with them), or there is no such public listing.
     */
    private Refusal listingGone(UUID listingId) {
        boolean ownerGone = listings.find(listingId, null, true)
                .map(l -> store.gone(l.ownerId()))
                .orElse(false);
        return ownerGone
                ? Refusal.forbidden("messaging.recipientGone")
                : Refusal.notFound("messaging.listing.notFound");
    }

    /**
     * Opens (or finds) the conversation between a customer and a listing's provider without a message,
     * e.g. when a transaction starts, so its messages continue where the two talked before.
     */
    @Transactional
    public UUID openConversation(UUID customerId, UUID listingId) {
        Optional<UUID> existing = store.conversationOf(listingId, customerId);
        if (existing.isPresent()) {
            return existing.get();
        }
        ListingView listing =
                listings.find(listingId, null, true).orElseThrow(() -> Refusal.notFound("messaging.listing.notFound"));
        if (listing.ownerId().equals(customerId)) {
            throw Refusal.invalidState("messaging.ownListing");
        }
        return store.start(listingId, listing.title(), customerId, listing.ownerId(), clock.instant());
    }

    /** Sends a message in a conversation of the sender's. */
    @Transactional
    public MessageView send(UUID senderId, UUID conversationId, @Nullable String text) {
        return send(senderId, conversationId, text, null);
    }

    /** @param tab the page it was sent from, which the live feed then leaves out */
    @Transactional
    MessageView send(UUID senderId, UUID conversationId, @Nullable String text, @Nullable String tab) {
        String body = checkText(text);
        accounts.requireVerified(senderId);
        return post(senderId, conversationId, body, tab);
    }

    /**
     * Two statements: one that checks everything and locks the conversation, one that writes. The
     * members' verification comes from accounts (free when the request authenticated the sender).
     */
    private MessageView post(UUID senderId, UUID conversationId, String body, @Nullable String tab) {
        PostCheck check = store.checkPost(conversationId, senderId)
                // someone else's conversation is not found, as if it did not exist
                .orElseThrow(() -> Refusal.notFound("messaging.conversation.notFound"));
        if (check.blockedBySender()) {
            throw Refusal.forbidden("messaging.blocked.byYou");
        }
        if (check.blockedByRecipient()) {
            throw Refusal.forbidden("messaging.blocked.byThem");
        }
        if (check.recipientGone()) {
            throw Refusal.forbidden("messaging.recipientGone");
        }
        Instant now = clock.instant();
        UUID messageId = UUID.randomUUID();
        Posted posted = store.addMessage(
                messageId,
                conversationId,
                senderId,
                check.recipientId(),
                body,
                now,
                MESSAGES_PER_MINUTE,
                MESSAGE_WINDOW,
                LiveFeed.messageNotice(conversationId, messageId, tab));
        MessageView message = posted.message();
        if (message == null) {
            // nothing was written
            throw Refusal.rateLimited(
                    Duration.between(now, posted.limitedSince().plus(MESSAGE_WINDOW)));
        }
        events.publishEvent(new MessageSent(conversationId, message.id(), senderId, check.recipientId(), now));
        return message;
    }

    /** Marks the conversation read up to now: the other side sees "seen" on its messages. */
    @Transactional
    public ConversationView markRead(UUID memberId, UUID conversationId) {
        Row row = participant(conversationId, memberId);
        if (row.unreadCount() > 0 && store.markRead(conversationId, memberId, clock.instant())) {
            feed.announceSeen(conversationId, memberId);
            return conversation(memberId, conversationId);
        }
        return view(row, new HashMap<>());
    }

    // --- safety ----------------------------------------------------------------------------------

    /** The member receives no messages from the other, nor can send them any; their history stays. */
    @Transactional
    public void block(UUID memberId, UUID otherId) {
        if (memberId.equals(otherId)) {
            throw Refusal.invalidState("messaging.block.self");
        }
        if (accounts.account(otherId).isEmpty()) {
            throw Refusal.notFound("messaging.member.notFound");
        }
        store.block(memberId, otherId, clock.instant());
    }

    @Transactional
    public void unblock(UUID memberId, UUID otherId) {
        store.unblock(memberId, otherId);
    }

    @Transactional(readOnly = true)
    public boolean blocks(UUID memberId, UUID otherId) {
        return store.blocks(memberId, otherId);
    }

    /** A participant asks the operator to look at the conversation; limited per member. */
    public ConversationReport report(UUID memberId, UUID conversationId, @Nullable String reason) {
        rateLimits.take(reports.key(memberId));
        return Objects.requireNonNull(transactions.execute(status -> fileReport(memberId, conversationId, reason)));
    }

    private ConversationReport fileReport(UUID memberId, UUID conversationId, @Nullable String reason) {
        participant(conversationId, memberId);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw InvalidInput.of("reason", "validation.required");
        }
        if (why.codePointCount(0, why.length()) > REASON_MAX) {
            throw InvalidInput.of("reason", "validation.length", 1, REASON_MAX);
        }
        if (!Text.acceptable(why)) {
            throw InvalidInput.of("reason", "validation.characters");
        }
        return report(store.addReport(conversationId, memberId, why, clock.instant()), new HashMap<>());
    }

    // --- operators -------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<ConversationReport> reports(ReportStatus status, int limit) {
        Map<UUID, MemberCard> cards = new HashMap<>();
        return store.reports(status, Math.max(1, Math.min(limit, 500))).stream()
                .map(r -> report(r, cards))
                .toList();
    }

    /** The reports about one conversation, newest first. */
    @Transactional(readOnly = true)
    public List<ConversationReport> reportsOf(UUID conversationId) {
        Map<UUID, MemberCard> cards = new HashMap<>();
        return store.reportsOf(conversationId).stream()
                .map(r -> report(r, cards))
                .toList();
    }

    /**
     * A reported conversation, for the operator: seen from the customer's side. Conversations nobody
     * reported stay private, also to operators (404).
     */
    @Transactional(readOnly = true)
    public ConversationView reportedConversation(UUID conversationId) {
        if (store.reportsOf(conversationId).isEmpty()) {
            throw Refusal.notFound("messaging.conversation.notFound");
        }
        return conversation(store.customerOf(conversationId), conversationId);
    }

    @Transactional(readOnly = true)
    public MessagePage reportedMessages(UUID conversationId, @Nullable String cursor, int limit) {
        reportedConversation(conversationId);
        return history(conversationId, cursor, limit);
    }

    @Transactional
    public void resolveReport(UUID operatorId, UUID reportId) {
        if (!store.resolveReport(reportId, operatorId, clock.instant())) {
            throw Refusal.invalidState("messaging.report.notOpen");
        }
    }

    /** A member as conversations show them. */
    @Transactional(readOnly = true)
    public MemberCard member(UUID memberId) {
        return card(memberId, new HashMap<>());
    }

    // --- mail preference -------------------------------------------------------------------------

    /** Whether the member wants mail about unread messages; yes unless they said no. */
    @Transactional(readOnly = true)
    public boolean messageEmails(UUID memberId) {
        return store.messageEmails(memberId);
    }

    @Transactional
    public void setMessageEmails(UUID memberId, boolean enabled) {
        store.setMessageEmails(memberId, enabled);
    }

    // --- internals -------------------------------------------------------------------------------

    void refreshListingTitle(UUID listingId) {
        listings.find(listingId, null, true).ifPresent(l -> store.refreshListingTitle(listingId, l.title()));
    }

    private Row participant(UUID conversationId, UUID memberId) {
        // someone else's conversation is not found, as if it did not exist
        return store.find(conversationId, memberId)
                .orElseThrow(() -> Refusal.notFound("messaging.conversation.notFound"));
    }

    private MessagePage history(UUID conversationId, @Nullable String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        Long before = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw InvalidInput.of("cursor", "messaging.cursor.invalid");
            }
        }
        List<Sequenced> rows = store.history(conversationId, before, size + 1);
        List<MessageView> items =
                rows.stream().limit(size).map(Sequenced::message).toList();
        String next = rows.size() > size ? Long.toString(rows.get(size - 1).seq()) : null;
        return new MessagePage(items, next);
    }

    private static String checkText(@Nullable String text) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw InvalidInput.of("text", "validation.required");
        }
        if (body.codePointCount(0, body.length()) > TEXT_MAX) {
            throw InvalidInput.of("text", "validation.length", 1, TEXT_MAX);
        }
        if (!Text.acceptable(body)) {
            throw InvalidInput.of("text", "messaging.text.invalid");
        }
        return body;
    }

    private void requireNotBlocked(UUID senderId, UUID recipientId) {
        if (store.blocks(senderId, recipientId)) {
            throw Refusal.forbidden("messaging.blocked.byYou");
        }
        if (store.blocks(recipientId, senderId)) {
            throw Refusal.forbidden("messaging.blocked.byThem");
        }
    }

    private void requireRecipient(UUID recipientId) {
        if (store.gone(recipientId)) {
            throw Refusal.forbidden("messaging.recipientGone");
        }
    }

    private void requireUnderLimits(UUID memberId, boolean starting, Instant now) {
        Optional<Instant> free = store.messagesFreeAt(memberId, MESSAGES_PER_MINUTE, MESSAGE_WINDOW, now);
        if (starting && free.isEmpty() && young(memberId, now)) {
            free = store.conversationsFreeAt(memberId, NEW_CONVERSATIONS_PER_HOUR, Duration.ofHours(1), now);
        }
        if (free.isPresent()) {
            throw Refusal.rateLimited(Duration.between(now, free.get()));
        }
    }

    private boolean young(UUID memberId, Instant now) {
        return accounts.profile(memberId)
                .map(MemberProfile::memberSince)
                .map(since -> since.isAfter(now.minus(YOUNG_ACCOUNT)))
                .orElse(true);
    }

    private ConversationView view(Row row, Map<UUID, MemberCard> cards) {
        return new ConversationView(
                row.id(),
                row.listingId(),
                row.listingTitle(),
                row.customerId(),
                row.providerId(),
                row.viewerId(),
                card(row.otherId(), cards),
                row.lastMessage(),
                row.unreadCount(),
                row.blockedByViewer(),
                row.blockedByOther(),
                row.createdAt());
    }

    private ConversationReport report(ReportRow r, Map<UUID, MemberCard> cards) {
        return new ConversationReport(
                r.id(),
                r.conversationId(),
                r.listingTitle(),
                card(r.reporterId(), cards),
                r.reason(),
                r.status(),
                r.createdAt(),
                r.resolvedAt());
    }

    private MemberCard card(UUID memberId, Map<UUID, MemberCard> cards) {
        return cards.computeIfAbsent(
                memberId,
                id -> accounts.profile(id)
                        .map(p -> p.deleted()
                                ? new MemberCard(id, "", null, true, true)
                                : new MemberCard(id, p.displayName(), p.avatarThumbUrl(), false, false))
                        // suspended: no public profile while it lasts
                        .orElseGet(() -> new MemberCard(id, "", null, true, false)));
    }

    /** Where an inbox page ends: the last conversation's latest message time and id. */
    record InboxCursor(Instant at, UUID id) {

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((at.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static InboxCursor parse(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                return new InboxCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw InvalidInput.of("cursor", "messaging.cursor.invalid");
            }
        }
    }
}
