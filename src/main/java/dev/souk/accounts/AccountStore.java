package dev.souk.accounts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads and writes {@code members}: the account, its password, email, profile, photo and status. Each
 * change is one statement; what it may change is decided by {@link Accounts}. The authenticator's
 * columns are {@link SecondFactorStore}'s, the tokens' tables {@link ApiTokens}', {@link EmailTokens}'
 * and {@link RememberMeTokens}'.
 */
@Component
class AccountStore {

    private final JdbcClient jdbc;

    AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- reading ---------------------------------------------------------------------------------

    Optional<Member> find(UUID id) {
        return jdbc.sql("SELECT " + Member.COLUMNS + " FROM members WHERE id = :id")
                .param("id", id)
                .query(Member::map)
                .optional();
    }

    Optional<Member> findByEmail(String email) {
        return jdbc.sql("SELECT " + Member.COLUMNS + " FROM members WHERE lower(email) = lower(:email)")
                .param("email", email)
                .query(Member::map)
                .optional();
    }

    boolean hasMembers() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM members)")
                .query(Boolean.class)
                .single();
    }

    /** Members not deleted whose name or email contains {@code query}, newest first. */
    List<Member> search(String query, int limit, int offset) {
        String like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("SELECT " + Member.COLUMNS + " " + """
                 FROM members
                 WHERE status <> 'deleted' AND (lower(display_name) LIKE :q OR lower(email) LIKE :q)
                 ORDER BY created_at DESC LIMIT :limit OFFSET :offset""")
                .param("q", like)
                .param("limit", limit)
                .param("offset", offset)
                .query(Member::map)
                .list();
    }

    List<Member> activeOperators() {
        return jdbc.sql("SELECT " + Member.COLUMNS
                        + " FROM members WHERE 'operator' = ANY (roles) AND status = 'active'")
                .query(Member::map)
                .list();
    }

    /** Locks the member's row until the transaction ends, so what is counted under it can't change. */
    void lock(UUID memberId) {
        jdbc.sql("SELECT id FROM members WHERE id = :member FOR UPDATE")
                .param("member", memberId)
                .query(UUID.class)
                .optional();
    }

    // --- writing ---------------------------------------------------------------------------------

    /**
     * A new member.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the email is taken
     */
    void insert(UUID id, String email, @Nullable Instant verifiedAt, String hash, String name, Instant now) {
        jdbc.sql("""
                INSERT INTO members (id, email, email_verified_at, password_hash, display_name, created_at)
                VALUES (:id, :email, :verified, :hash, :name, :now)""")
                .param("id", id)
                .param("email", email)
                .param("verified", verifiedAt == null ? null : Timestamp.from(verifiedAt))
                .param("hash", hash)
                .param("name", name)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** A new operator, verified now. */
    void insertOperator(UUID id, String email, String hash, String name, Instant now) {
        jdbc.sql("""
                INSERT INTO members (id, email, email_verified_at, password_hash, display_name, roles, created_at)
                VALUES (:id, :email, :now, :hash, :name, '{member,operator}', :now)""")
                .param("id", id)
                .param("email", email)
                .param("now", Timestamp.from(now))
                .param("hash", hash)
                .param("name", name)
                .update();
    }

    /** Makes an existing member an active, verified operator with this password. */
    void makeOperator(UUID id, String hash, Instant now) {
        jdbc.sql("""
                UPDATE members SET roles = roles || '{operator}', password_hash = :hash, status = 'active',
                       suspension_reason = NULL, email_verified_at = coalesce(email_verified_at, :now)
                 WHERE id = :id""")
                .param("hash", hash)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    void markVerified(UUID memberId, Instant now) {
        jdbc.sql("UPDATE members SET email_verified_at = coalesce(email_verified_at, :now) WHERE id = :id")
                .param("now", Timestamp.from(now))
                .param("id", memberId)
                .update();
    }

    void storeHash(UUID memberId, String hash) {
        jdbc.sql("UPDATE members SET password_hash = :hash WHERE id = :id")
                .param("hash", hash)
                .param("id", memberId)
                .update();
    }

    /** @return whether the password was still the one checked, and so was changed */
    boolean replaceHash(UUID memberId, @Nullable String checked, String hash) {
        return jdbc.sql("UPDATE members SET password_hash = :hash WHERE id = :id AND password_hash = :checked")
                        .param("hash", hash)
                        .param("id", memberId)
                        .param("checked", checked)
                        .update()
                > 0;
    }

    /**
     * The member's new, verified email.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the email is taken
     */
    void changeEmail(UUID memberId, String email, Instant now) {
        jdbc.sql("UPDATE members SET email = :email, email_verified_at = :now WHERE id = :id")
                .param("email", email)
                .param("now", Timestamp.from(now))
                .param("id", memberId)
                .update();
    }

    void updateProfile(UUID memberId, String name, String bio, String city) {
        jdbc.sql("UPDATE members SET display_name = :name, bio = :bio, city = :city WHERE id = :id")
                .param("name", name)
                .param("bio", bio)
                .param("city", city)
                .param("id", memberId)
                .update();
    }

    void setAvatar(UUID memberId, String imageId, String url, String thumbUrl) {
        jdbc.sql("""
                UPDATE members SET avatar_image_id = :image, avatar_url = :url, avatar_thumb_url = :thumb
                 WHERE id = :id""")
                .param("image", imageId)
                .param("url", url)
                .param("thumb", thumbUrl)
                .param("id", memberId)
                .update();
    }

    void removeAvatar(UUID memberId) {
        jdbc.sql("UPDATE members SET avatar_image_id = NULL, avatar_url = NULL, avatar_thumb_url = NULL WHERE id = :id")
                .param("id", memberId)
                .update();
    }

    void suspend(UUID memberId, String reason) {
        jdbc.sql("UPDATE members SET status = 'suspended', suspension_reason = :reason WHERE id = :id")
                .param("reason", reason)
                .param("id", memberId)
                .update();
    }

    /** @return whether the member was suspended, and so is reinstated */
    boolean reinstate(UUID memberId) {
        return jdbc.sql(
                                "UPDATE members SET status = 'active', suspension_reason = NULL WHERE id = :id AND status = 'suspended'")
                        .param("id", memberId)
                        .update()
                > 0;
    }

    /** Forgets everything personal of the row; it stays, named "Deleted member", for others' records. */
    void erase(UUID memberId, Instant now) {
        jdbc.sql("""
                UPDATE members SET email = NULL, password_hash = NULL, email_verified_at = NULL,
                       display_name = 'Deleted member', bio = '', city = '',
                       avatar_image_id = NULL, avatar_url = NULL, avatar_thumb_url = NULL,
                       status = 'deleted', deleted_at = :now
                 WHERE id = :id""").param("now", Timestamp.from(now)).param("id", memberId).update();
    }
}
