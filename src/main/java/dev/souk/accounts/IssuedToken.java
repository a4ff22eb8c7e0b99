package dev.souk.accounts;

import java.time.Instant;
import java.util.UUID;

/** A freshly created API token: the only moment its secret is known. */
public record IssuedToken(UUID id, String token, Instant expiresAt) {}
