package dev.souk.accounts;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/** Ends a member's sessions on every device: browser sessions, "remember me" tokens and API tokens. */
@Component
class SignOuts {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final RememberMeTokens rememberMeTokens;
    private final ApiTokens apiTokens;

    SignOuts(
            FindByIndexNameSessionRepository<? extends Session> sessions,
            RememberMeTokens rememberMeTokens,
            ApiTokens apiTokens) {
        this.sessions = sessions;
        this.rememberMeTokens = rememberMeTokens;
        this.apiTokens = apiTokens;
    }

    /** @param keepSessionId the session that asked for it, which stays signed in (null: none stays) */
    void everywhere(UUID memberId, @Nullable String keepSessionId) {
        sessions.findByPrincipalName(memberId.toString()).keySet().stream()
                .filter(id -> !id.equals(keepSessionId))
                .forEach(sessions::deleteById);
        rememberMeTokens.removeAll(memberId);
        apiTokens.revokeAll(memberId);
    }
}
