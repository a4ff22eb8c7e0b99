package dev.souk.messaging;

import java.time.Instant;
import java.util.UUID;

/** A member sent a message; for notifications and other readers of conversations. */
public record MessageSent(UUID conversationId, UUID messageId, UUID senderId, UUID recipientId, Instant sentAt) {}
