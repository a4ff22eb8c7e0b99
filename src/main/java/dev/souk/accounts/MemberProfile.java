package dev.souk.accounts;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What every visitor may see of a member. Never the email address. */
public record MemberProfile(
        UUID id,
        String displayName,
        String bio,
        String city,
        @Nullable String avatarUrl,
        @Nullable String avatarThumbUrl,
        Instant memberSince,
        boolean deleted) {}
