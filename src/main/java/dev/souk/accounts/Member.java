package dev.souk.accounts;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code members}, as the module reads it. */
record Member(
        UUID id,
        @Nullable String email,
        @Nullable Instant emailVerifiedAt,
        @Nullable String passwordHash,
        String displayName,
        String bio,
        String city,
        @Nullable String avatarImageId,
        @Nullable String avatarUrl,
        @Nullable String avatarThumbUrl,
        Set<Role> roles,
        MemberStatus status,
        Instant createdAt,
        @Nullable Instant totpEnabledAt) {

    static final String COLUMNS = "id, email, email_verified_at, password_hash, display_name, bio, city, "
            + "avatar_image_id, avatar_url, avatar_thumb_url, roles, status, created_at, totp_enabled_at";

    static Member map(ResultSet rs, int row) throws SQLException {
        Array roles = rs.getArray("roles");
        Set<Role> roleSet = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) roles.getArray()).map(Role::ofColumn).forEach(roleSet::add);
        return new Member(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                instant(rs.getTimestamp("email_verified_at")),
                rs.getString("password_hash"),
                rs.getString("display_name"),
                rs.getString("bio"),
                rs.getString("city"),
                rs.getString("avatar_image_id"),
                rs.getString("avatar_url"),
                rs.getString("avatar_thumb_url"),
                roleSet,
                MemberStatus.ofColumn(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("totp_enabled_at")));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    boolean verified() {
        return emailVerifiedAt != null;
    }

    /** Whether signing in takes a code from an authenticator app after the password. */
    boolean secondFactor() {
        return totpEnabledAt != null;
    }

    MemberProfile profile() {
        return new MemberProfile(
                id, displayName, bio, city, avatarUrl, avatarThumbUrl, createdAt, status == MemberStatus.DELETED);
    }

    MemberAccount account() {
        return new MemberAccount(profile(), email, verified(), Set.copyOf(roles), status, secondFactor());
    }
}
