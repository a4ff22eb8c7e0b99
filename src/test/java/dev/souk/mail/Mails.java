package dev.souk.mail;

import java.net.URI;

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
}
