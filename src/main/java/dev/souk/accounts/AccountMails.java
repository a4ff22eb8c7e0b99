package dev.souk.accounts;

import dev.souk.infra.SoukProperties;
import dev.souk.mail.MailMessage;
import dev.souk.mail.Mailer;
import dev.souk.marketplace.Marketplace;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/** The mails of the accounts module. Links are absolute, built on {@code souk.base-url}. */
@Component
class AccountMails {

    private final Mailer mailer;
    private final MessageSource messages;
    private final SoukProperties properties;
    private final Marketplace marketplace;

    AccountMails(Mailer mailer, MessageSource messages, SoukProperties properties, Marketplace marketplace) {
        this.mailer = mailer;
        this.messages = messages;
        this.properties = properties;
        this.marketplace = marketplace;
    }

    void verification(UUID memberId, String email, String name, String token) {
        mailer.send(
                memberId,
                email,
                MailMessage.of(
                                t("mail.verify.subject", brand()),
                                t("mail.greeting", name),
                                t("mail.verify.text", brand()))
                        .withAction(t("mail.verify.action"), link("/verify-email", token))
                        .withFootnote(t("mail.verify.footnote")));
    }

    /** To the member who has this address already; {@code memberId} is null where that is not known. */
    void signUpAttempt(@Nullable UUID memberId, String email) {
        MailMessage mail = MailMessage.of(
                        t("mail.signUpAttempt.subject", brand()),
                        t("mail.signUpAttempt.heading"),
                        t("mail.signUpAttempt.text", brand()))
                .withAction(t("mail.signUpAttempt.action"), link("/forgot-password", null))
                .withFootnote(t("mail.signUpAttempt.footnote"));
        if (memberId == null) {
            mailer.send(email, mail);
        } else {
            mailer.send(memberId, email, mail);
        }
    }

    void passwordReset(UUID memberId, String email, String name, String token) {
        mailer.send(
                memberId,
                email,
                MailMessage.of(t("mail.reset.subject", brand()), t("mail.greeting", name), t("mail.reset.text"))
                        .withAction(t("mail.reset.action"), link("/reset-password", token))
                        .withFootnote(t("mail.reset.footnote")));
    }

    /** After a change or a reset: if it wasn't the member, they learn of it and can take the account back. */
    void passwordChanged(UUID memberId, String email, String name) {
        mailer.send(
                memberId,
                email,
                MailMessage.of(
                                t("mail.passwordChanged.subject", brand()),
                                t("mail.greeting", name),
                                t("mail.passwordChanged.text", brand()))
                        .withAction(t("mail.passwordChanged.action"), link("/forgot-password", null))
                        .withFootnote(t("mail.passwordChanged.footnote")));
    }

    void emailChange(UUID memberId, String newEmail, String name, String token) {
        mailer.send(
                memberId,
                newEmail,
                MailMessage.of(
                                t("mail.changeEmail.subject", brand()),
                                t("mail.greeting", name),
                                t("mail.changeEmail.text", brand()))
                        .withAction(t("mail.changeEmail.action"), link("/confirm-email", token))
                        .withFootnote(t("mail.changeEmail.footnote")));
    }

    void emailChanged(UUID memberId, String oldEmail, String name, String newEmail) {
        mailer.send(
                memberId,
                oldEmail,
                MailMessage.of(
                                t("mail.emailChanged.subject", brand()),
                                t("mail.greeting", name),
                                t("mail.emailChanged.text", newEmail))
                        .withFootnote(t("mail.emailChanged.footnote")));
    }

    /** The mail kept for the member, also to an address of theirs from before mail named its member. */
    List<Mailer.SentMail> mailOf(UUID memberId, @Nullable String email) {
        return mailer.mailOf(memberId, email);
    }

    void forget(UUID memberId, @Nullable String email) {
        mailer.forget(memberId, email);
    }

    private URI link(String path, String token) {
        var builder = UriComponentsBuilder.fromUriString(properties.baseUrl()).path(path);
        if (token != null) {
            builder.queryParam("token", token);
        }
        return builder.build().toUri();
    }

    private String brand() {
        return marketplace.settings().name();
    }

    private String t(String key, Object... args) {
        return messages.getMessage(key, args, Locale.ENGLISH);
    }
}
