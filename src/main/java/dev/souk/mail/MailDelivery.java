package dev.souk.mail;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers what the outbox holds: right after the sending transaction commits, and from a sweep every
 * few seconds that retries failed attempts with growing pauses. Safe on any number of app nodes.
 */
@Component
class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);

    /** The pause after the 1st, 2nd, … failed attempt; the attempt after the last pause is the last. */
    static final List<Duration> BACKOFF = List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(6),
            Duration.ofHours(12),
            Duration.ofHours(24));

    static final int MAX_ATTEMPTS = BACKOFF.size() + 1;

    /** How long the outbox remembers a mail that is done with: who got what, when, and why it failed. */
    static final Duration KEPT_FOR = Duration.ofDays(30);

    /** Bounds one sweep, so a long queue is worked off over several runs instead of one endless one. */
    private static final int SWEEP_BATCH = 50;

    private final MailOutbox outbox;
    private final ObjectProvider<JavaMailSender> smtp;
    private final String smtpHost;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final TaskExecutor executor;

    MailDelivery(
            MailOutbox outbox,
            ObjectProvider<JavaMailSender> smtp,
            @Value("${spring.mail.host:}") String smtpHost,
            Clock clock,
            TransactionTemplate transactions,
            @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
        this.outbox = outbox;
        this.smtp = smtp;
        this.smtpHost = smtpHost;
        this.clock = clock;
        this.transactions = transactions;
        this.executor = executor;
    }

    /** Delivers the mail off the caller's thread, so a slow SMTP server never slows a sign-up down. */
    void deliverSoon(UUID id) {
        try {
            executor.execute(() -> deliver(id));
        } catch (TaskRejectedException e) {
            // the application is shutting down; the mail stays pending and the next sweep sends it
            log.debug("Mail {} left for the sweep: {}", id, e.getMessage());
        }
    }

    void deliver(UUID id) {
        claim(now -> outbox.lockIfDue(id, now)).ifPresent(this::attempt);
    }

    @Scheduled(fixedDelay = 5, initialDelay = 5, timeUnit = TimeUnit.SECONDS)
    void sweep() {
        for (int i = 0; i < SWEEP_BATCH; i++) {
            Optional<OutboxMail> mail = claim(outbox::lockNextDue);
            if (mail.isEmpty()) {
                return;
            }
            attempt(mail.get());
        }
    }

    /**
     * Claims a due mail in a short transaction of its own: counts the attempt and moves the next attempt
     * to when a retry would be due. Other sweeps then leave the mail alone while it is being sent, without
     * a row lock held across the SMTP conversation; if this node dies mid-send, the retry just comes due.
     * The shortest pause (a minute) outlasts one SMTP conversation under the configured timeouts.
     */
    private Optional<OutboxMail> claim(Function<Instant, Optional<OutboxMail>> lock) {
        Optional<OutboxMail> claimed = transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<OutboxMail> mail = lock.apply(now);
            mail.ifPresent(m -> outbox.recordAttempt(m.id(), now.plus(pauseAfter(m.attempts() + 1))));
            return mail;
        });
        return claimed == null ? Optional.empty() : claimed;
    }

    @Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.HOURS)
    void forgetOldMail() {
        int deleted = outbox.deleteDoneBefore(clock.instant().minus(KEPT_FOR));
        if (deleted > 0) {
            log.info("Deleted {} mails older than {} days from the outbox", deleted, KEPT_FOR.toDays());
        }
    }

    static Duration pauseAfter(int attempt) {
        return BACKOFF.get(Math.min(attempt, BACKOFF.size()) - 1);
    }

    private void attempt(OutboxMail mail) {
        // Boot creates a sender even for a blank host, which is what an unset SOUK_SMTP_HOST gives
        JavaMailSender sender = smtpHost.isBlank() ? null : smtp.getIfAvailable();
        if (sender == null) {
            outbox.markKept(mail.id());
            // never its text: it holds links that verify, reset or sign in
            log.info(
                    "Mail kept, not sent (no SMTP server configured): id={} to={} subject={}",
                    mail.id(),
                    mail.recipient(),
                    mail.subject());
            return;
        }
        int attempt = mail.attempts() + 1;
        try {
            sender.send(mime -> compose(mime, mail));
            outbox.markSent(mail.id(), clock.instant());
        } catch (MailException e) {
            boolean giveUp = attempt >= MAX_ATTEMPTS;
            outbox.recordFailure(mail.id(), describe(e), giveUp);
            log.warn(
                    "Mail {} not sent (attempt {} of {}{}): {}",
                    mail.id(),
                    attempt,
                    MAX_ATTEMPTS,
                    giveUp ? ", giving up" : "",
                    describe(e));
        }
    }

    private void compose(MimeMessage mime, OutboxMail mail) throws Exception {
        String charset = StandardCharsets.UTF_8.name();
        InternetAddress from = new InternetAddress(mail.sender());
        mime.setFrom(new InternetAddress(from.getAddress(), from.getPersonal(), charset));
        mime.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.recipient(), true));
        mime.setSubject(mail.subject(), charset);
        mime.setSentDate(Date.from(clock.instant()));
        if (mail.unsubscribeUrl() != null) {
            // RFC 8058: mail clients offer "unsubscribe" and POST to the address without opening it
            mime.setHeader("List-Unsubscribe", "<" + mail.unsubscribeUrl() + ">");
            mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        var text = new MimeBodyPart();
        text.setText(Objects.requireNonNull(mail.textBody()), charset, "plain");
        var html = new MimeBodyPart();
        html.setText(Objects.requireNonNull(mail.htmlBody()), charset, "html");
        // text first: clients show the last part they can display, so HTML wins where it is supported
        mime.setContent(new MimeMultipart("alternative", text, html));
    }

    private static String describe(MailException e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        return cause.getMessage() == null ? cause.getClass().getName() : cause.toString();
    }
}
