package dev.souk.accounts;

import java.sql.Timestamp;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.stereotype.Component;

/**
 * The "keep me signed in" tokens, stored as the SHA-256 of the token in the cookie: a copy of the table
 * signs nobody in. What Spring Security reads back as a token's value is that hash, so {@link
 * RememberMe} hashes the cookie's token before comparing.
 */
@Component
class RememberMeTokens implements PersistentTokenRepository {

    private final JdbcClient jdbc;

    RememberMeTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The form in which a token's value is kept and compared. */
    static String hash(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(SecretTokens.hash(token));
    }

    @Override
    public void createNewToken(PersistentRememberMeToken token) {
        jdbc.sql("""
                INSERT INTO remember_me_tokens (series, member_id, token_hash, last_used)
                VALUES (:series, :member, :hash, :used)""")
                .param("series", token.getSeries())
                .param("member", UUID.fromString(token.getUsername()))
                .param("hash", SecretTokens.hash(token.getTokenValue()))
                .param("used", new Timestamp(token.getDate().getTime()))
                .update();
    }

    @Override
    public void updateToken(String series, String tokenValue, Date lastUsed) {
        jdbc.sql("UPDATE remember_me_tokens SET token_hash = :hash, last_used = :used WHERE series = :series")
                .param("hash", SecretTokens.hash(tokenValue))
                .param("used", new Timestamp(lastUsed.getTime()))
                .param("series", series)
                .update();
    }

    @Override
    public @Nullable PersistentRememberMeToken getTokenForSeries(String series) {
        return jdbc.sql("SELECT member_id, token_hash, last_used FROM remember_me_tokens WHERE series = :series")
                .param("series", series)
                .query((rs, n) -> new PersistentRememberMeToken(
                        rs.getObject("member_id", UUID.class).toString(),
                        series,
                        Base64.getUrlEncoder().withoutPadding().encodeToString(rs.getBytes("token_hash")),
                        new Date(rs.getTimestamp("last_used").getTime())))
                .optional()
                .orElse(null);
    }

    /** Spring Security names members by their id (see {@link MemberDetails}). */
    @Override
    public void removeUserTokens(String memberId) {
        try {
            removeAll(UUID.fromString(memberId));
        } catch (IllegalArgumentException notAMember) {
            // nobody else has tokens
        }
    }

    void removeAll(UUID memberId) {
        jdbc.sql("DELETE FROM remember_me_tokens WHERE member_id = :member")
                .param("member", memberId)
                .update();
    }
}
