package dev.souk.messaging;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The other participant as a conversation shows them: never their email address.
 *
 * @param gone the member deleted their account or was suspended; the history stays
 */
public record MemberCard(
        UUID id, String displayName, @Nullable String avatarUrl, boolean gone) {}
