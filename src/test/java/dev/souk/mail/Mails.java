package dev.souk.mail;

import java.net.URI;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Mails as the modules that send them would describe them. */
final class Mails {

    private Mails() {}

    static MailMessage verification(String link) {
        return MailMessage.of(
                        "Confirm your email address",
                        "Welcome to the marketplace",
                        "You signed up with this address.",
                        "Confirm it to start listing and booking.")
                .withAction("Confirm my address", URI.create(link))
                .withFootnote("If you didn't sign up, ignore this mail.");
    }

    static MailMessage note(String subject) {
        return MailMessage.of(subject, "Just so you know", "Nothing needs doing.");
    }

    /** An address no other test mails to. */
    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    /** The status of the one mail to this address, as the outbox holds it. */
    static String status(JdbcClient jdbc, String to) {
        return jdbc.sql("SELECT status FROM mail_outbox WHERE recipient = :to")
                .param("to", to)
                .query(String.class)
                .single();
    }

    /** The id of the one mail to this address. */
    static String id(JdbcClient jdbc, String to) {
        return jdbc.sql("SELECT id FROM mail_outbox WHERE recipient = :to")
                .param("to", to)
                .query(UUID.class)
                .single()
                .toString();
    }
}
