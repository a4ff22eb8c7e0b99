package dev.souk.mail.view;

import org.jspecify.annotations.Nullable;

/** One mail as the operator's detail page shows it; {@code status} is the status's lower-case name. */
public record OutboxMailView(
        String id,
        String sender,
        String recipient,
        String subject,
        String status,
        int attempts,
        When created,
        @Nullable When sent,
        @Nullable When nextAttempt,
        @Nullable String lastError,
        String textBody) {}
