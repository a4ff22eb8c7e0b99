package dev.souk.messaging;

import dev.souk.infra.ChangeNotices;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * All SQL of the messaging module's tables; the facade decides, this reads and writes. One class, above
 * the usual size, because the statements on conversations, participants and messages keep the same
 * counters and take the same locks, and are only checked to agree when read side by side.
 */
@Repository
class ConversationStore {

    /** A conversation as one participant sees it, before the other member's profile is looked up. */
    record Row(
            UUID id,
            UUID listingId,
            String listingTitle,
            UUID customerId,
            UUID providerId,
            Instant createdAt,
            UUID viewerId,
            UUID otherId,
            int unreadCount,
            Instant lastMessageAt,
            @Nullable MessageView lastMessage,
            boolean blockedByViewer,
            boolean blockedByOther) {}

    private static final String ROW_SELECT = """
            SELECT c.id, c.listing_id, c.listing_title, c.customer_id, c.provider_id, c.created_at,
                   p.member_id, p.other_id, p.unread_count, p.last_message_at,
                   m.id AS m_id, m.sender_id AS m_sender, m.body AS m_body, m.sent_at AS m_sent, m.seen_at AS m_seen,
                   EXISTS (SELECT 1 FROM member_blocks b
                            WHERE b.blocker_id = p.member_id AND b.blocked_id = p.other_id) AS blocked_by_viewer,
                   EXISTS (SELECT 1 FROM member_blocks b
                            WHERE b.blocker_id = p.other_id AND b.blocked_id = p.member_id) AS blocked_by_other
              FROM conversation_participants p
              JOIN conversations c ON c.id = p.conversation_id
              LEFT JOIN messages m ON m.id = c.last_message_id
            """;

    private static final String MESSAGE_COLUMNS = "id, conversation_id, sender_id, body, sent_at, seen_at, seq";

    private final JdbcClient jdbc;

    ConversationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- conversations ---------------------------------------------------------------------------

    Optional<Row> find(UUID conversationId, UUID viewerId) {
        return jdbc.sql(ROW_SELECT + " WHERE p.conversation_id = :id AND p.member_id = :viewer")
                .param("id", conversationId)
                .param("viewer", viewerId)
                .query(ConversationStore::row)
                .optional();
    }

    /** What a post checks before it writes: who receives it and whether anything stands in the way. */
    record PostCheck(UUID recipientId, boolean blockedBySender, boolean blockedByRecipient, boolean recipientGone) {}

    /**
     * One statement for every check of a post, which also locks the conversation, so that concurrent
     * sends to it queue up and its last message is the newest. Sends lock the conversation before its
     * participants' rows, so two can't deadlock. Empty if the sender takes no part in the conversation.
     */
    Optional<PostCheck> checkPost(UUID conversationId, UUID senderId) {
        return jdbc.sql("""
                SELECT p.other_id,
                       EXISTS (SELECT 1 FROM member_blocks b
                                WHERE b.blocker_id = p.member_id AND b.blocked_id = p.other_id) AS blocked_by_sender,
                       EXISTS (SELECT 1 FROM member_blocks b
                                WHERE b.blocker_id = p.other_id AND b.blocked_id = p.member_id) AS blocked_by_recipient,
                       EXISTS (SELECT 1 FROM conversation_members_gone g WHERE g.member_id = p.other_id) AS gone
                  FROM conversation_participants p
                  JOIN conversations c ON c.id = p.conversation_id
                 WHERE p.conversation_id = :id AND p.member_id = :sender
                   FOR UPDATE OF c""")
                .param("id", conversationId)
                .param("sender", senderId)
                .query((rs, n) -> new PostCheck(
                        rs.getObject("other_id", UUID.class),
                        rs.getBoolean("blocked_by_sender"),
                        rs.getBoolean("blocked_by_recipient"),
                        rs.getBoolean("gone")))
                .optional();
    }

