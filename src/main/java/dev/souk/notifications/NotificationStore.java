package dev.souk.notifications;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code notifications} and {@code notification_preferences} tables. */
@Repository
class NotificationStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    NotificationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds the notification unless the member was told of this event already; its id if it is new. The
     * unique key (event, member), not a look first, is what keeps a repeated event from telling twice.
     */
    Optional<UUID> add(
            UUID memberId, Category category, String sourceKey, String title, String text, String link, Instant now) {
        return jdbc.sql("""
                INSERT INTO notifications (id, member_id, category, source_key, title, body, link, created_at)
                VALUES (:id, :member, :category, :source, :title, :body, :link, :now)
                ON CONFLICT (source_key, member_id) DO NOTHING
                RETURNING id""")
                .param("id", timeOrderedId(now))
                .param("member", memberId)
                .param("category", category.key())
                .param("source", sourceKey)
                .param("title", title)
                .param("body", text)
                .param("link", link)
                .param("now", Timestamp.from(now))
                .query(UUID.class)
                .optional();
    }

    /** The member's newest notifications, older than {@code before} if given; ids order them by time. */
    List<Notification> newest(UUID memberId, @Nullable UUID before, int limit) {
        return jdbc.sql("""
                SELECT * FROM notifications
                 WHERE member_id = :member AND (CAST(:before AS uuid) IS NULL OR id < :before)
                 ORDER BY id DESC
                 LIMIT :limit""")
                .param("member", memberId)
                .param("before", before)
                .param("limit", limit)
                .query(NotificationStore::notification)
                .list();
    }

    /** One index-only count: the bell is on every page. */
    int unreadCount(UUID memberId) {
        return jdbc.sql("SELECT count(*) FROM notifications WHERE member_id = :member AND read_at IS NULL")
                .param("member", memberId)
                .query(Integer.class)
                .single();
    }

    Optional<Notification> find(UUID memberId, UUID id) {
        return jdbc.sql("SELECT * FROM notifications WHERE id = :id AND member_id = :member")
                .param("id", id)
                .param("member", memberId)
                .query(NotificationStore::notification)
                .optional();
    }

    /** Whether the member has this notification; it is read now unless it was before. */
    boolean markRead(UUID memberId, UUID id, Instant now) {
        return jdbc.sql("""
                UPDATE notifications SET read_at = coalesce(read_at, :now)
                 WHERE id = :id AND member_id = :member""")
                        .param("id", id)
                        .param("member", memberId)
                        .param("now", Timestamp.from(now))
                        .update()
                > 0;
    }

    int markAllRead(UUID memberId, Instant now) {
        return jdbc.sql("UPDATE notifications SET read_at = :now WHERE member_id = :member AND read_at IS NULL")
                .param("member", memberId)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** The categories the member said something about: whether they want their mail. */
    Map<Category, Boolean> mailChoices(UUID memberId) {
        record Choice(String category, boolean mail) {}
        Map<Category, Boolean> choices = new EnumMap<>(Category.class);
        jdbc.sql("SELECT category, mail FROM notification_preferences WHERE member_id = :member")
                .param("member", memberId)
                .query((rs, n) -> new Choice(rs.getString("category"), rs.getBoolean("mail")))
                .list()
                .forEach(choice -> Category.ofKey(choice.category()).ifPresent(c -> choices.put(c, choice.mail())));
        return choices;
    }

    /** Mail is on unless the member turned it off. */
    boolean wantsMail(UUID memberId, Category category) {
        return jdbc.sql("SELECT mail FROM notification_preferences WHERE member_id = :member AND category = :category")
                .param("member", memberId)
                .param("category", category.key())
                .query(Boolean.class)
                .optional()
                .orElse(true);
    }

    void setMail(UUID memberId, Category category, boolean mail, Instant now) {
        jdbc.sql("""
                INSERT INTO notification_preferences (member_id, category, mail, updated_at)
                VALUES (:member, :category, :mail, :now)
                ON CONFLICT (member_id, category) DO UPDATE SET mail = excluded.mail, updated_at = excluded.updated_at""")
                .param("member", memberId)
                .param("category", category.key())
                .param("mail", mail)
                .param("now", Timestamp.from(now))
                .update();
    }

    void forget(UUID memberId) {
        jdbc.sql("DELETE FROM notifications WHERE member_id = :member")
                .param("member", memberId)
                .update();
        jdbc.sql("DELETE FROM notification_preferences WHERE member_id = :member")
                .param("member", memberId)
                .update();
    }

    private static Notification notification(ResultSet rs, int row) throws SQLException {
        Timestamp read = rs.getTimestamp("read_at");
        return new Notification(
                rs.getObject("id", UUID.class),
                Category.ofKey(rs.getString("category")).orElseThrow(),
                rs.getString("title"),
                rs.getString("body"),
                rs.getString("link"),
                rs.getTimestamp("created_at").toInstant(),
                read == null ? null : read.toInstant());
    }

    /** A version 7 UUID: ids sort by creation time, so the newest-first page is an index range. */
    private static UUID timeOrderedId(Instant now) {
        long mostSignificant = (now.toEpochMilli() << 16) | 0x7000L | (RANDOM.nextLong() & 0x0FFFL);
        long leastSignificant = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
