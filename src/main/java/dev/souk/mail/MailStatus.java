package dev.souk.mail;

import java.util.Locale;

/** Where a mail in the outbox stands. */
enum MailStatus {
    /** Waiting for its first or next delivery attempt. */
    PENDING,
    /** Handed to the SMTP server. */
    SENT,
    /** Not sent because no SMTP server is configured; logged and shown to operators instead. */
    KEPT,
    /** Given up after too many failed attempts. */
    FAILED;

    String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MailStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
