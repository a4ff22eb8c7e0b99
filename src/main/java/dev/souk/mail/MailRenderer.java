package dev.souk.mail;

import dev.souk.infra.SoukProperties;
import dev.souk.marketplace.Marketplace;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Turns a {@link MailMessage} into the sender, text part and HTML part of a mail in the marketplace's look. */
@Component
class MailRenderer {

    private final TemplateEngine templates;
    private final MessageSource messages;
    private final Marketplace marketplace;
    private final SoukProperties properties;

    MailRenderer(TemplateEngine templates, MessageSource messages, Marketplace marketplace, SoukProperties properties) {
        this.templates = templates;
        this.messages = messages;
        this.marketplace = marketplace;
        this.properties = properties;
    }

    record Rendered(String sender, String text, String html) {}

    Rendered render(MailMessage message) {
        String brand = marketplace.settings().name();
        // the caller words the message in the current request's language; our own few words follow it
        Locale locale = LocaleContextHolder.getLocale();
        String homeUrl = properties.baseUrl();
        String linkHint = messages.getMessage("mail.message.linkHint", null, locale);
        String sentBy = messages.getMessage("mail.message.sentBy", new Object[] {brand}, locale);
        String unsubscribe = messages.getMessage("mail.message.unsubscribe", null, locale);
        return new Rendered(
                sender(brand),
                text(message, sentBy, homeUrl, unsubscribe),
                html(message, brand, homeUrl, linkHint, sentBy, unsubscribe, locale));
    }

    /** The address of {@code souk.mail-from}, under the marketplace's current name. */
    private String sender(String brand) {
        try {
            InternetAddress configured = new InternetAddress(properties.mailFrom(), true);
            return new InternetAddress(configured.getAddress(), brand, StandardCharsets.UTF_8.name()).toUnicodeString();
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalStateException("souk.mail-from is not a mail address: " + properties.mailFrom(), e);
        }
    }

    private static String text(MailMessage message, String sentBy, String homeUrl, String unsubscribe) {
        var text = new StringBuilder(message.heading()).append("\n\n");
        for (String paragraph : message.paragraphs()) {
            text.append(paragraph).append("\n\n");
        }
        if (message.action() != null) {
            // the bare address on a line of its own, so every mail client makes it clickable
            text.append(message.action().label()).append(":\n");
            text.append(message.action().url()).append("\n\n");
        }
        if (message.footnote() != null) {
            text.append(message.footnote()).append("\n\n");
        }
        if (message.preferences() != null) {
            text.append(message.preferences().label()).append(":\n");
            text.append(message.preferences().url()).append("\n\n");
        }
        if (message.unsubscribe() != null) {
            text.append(unsubscribe).append(":\n");
            text.append(message.unsubscribe()).append("\n\n");
        }
        return text.append("-- \n")
                .append(sentBy)
                .append('\n')
                .append(homeUrl)
                .append('\n')
                .toString();
    }

    private String html(
            MailMessage message,
            String brand,
            String homeUrl,
            String linkHint,
            String sentBy,
            String unsubscribe,
            Locale locale) {
        var html = new StringOutput();
        templates.render(
                "mail/message.jte",
                Map.of(
                        "message", message,
                        "brand", brand,
                        "homeUrl", homeUrl,
                        "linkHint", linkHint,
                        "sentBy", sentBy,
                        "unsubscribe", unsubscribe,
                        "lang", locale.toLanguageTag()),
                html);
        return html.toString();
    }
}
