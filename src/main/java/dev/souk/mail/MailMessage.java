package dev.souk.mail;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One mail, described by its parts rather than its markup, so every mail Souk sends looks the same.
 * Texts are plain and already in the recipient's language; the mail module adds the brand, the layout
 * and both the text and the HTML rendering.
 *
 * @param subject the subject line
 * @param heading the first line of the body, shown large in HTML
 * @param paragraphs plain-text paragraphs, in order
 * @param action the one thing the recipient should do, if any: a button in HTML, the bare address in text
 * @param footnote small print under everything else, e.g. "If you didn't ask for this, ignore this mail."
 * @param preferences where the recipient turns mails like this one off, for mails they may turn off
 * @param unsubscribe the one-click address (RFC 8058) that turns mails like this one off without a
 *     sign-in; sent as the {@code List-Unsubscribe} header and shown as a link under everything else
 */
public record MailMessage(
        String subject,
        String heading,
        List<String> paragraphs,
        @Nullable Action action,
        @Nullable String footnote,
        @Nullable Action preferences,
        @Nullable URI unsubscribe) {

    public MailMessage {
        if (unsubscribe != null) {
            Action.requireWebAddress(unsubscribe);
        }
        if (subject.isBlank() || subject.contains("\r") || subject.contains("\n")) {
            throw new IllegalArgumentException("a mail subject is one non-blank line: " + subject);
        }
        paragraphs = List.copyOf(paragraphs);
    }

    public MailMessage(
            String subject,
            String heading,
            List<String> paragraphs,
            @Nullable Action action,
            @Nullable String footnote,
            @Nullable Action preferences) {
        this(subject, heading, paragraphs, action, footnote, preferences, null);
    }

    public static MailMessage of(String subject, String heading, String... paragraphs) {
        return new MailMessage(subject, heading, List.of(paragraphs), null, null, null);
    }

    public MailMessage withAction(String label, URI url) {
        return new MailMessage(
                subject, heading, paragraphs, new Action(label, url), footnote, preferences, unsubscribe);
    }

    public MailMessage withFootnote(String footnote) {
        return new MailMessage(subject, heading, paragraphs, action, footnote, preferences, unsubscribe);
    }

    /** A link to the page where the recipient turns mails like this one off. */
    public MailMessage withPreferences(String label, URI url) {
        return new MailMessage(subject, heading, paragraphs, action, footnote, new Action(label, url), unsubscribe);
    }

    /** The one-click address that turns mails like this one off; see {@link Unsubscribes#link}. */
    public MailMessage withUnsubscribe(URI oneClick) {
        return new MailMessage(subject, heading, paragraphs, action, footnote, preferences, oneClick);
    }

    /** A link the recipient should follow; absolute, because a mail has no page to be relative to. */
    public record Action(String label, URI url) {

        public Action {
            requireWebAddress(url);
        }

        static void requireWebAddress(URI url) {
            String scheme = url.getScheme();
            if (!url.isAbsolute() || !("https".equals(scheme) || "http".equals(scheme)) || url.getHost() == null) {
                throw new IllegalArgumentException("a mail links to absolute http(s) addresses only: " + url);
            }
        }
    }
}
