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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
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

/**
 * The operator's outbox: every mail Souk sent or kept in the last 30 days, newest first. Operators only
 * (see the security config). A mail's text holds another member's links (verification, reset), so the
 * operator sees it with its links cut short, unless Souk runs as a local mail catcher
 * ({@code souk.mail.catcher}, on for {@code spring-boot:run}), where reading them is the point.
 */
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
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");
    /** A path segment long enough to be a token. */
    private static final Pattern TOKEN_SEGMENT = Pattern.compile("/[A-Za-z0-9_-]{20,}");

    private final MailOutbox outbox;
    private final Marketplace marketplace;

    private final boolean catcher;

    MailOutboxPages(MailOutbox outbox, Marketplace marketplace, @Value("${souk.mail.catcher:false}") boolean catcher) {
        this.outbox = outbox;
        this.marketplace = marketplace;
        this.catcher = catcher;
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
                        mail.textBody() == null ? null : catcher ? mail.textBody() : redacted(mail.textBody()),
                        !catcher,
                        catcher && mail.htmlBody() != null));
        return "mail/detail";
    }

    /**
     * Spring Security writes its page policy only when a response has none yet, so this policy stands.
     * It still adds {@code X-Frame-Options: DENY}, which browsers ignore once a policy names
     * {@code frame-ancestors} (both checked by the outbox tests).
     */
    @GetMapping("/{id}/html")
    ResponseEntity<String> htmlPart(@PathVariable UUID id) {
        String html = found(id).htmlBody();
        if (!catcher || html == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return ResponseEntity.ok()
                .contentType(HTML)
                .header("Content-Security-Policy", HTML_PART_POLICY)
                .body(html);
    }

    /**
     * The text with every link cut short: where it leads, not what opens the door (its query, fragment
     * and any path segment long enough to be a token).
     */
    static String redacted(String text) {
        return LINK.matcher(text).replaceAll(link -> {
            String url = link.group();
            int cut = url.indexOf('?') >= 0 ? url.indexOf('?') : url.indexOf('#');
            String kept = cut >= 0 ? url.substring(0, cut) + "?…" : url;
            return Matcher.quoteReplacement(TOKEN_SEGMENT.matcher(kept).replaceAll("/…"));
        });
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
