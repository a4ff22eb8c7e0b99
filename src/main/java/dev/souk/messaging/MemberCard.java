package dev.souk.messaging;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The other participant as a conversation shows them: never their email address.
 *
 * @param gone the member deleted their account or was suspended; the history stays
 * @param deleted the member deleted their account: shown as "Deleted member", as accounts promises
 */
public record MemberCard(
        UUID id, String displayName, @Nullable String avatarUrl, boolean gone, boolean deleted) {

    /** The message key of the name shown instead of a gone member's: "Deleted member" or "Former member". */
    public String placeholderKey() {
        return deleted ? "member.deleted" : "messaging.formerMember";
    }
}
