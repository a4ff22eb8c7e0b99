package dev.souk.mail.view;

import org.jspecify.annotations.Nullable;

/**
 * One mail as the operator's detail page shows it; {@code status} is the status's lower-case name.
 *
 * @param textBody the text part, null once the mail was sent
 * @param redacted whether the text's links are cut short
 * @param htmlShown whether the HTML part may be shown
 */
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
        @Nullable String textBody,
        boolean redacted,
        boolean htmlShown) {}
