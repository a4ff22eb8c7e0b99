package dev.souk.accounts;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An API token as listed on the security page; the secret itself is shown once, at creation. */
public record ApiToken(
        UUID id,
        String label,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant lastUsedAt) {}