    /** The customer of a conversation that exists. */
    UUID customerOf(UUID conversationId) {
        return jdbc.sql("SELECT customer_id FROM conversations WHERE id = :id")
                .param("id", conversationId)
                .query(UUID.class)
                .single();
    }

    Optional<UUID> conversationOf(UUID listingId, UUID customerId) {
        return jdbc.sql("SELECT id FROM conversations WHERE listing_id = :listing AND customer_id = :customer")
                .param("listing", listingId)
                .param("customer", customerId)
                .query(UUID.class)
                .optional();
    }

    /**
     * Starts the conversation unless it exists; a concurrent start of the same one finds the other's
     * row (the unique key decides).
     */
    UUID start(UUID listingId, String listingTitle, UUID customerId, UUID providerId, Instant now) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                INSERT INTO conversations (id, listing_id, listing_title, customer_id, provider_id, created_at)
                VALUES (:id, :listing, :title, :customer, :provider, :now)
                ON CONFLICT (listing_id, customer_id) DO NOTHING""")
                .param("id", id)
                .param("listing", listingId)
                .param("title", listingTitle)
                .param("customer", customerId)
                .param("provider", providerId)
                .param("now", Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return conversationOf(listingId, customerId).orElseThrow();
        }
        jdbc.sql("""
                INSERT INTO conversation_participants (conversation_id, member_id, other_id, last_message_at)
                VALUES (:id, :customer, :provider, :now), (:id, :provider, :customer, :now)""")
                .param("id", id)
                .param("customer", customerId)
                .param("provider", providerId)
                .param("now", Timestamp.from(now))
                .update();
        return id;
    }

    /** The viewer's conversations, latest message first, after the keyset position if given. */
    List<Row> inbox(UUID viewerId, @Nullable Instant afterAt, @Nullable UUID afterId, int limit) {
        String where = afterAt == null
                ? " WHERE p.member_id = :viewer"
                : " WHERE p.member_id = :viewer AND (p.last_message_at, p.conversation_id) < (:at, :after)";
        var sql = jdbc.sql(ROW_SELECT + where + " ORDER BY p.last_message_at DESC, p.conversation_id DESC LIMIT :limit")
                .param("viewer", viewerId)
                .param("limit", limit);
        if (afterAt != null) {
            sql = sql.param("at", Timestamp.from(afterAt)).param("after", afterId);
        }
        return sql.query(ConversationStore::row).list();
    }

    /** Every conversation the member takes part in, oldest first. */
    List<Row> everyOf(UUID memberId) {
        return jdbc.sql(ROW_SELECT + " WHERE p.member_id = :viewer ORDER BY c.created_at, c.id")
                .param("viewer", memberId)
                .query(ConversationStore::row)
                .list();
    }

    /** Every message of every conversation the member takes part in, in the order they were sent. */
    List<MessageView> everyMessageOf(UUID memberId) {
        return jdbc.sql("SELECT " + MESSAGE_COLUMNS + """
                         FROM messages
                        WHERE conversation_id IN (SELECT conversation_id FROM conversation_participants
                                                   WHERE member_id = :member)
                        ORDER BY seq""")
                .param("member", memberId)
                .query((rs, n) -> message(rs, ""))
                .list();
    }

    int unreadCount(UUID memberId) {
        return jdbc.sql("""
                SELECT coalesce(sum(unread_count), 0) FROM conversation_participants
                 WHERE member_id = :member AND unread_count > 0""").param("member", memberId).query(Integer.class).single();
    }

    void refreshListingTitle(UUID listingId, String title) {
        jdbc.sql(
                        "UPDATE conversations SET listing_title = :title WHERE listing_id = :listing AND listing_title <> :title")
                .param("title", title)
                .param("listing", listingId)
                .update();
    }

    // --- messages --------------------------------------------------------------------------------

    /** A message written, or the instant its sender's rate limit refused it since. */
    record Posted(@Nullable MessageView message, @Nullable Instant limitedSince) {}

    /**
     * Writes a message in one statement, unless its sender already sent {@code limit} messages within
     * {@code window}: the message, the conversation's last message, both participants' inbox order and
     * the recipient's unread count, and the live feed's notice (delivered on commit). The limit is read
     * in this statement, after the conversation was locked, so sends queued on that lock count each other.
     *
     * @param notice the payload of the {@code NOTIFY} on {@link ChangeNotices#CHANNEL}
     */
    Posted addMessage(
            UUID messageId,
            UUID conversationId,
            UUID senderId,
            UUID recipientId,
            String text,
            Instant now,
            int limit,
            Duration window,
            String notice) {
        Timestamp at = Timestamp.from(now);
        return jdbc.sql("""
                WITH limited AS (
                    SELECT (SELECT sent_at FROM messages WHERE sender_id = :sender AND sent_at > :since
                             ORDER BY sent_at DESC OFFSET :skip LIMIT 1) AS since
                ), message AS (
                    INSERT INTO messages (id, conversation_id, sender_id, body, sent_at)
                    SELECT :id, :conversation, :sender, :body, CAST(:now AS timestamptz) FROM limited WHERE limited.since IS NULL
                    RETURNING id
                ), conversation AS (
                    UPDATE conversations c SET last_message_id = message.id FROM message WHERE c.id = :conversation
                ), participants AS (
                    -- both sides move up their inbox; the recipient gains an unread message
                    UPDATE conversation_participants p
                       SET last_message_at = :now,
                           unread_count = CASE WHEN p.member_id = :recipient THEN p.unread_count + 1 ELSE p.unread_count END,
                           first_unread_at = CASE WHEN p.member_id = :recipient
                                                  THEN coalesce(p.first_unread_at, :now) ELSE p.first_unread_at END
                      FROM message
                     WHERE p.conversation_id = :conversation
                )
                SELECT limited.since, (SELECT count(*) FROM message, LATERAL pg_notify(:channel, :notice)) AS sent
                  FROM limited""")
                .param("id", messageId)
                .param("conversation", conversationId)
                .param("sender", senderId)
                .param("recipient", recipientId)
                .param("body", text)
                .param("now", at)
                .param("since", Timestamp.from(now.minus(window)))
                .param("skip", limit - 1)
                .param("channel", ChangeNotices.CHANNEL)
                .param("notice", notice)
                .query((rs, n) -> rs.getInt("sent") == 1
                        ? new Posted(new MessageView(messageId, conversationId, senderId, text, now, null), null)
                        : new Posted(null, rs.getTimestamp("since").toInstant()))
                .single();
    }

    /** Whether the member can no longer receive messages (suspended or deleted account). */
    boolean gone(UUID memberId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM conversation_members_gone WHERE member_id = :member)")
                .param("member", memberId)
                .query(Boolean.class)
                .single();
    }

    void memberGone(UUID memberId, GoneReason reason, Instant now) {
        jdbc.sql("""
                INSERT INTO conversation_members_gone (member_id, reason, since) VALUES (:member, :reason, :now)
                ON CONFLICT (member_id) DO UPDATE SET reason = excluded.reason, since = excluded.since
                 WHERE conversation_members_gone.reason <> 'deleted'""")
                .param("member", memberId)
                .param("reason", reason.column())
                .param("now", Timestamp.from(now))
                .update();
    }

    /** A reinstated member receives messages again; a deleted one never does. */
    void memberBack(UUID memberId) {
        jdbc.sql("DELETE FROM conversation_members_gone WHERE member_id = :member AND reason = 'suspended'")
                .param("member", memberId)
                .update();
    }

    enum GoneReason {
        SUSPENDED,
        DELETED;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A page of history, newest first, older than the message of sequence {@code beforeSeq} if given. */
    List<Sequenced> history(UUID conversationId, @Nullable Long beforeSeq, int limit) {
        String where = beforeSeq == null ? "" : " AND seq < :before";
        var sql = jdbc.sql("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE conversation_id = :conversation" + where
                        + " ORDER BY seq DESC LIMIT :limit")
                .param("conversation", conversationId)
                .param("limit", limit);
        if (beforeSeq != null) {
            sql = sql.param("before", beforeSeq);
        }
        return sql.query((rs, n) -> new Sequenced(message(rs, ""), rs.getLong("seq")))
                .list();
    }

    record Sequenced(MessageView message, long seq) {}

    Optional<MessageView> message(UUID conversationId, UUID messageId) {
        return jdbc.sql("SELECT " + MESSAGE_COLUMNS
                        + " FROM messages WHERE id = :id AND conversation_id = :conversation")
                .param("id", messageId)
                .param("conversation", conversationId)
                .query((rs, n) -> message(rs, ""))
                .optional();
    }

    /**
     * Marks everything the other participant sent as seen by the reader.
     *
     * @return whether anything was unread
     */
    boolean markRead(UUID conversationId, UUID readerId, Instant now) {
        int seen = jdbc.sql("""
                UPDATE messages SET seen_at = :now
                 WHERE conversation_id = :conversation AND sender_id <> :reader AND seen_at IS NULL""")
                .param("now", Timestamp.from(now))
                .param("conversation", conversationId)
                .param("reader", readerId)
                .update();
        jdbc.sql("""
                UPDATE conversation_participants
                   SET unread_count = 0, first_unread_at = NULL, last_read_at = :now
                 WHERE conversation_id = :conversation AND member_id = :reader""")
                .param("now", Timestamp.from(now))
                .param("conversation", conversationId)
                .param("reader", readerId)
                .update();
        return seen > 0;
    }

    /**
     * When the member may send again if the last {@code limit} messages they sent fall within
     * {@code window}; empty if they are under the limit.
     */
    Optional<Instant> messagesFreeAt(UUID senderId, int limit, Duration window, Instant now) {
        return jdbc.sql("""
                SELECT sent_at FROM messages WHERE sender_id = :sender AND sent_at > :since
                 ORDER BY sent_at DESC OFFSET :skip LIMIT 1""")
                .param("sender", senderId)
                .param("since", Timestamp.from(now.minus(window)))
                .param("skip", limit - 1)
                .query(Timestamp.class)
                .optional()
                .map(t -> t.toInstant().plus(window));
    }

    /** As {@link #messagesFreeAt}, for conversations the member started. */
    Optional<Instant> conversationsFreeAt(UUID customerId, int limit, Duration window, Instant now) {
        return jdbc.sql("""
                SELECT created_at FROM conversations WHERE customer_id = :customer AND created_at > :since
                 ORDER BY created_at DESC OFFSET :skip LIMIT 1""")
                .param("customer", customerId)
                .param("since", Timestamp.from(now.minus(window)))
                .param("skip", limit - 1)
                .query(Timestamp.class)
                .optional()
                .map(t -> t.toInstant().plus(window));
    }

    // --- blocks ----------------------------------------------------------------------------------

    void block(UUID blockerId, UUID blockedId, Instant now) {
        jdbc.sql("""
                INSERT INTO member_blocks (blocker_id, blocked_id, created_at) VALUES (:blocker, :blocked, :now)
                ON CONFLICT DO NOTHING""")
                .param("blocker", blockerId)
                .param("blocked", blockedId)
                .param("now", Timestamp.from(now))
                .update();
    }

    void unblock(UUID blockerId, UUID blockedId) {
        jdbc.sql("DELETE FROM member_blocks WHERE blocker_id = :blocker AND blocked_id = :blocked")
                .param("blocker", blockerId)
                .param("blocked", blockedId)
                .update();
    }

    record Block(UUID memberId, Instant since) {}

    /** The members this member blocked, earliest first. */
    List<Block> blocksBy(UUID blockerId) {
        return jdbc.sql(
                        "SELECT blocked_id, created_at FROM member_blocks WHERE blocker_id = :blocker ORDER BY created_at")
                .param("blocker", blockerId)
                .query((rs, n) -> new Block(
                        rs.getObject("blocked_id", UUID.class),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /**
     * Forgets what only the member chose: whom they blocked and whether they wanted mail. Blocks of
     * them and reports they made stay with the members and operators they concern.
     */
    void forgetChoicesOf(UUID memberId) {
        jdbc.sql("DELETE FROM member_blocks WHERE blocker_id = :member")
                .param("member", memberId)
                .update();
        jdbc.sql("DELETE FROM message_email_preferences WHERE member_id = :member")
                .param("member", memberId)
                .update();
    }

    boolean blocks(UUID blockerId, UUID blockedId) {
        return jdbc.sql(
                        "SELECT EXISTS (SELECT 1 FROM member_blocks WHERE blocker_id = :blocker AND blocked_id = :blocked)")
                .param("blocker", blockerId)
                .param("blocked", blockedId)
                .query(Boolean.class)
                .single();
    }

    // --- reports ---------------------------------------------------------------------------------

    record ReportRow(
            UUID id,
            UUID conversationId,
            String listingTitle,
            UUID reporterId,
            String reason,
            ReportStatus status,
            Instant createdAt,
            @Nullable Instant resolvedAt) {}

    private static final String REPORT_SELECT = """
            SELECT r.id, r.conversation_id, c.listing_title, r.reporter_id, r.reason, r.status, r.created_at, r.resolved_at
              FROM conversation_reports r JOIN conversations c ON c.id = r.conversation_id
            """;

    ReportRow addReport(UUID conversationId, UUID reporterId, String reason, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO conversation_reports (id, conversation_id, reporter_id, reason, created_at)
                VALUES (:id, :conversation, :reporter, :reason, :now)""")
                .param("id", id)
                .param("conversation", conversationId)
                .param("reporter", reporterId)
                .param("reason", reason)
                .param("now", Timestamp.from(now))
                .update();
        return report(id).orElseThrow();
    }

    Optional<ReportRow> report(UUID id) {
        return jdbc.sql(REPORT_SELECT + " WHERE r.id = :id")
                .param("id", id)
                .query(ConversationStore::reportRow)
                .optional();
    }

    List<ReportRow> reports(ReportStatus status, int limit) {
        return jdbc.sql(REPORT_SELECT + " WHERE r.status = :status ORDER BY r.created_at DESC LIMIT :limit")
                .param("status", status.column())
                .param("limit", limit)
                .query(ConversationStore::reportRow)
                .list();
    }

    List<ReportRow> reportsBy(UUID reporterId) {
        return jdbc.sql(REPORT_SELECT + " WHERE r.reporter_id = :reporter ORDER BY r.created_at")
                .param("reporter", reporterId)
                .query(ConversationStore::reportRow)
                .list();
    }

    List<ReportRow> reportsOf(UUID conversationId) {
        return jdbc.sql(REPORT_SELECT + " WHERE r.conversation_id = :conversation ORDER BY r.created_at DESC")
                .param("conversation", conversationId)
                .query(ConversationStore::reportRow)
                .list();
    }

    boolean resolveReport(UUID id, UUID operatorId, Instant now) {
        return jdbc.sql("""
                UPDATE conversation_reports SET status = 'resolved', resolved_at = :now, resolved_by = :operator
                 WHERE id = :id AND status = 'open'""")
                        .param("now", Timestamp.from(now))
                        .param("operator", operatorId)
                        .param("id", id)
                        .update()
                > 0;
    }

    // --- mail preference -------------------------------------------------------------------------

    boolean messageEmails(UUID memberId) {
        return jdbc.sql("SELECT enabled FROM message_email_preferences WHERE member_id = :member")
                .param("member", memberId)
                .query(Boolean.class)
                .optional()
                .orElse(true);
    }

    void setMessageEmails(UUID memberId, boolean enabled) {
        jdbc.sql("""
                INSERT INTO message_email_preferences (member_id, enabled) VALUES (:member, :enabled)
                ON CONFLICT (member_id) DO UPDATE SET enabled = excluded.enabled""").param("member", memberId).param("enabled", enabled).update();
    }

    // --- mapping ---------------------------------------------------------------------------------

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("listing_id", UUID.class),
                rs.getString("listing_title"),
                rs.getObject("customer_id", UUID.class),
                rs.getObject("provider_id", UUID.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getObject("member_id", UUID.class),
                rs.getObject("other_id", UUID.class),
                rs.getInt("unread_count"),
                rs.getTimestamp("last_message_at").toInstant(),
                rs.getObject("m_id") == null ? null : message(rs, "m_"),
                rs.getBoolean("blocked_by_viewer"),
                rs.getBoolean("blocked_by_other"));
    }

    private static MessageView message(ResultSet rs, String prefix) throws SQLException {
        boolean joined = !prefix.isEmpty();
        Timestamp seen = rs.getTimestamp(joined ? "m_seen" : "seen_at");
        return new MessageView(
                rs.getObject(joined ? "m_id" : "id", UUID.class),
                rs.getObject(joined ? "id" : "conversation_id", UUID.class),
                rs.getObject(joined ? "m_sender" : "sender_id", UUID.class),
                rs.getString(joined ? "m_body" : "body"),
                rs.getTimestamp(joined ? "m_sent" : "sent_at").toInstant(),
                seen == null ? null : seen.toInstant());
    }

    private static ReportRow reportRow(ResultSet rs, int n) throws SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        return new ReportRow(
                rs.getObject("id", UUID.class),
                rs.getObject("conversation_id", UUID.class),
                rs.getString("listing_title"),
                rs.getObject("reporter_id", UUID.class),
                rs.getString("reason"),
                ReportStatus.ofColumn(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(),
                resolved == null ? null : resolved.toInstant());
    }

    /** A member's unread messages of one conversation that are due a mail, with the latest one's text. */
    record Due(
            UUID conversationId,
            UUID memberId,
            UUID otherId,
            String listingTitle,
            int unread,
            @Nullable String latest) {}

    /**
     * The participations due a mail: unread since before {@code graceEnd}, not mailed since {@code
     * quietEnd} nor since their last message, of members who didn't turn the mail off; claimed (locked,
     * skipping what another node holds) until the transaction ends.
     */
    List<Due> dueMails(Instant graceEnd, Instant quietEnd, int batch) {
        // "not active": the recipient has not read the conversation since the message arrived
        return jdbc.sql("""
                SELECT p.conversation_id, p.member_id, p.other_id, c.listing_title, p.unread_count,
                       (SELECT m.body FROM messages m WHERE m.id = c.last_message_id) AS latest
                  FROM conversation_participants p
                  JOIN conversations c ON c.id = p.conversation_id
                 WHERE p.unread_count > 0
                   AND p.first_unread_at <= :graceEnd
                   AND (p.last_mailed_at IS NULL
                        OR (p.last_mailed_at <= :quietEnd AND p.last_mailed_at < p.last_message_at))
                   AND NOT EXISTS (SELECT 1 FROM message_email_preferences e
                                    WHERE e.member_id = p.member_id AND NOT e.enabled)
                 ORDER BY p.first_unread_at
                 LIMIT :batch
                   FOR UPDATE OF p SKIP LOCKED""")
                .param("graceEnd", Timestamp.from(graceEnd))
                .param("quietEnd", Timestamp.from(quietEnd))
                .param("batch", batch)
                .query((rs, n) -> new Due(
                        rs.getObject("conversation_id", UUID.class),
                        rs.getObject("member_id", UUID.class),
                        rs.getObject("other_id", UUID.class),
                        rs.getString("listing_title"),
                        rs.getInt("unread_count"),
                        rs.getString("latest")))
                .list();
    }

    /** Marked even when no mail can go out (deleted account), so the row is not picked again. */
    void markMailed(UUID conversationId, UUID memberId, Instant now) {
        jdbc.sql("""
                UPDATE conversation_participants SET last_mailed_at = :now
                 WHERE conversation_id = :conversation AND member_id = :member""")
                .param("now", Timestamp.from(now))
                .param("conversation", conversationId)
                .param("member", memberId)
                .update();
    }
}
