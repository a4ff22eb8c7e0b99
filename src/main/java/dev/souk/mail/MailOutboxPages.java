package dev.souk.mail;

import dev.souk.mail.view.OutboxMailView;
import dev.souk.mail.view.OutboxRow;
import dev.souk.mail.view.When;
import dev.souk.marketplace.Marketplace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The operator's outbox: every mail Souk sent or kept, newest first. Operators only (see the security config). */
@Controller
@RequestMapping("/admin/mail")
class MailOutboxPages {

    static final int PAGE_SIZE = 50;

    /**
     * The HTML part is the one place Souk shows markup it did not write for a page: it runs in a sandboxed
     * frame under a policy of its own that allows the mail's inline styles and nothing that could run.
     */
    static final String HTML_PART_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'";

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final MailOutbox outbox;
    private final Marketplace marketplace;

    MailOutboxPages(MailOutbox outbox, Marketplace marketplace) {
        this.outbox = outbox;
        this.marketplace = marketplace;
    }

    /** @param before the last mail of the previous page; absent for the newest mails */
    @GetMapping
    String outbox(@RequestParam(required = false) @Nullable UUID before, Model model, Locale locale) {
        List<OutboxMail> mails =
                before == null ? outbox.newest(PAGE_SIZE + 1) : outbox.newestBefore(before, PAGE_SIZE + 1);
        List<OutboxMail> shown = mails.subList(0, Math.min(mails.size(), PAGE_SIZE));
        Times times = times(locale);
        model.addAttribute(
                "rows",
                shown.stream()
                        .map(mail -> new OutboxRow(
                                mail.id().toString(),
                                mail.recipient(),
                                mail.subject(),
                                mail.status().dbValue(),
                                times.of(mail.createdAt())))
                        .toList());
        model.addAttribute(
                "older",
                mails.size() > PAGE_SIZE ? shown.get(PAGE_SIZE - 1).id().toString() : "");
        model.addAttribute("firstPage", before == null);
        return "mail/outbox";
    }

    @GetMapping("/{id}")
    String mail(@PathVariable UUID id, Model model, Locale locale) {
        OutboxMail mail = found(id);
        Times times = times(locale);
        model.addAttribute(
                "mail",
                new OutboxMailView(
                        mail.id().toString(),
                        mail.sender(),
                        mail.recipient(),
                        mail.subject(),
                        mail.status().dbValue(),
                        mail.attempts(),
                        times.of(mail.createdAt()),
                        mail.sentAt() == null ? null : times.of(mail.sentAt()),
                        mail.nextAttemptAt() == null ? null : times.of(mail.nextAttemptAt()),
                        mail.lastError(),
                        mail.textBody()));
        return "mail/detail";
    }

    /**
     * Spring Security writes its page policy only when a response has none yet, so this policy stands.
     * It still adds {@code X-Frame-Options: DENY}, which browsers ignore once a policy names
     * {@code frame-ancestors} (both checked by the outbox tests).
     */
    @GetMapping("/{id}/html")
    ResponseEntity<String> htmlPart(@PathVariable UUID id) {
        return ResponseEntity.ok()
                .contentType(HTML)
                .header("Content-Security-Policy", HTML_PART_POLICY)
                .body(found(id).htmlBody());
    }

    private OutboxMail found(UUID id) {
        return outbox.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private Times times(Locale locale) {
        return new Times(
                marketplace.settings().timeZone(),
                DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                        .withLocale(locale));
    }

    /** Instants in the marketplace's time zone: the operator's own, as far as Souk knows. */
    private record Times(ZoneId zone, DateTimeFormatter format) {

        When of(Instant instant) {
            return new When(instant.toString(), format.format(instant.atZone(zone)));
        }
    }
}
