package dev.souk.accounts;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/** Ends a member's sessions on every device: browser sessions, "remember me" tokens and API tokens. */
@Component
class SignOuts {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final JdbcClient jdbc;
    private final ApiTokens apiTokens;

    SignOuts(FindByIndexNameSessionRepository<? extends Session> sessions, JdbcClient jdbc, ApiTokens apiTokens) {
        this.sessions = sessions;
        this.jdbc = jdbc;
        this.apiTokens = apiTokens;
    }

    /** @param keepSessionId the session that asked for it, which stays signed in (null: none stays) */
    void everywhere(UUID memberId, @Nullable String keepSessionId) {
        sessions.findByPrincipalName(memberId.toString()).keySet().stream()
                .filter(id -> !id.equals(keepSessionId))
                .forEach(sessions::deleteById);
        jdbc.sql("DELETE FROM persistent_logins WHERE username = :member")
                .param("member", memberId.toString())
                .update();
        apiTokens.revokeAll(memberId);
    }
}
