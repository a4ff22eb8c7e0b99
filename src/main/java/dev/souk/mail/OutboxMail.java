package dev.souk.mail;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A row of the outbox: a rendered mail and how its delivery goes; its parts are gone once it is sent.
 *
 * @param unsubscribeUrl the one-click address for the {@code List-Unsubscribe} header, for mails the
 *     recipient may turn off
 */
record OutboxMail(
        UUID id,
        String sender,
        String recipient,
        String subject,
        @Nullable String textBody,
        @Nullable String htmlBody,
        @Nullable String unsubscribeUrl,
        MailStatus status,
        int attempts,
        @Nullable Instant nextAttemptAt,
        @Nullable String lastError,
        Instant createdAt,
        @Nullable Instant sentAt) {}
