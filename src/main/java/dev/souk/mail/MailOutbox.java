package dev.souk.mail;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code mail_outbox} table. */
@Repository
class MailOutbox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ERROR_MAX = 1000;

    private final JdbcClient jdbc;

    MailOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID add(
            @Nullable UUID memberId,
            String sender,
            String recipient,
            String subject,
            String textBody,
            String htmlBody,
            @Nullable String unsubscribeUrl,
            Instant now) {
        UUID id = timeOrderedId(now);
        jdbc.sql("""
                INSERT INTO mail_outbox (id, member_id, sender, recipient, subject, text_body, html_body, unsubscribe_url,
                                         status, next_attempt_at, created_at)
                VALUES (:id, :member, :sender, :recipient, :subject, :text, :html, :unsubscribe, 'pending', :now, :now)""")
                .param("id", id)
                .param("member", memberId)
                .param("sender", sender)
                .param("recipient", recipient)
                .param("subject", subject)
                .param("text", textBody)
                .param("html", htmlBody)
                .param("unsubscribe", unsubscribeUrl)
                .param("now", Timestamp.from(now))
                .update();
        return id;
    }

    /**
     * Locks the oldest due mail for the caller's transaction. Rows another node has locked are skipped,
     * not waited for, so several sweeps share the work and never hold the same mail.
     */
    Optional<OutboxMail> lockNextDue(Instant now) {
        return jdbc.sql("""
                SELECT * FROM mail_outbox
                 WHERE status = 'pending' AND next_attempt_at <= :now
                 ORDER BY next_attempt_at
                 LIMIT 1
                   FOR UPDATE SKIP LOCKED""")
                .param("now", Timestamp.from(now))
                .query(MailOutbox::mail)
                .optional();
    }

    /** Like {@link #lockNextDue}, for one mail: empty if it is not due or someone else holds it. */
    Optional<OutboxMail> lockIfDue(UUID id, Instant now) {
        return jdbc.sql("""
                SELECT * FROM mail_outbox
                 WHERE id = :id AND status = 'pending' AND next_attempt_at <= :now
                   FOR UPDATE SKIP LOCKED""")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .query(MailOutbox::mail)
                .optional();
    }

    void recordAttempt(UUID id, Instant nextAttemptAt) {
        jdbc.sql("UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = :next WHERE id = :id")
                .param("id", id)
                .param("next", Timestamp.from(nextAttemptAt))
                .update();
    }

    /** Its links are of no more use to anyone but the recipient: the parts go. */
    void markSent(UUID id, Instant now) {
        jdbc.sql("""
                UPDATE mail_outbox SET status = 'sent', sent_at = :now, next_attempt_at = NULL, last_error = NULL,
                                       text_body = NULL, html_body = NULL
                 WHERE id = :id""").param("id", id).param("now", Timestamp.from(now)).update();
    }

    void markKept(UUID id) {
        jdbc.sql("UPDATE mail_outbox SET status = 'kept', next_attempt_at = NULL WHERE id = :id")
                .param("id", id)
                .update();
    }

    /** Records why an attempt failed; the next attempt stays as the claim scheduled it, unless this was the last. */
    void recordFailure(UUID id, String error, boolean giveUp) {
        jdbc.sql("""
                UPDATE mail_outbox
                   SET last_error = :error,
                       status = CASE WHEN :giveUp THEN 'failed' ELSE status END,
                       next_attempt_at = CASE WHEN :giveUp THEN NULL ELSE next_attempt_at END,
                       text_body = CASE WHEN :giveUp THEN NULL ELSE text_body END,
                       html_body = CASE WHEN :giveUp THEN NULL ELSE html_body END
                 WHERE id = :id""")
                .param("id", id)
                .param("error", error.length() > ERROR_MAX ? error.substring(0, ERROR_MAX) : error)
                .param("giveUp", giveUp)
                .update();
    }

    /** Deletes mails that are done (sent, kept or failed) and were made before {@code before}. */
    int deleteDoneBefore(Instant before) {
        return jdbc.sql("DELETE FROM mail_outbox WHERE status <> 'pending' AND created_at < :before")
                .param("before", Timestamp.from(before))
                .update();
    }

    Optional<OutboxMail> find(UUID id) {
        return jdbc.sql("SELECT * FROM mail_outbox WHERE id = :id")
                .param("id", id)
                .query(MailOutbox::mail)
                .optional();
    }

    /** The first page of the operator's list: newest first. */
    List<OutboxMail> newest(int limit) {
        return jdbc.sql("SELECT * FROM mail_outbox ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("limit", limit)
                .query(MailOutbox::mail)
                .list();
    }

    /** A later page: the mails created before {@code last}, the last mail of the previous page. */
    List<OutboxMail> newestBefore(UUID last, int limit) {
        return jdbc.sql("""
                SELECT * FROM mail_outbox
                 WHERE (created_at, id) < (SELECT created_at, id FROM mail_outbox WHERE id = :last)
                 ORDER BY created_at DESC, id DESC
                 LIMIT :limit""")
                .param("last", last)
                .param("limit", limit)
                .query(MailOutbox::mail)
                .list();
    }

    /** The mails for the member, or to the address (mail from before mails named their member), oldest first. */
    List<OutboxMail> ofMember(UUID memberId, @Nullable String address) {
        return jdbc.sql("""
                SELECT * FROM mail_outbox
                 WHERE member_id = :member OR lower(recipient) = lower(CAST(:address AS text))
                 ORDER BY created_at, id""")
                .param("member", memberId)
                .param("address", address)
                .query(MailOutbox::mail)
                .list();
    }

    /** Deletes the mails {@link #ofMember} finds; a mail being delivered right now goes once delivered. */
    int deleteOfMember(UUID memberId, @Nullable String address) {
        return jdbc.sql(
                        "DELETE FROM mail_outbox WHERE member_id = :member OR lower(recipient) = lower(CAST(:address AS text))")
                .param("member", memberId)
                .param("address", address)
                .update();
    }

    private static OutboxMail mail(ResultSet rs, int row) throws SQLException {
        return new OutboxMail(
                rs.getObject("id", UUID.class),
                rs.getString("sender"),
                rs.getString("recipient"),
                rs.getString("subject"),
                rs.getString("text_body"),
                rs.getString("html_body"),
                rs.getString("unsubscribe_url"),
                MailStatus.fromDb(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs, "sent_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** A version 7 UUID: ids sort by creation time, which keeps the primary key index compact. */
    private static UUID timeOrderedId(Instant now) {
        long random = RANDOM.nextLong();
        long mostSignificant = (now.toEpochMilli() << 16) | 0x7000L | (random & 0x0FFFL);
        long leastSignificant = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
