package dev.souk.site;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.PageContext;
import dev.souk.shared.ProblemTypes;
import dev.souk.shared.Refusal;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Everything that fails before or outside a controller ends here: the JSON API gets an RFC 9457
 * problem, people get a page. Neither ever shows a stack trace.
 */
@Controller
class ErrorPages implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);
    /** What an answer sent for want of a database connection asks the client to wait. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final TemplateEngine templates;
    private final PageContexts pageContexts;

    private final MessageSource messages;

    ErrorPages(TemplateEngine templates, PageContexts pageContexts, MessageSource messages) {
        this.templates = templates;
        this.pageContexts = pageContexts;
        this.messages = messages;
    }

    @RequestMapping("/error")
    ResponseEntity<?> error(HttpServletRequest request) {
        HttpStatus status = status(request);
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String reference = null;
        HttpHeaders headers = new HttpHeaders();
        if (status.is5xxServerError() && databaseOutOfReach(failure)) {
            // every connection busy for the pool's whole wait, or the database down: nothing is wrong
            // with the request, and sent again shortly it may well succeed
            status = HttpStatus.SERVICE_UNAVAILABLE;
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
            log.warn(
                    "Request {} {} found no database connection: {}",
                    request.getMethod(),
                    path,
                    String.valueOf(failure));
        } else if (status.is5xxServerError()) {
            reference = UUID.randomUUID().toString().substring(0, 8);
            log.error(
                    "Request {} {} failed (reference {})",
                    request.getMethod(),
                    path,
                    reference,
                    failure instanceof Throwable t ? t : null);
        }
        if (path.startsWith("/api/")) {
            ProblemDetail problem = ProblemDetail.forStatus(status);
            problem.setType(ProblemTypes.forStatus(status.value()));
            problem.setDetail(apiDetail(status, path));
            problem.setInstance(URI.create(path));
            if (reference != null) {
                problem.setProperty("reference", reference);
            }
            return ResponseEntity.status(status)
                    .headers(headers)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        PageContext page;
        try {
            page = pageContexts.forRequest(request, path);
        } catch (RuntimeException e) {
            if (!databaseOutOfReach(e)) {
                throw e;
            }
            return busy(headers);
        }
        String reason = reason(request.getAttribute(PageRefusals.REASON), page);
        var html = new StringOutput();
        templates.render(
                "site/error.jte",
                Map.of(
                        "page",
                        page,
                        "status",
                        status.value(),
                        "reason",
                        reason,
                        "reference",
                        reference == null ? "" : reference),
                html);
        return ResponseEntity.status(status).headers(headers).contentType(HTML).body(html.toString());
    }

    /**
     * The page for a request that found no database connection when even the site's settings, which
     * every page's frame shows, can't be read: only the message bundles' words, in a bare frame.
     */
    private ResponseEntity<String> busy(HttpHeaders headers) {
        Locale locale = LocaleContextHolder.getLocale();
        var html = new StringOutput();
        templates.render(
                "site/busy.jte",
                Map.of(
                        "lang",
                        locale.toLanguageTag(),
                        "title",
                        messages.getMessage("error.title.503", null, locale),
                        "text",
                        messages.getMessage("error.text.503", null, locale),
                        "home",
                        messages.getMessage("error.home", null, locale)),
                html);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .headers(headers)
                .contentType(HTML)
                .body(html.toString());
    }

    /** Whether the request failed for want of a database connection rather than for what it asked. */
    private static boolean databaseOutOfReach(@Nullable Object failure) {
        for (Throwable cause = failure instanceof Throwable t ? t : null; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    /** A refusal's own words, or each refused field with what is wrong with it. */
    private static String reason(@Nullable Object refused, PageContext page) {
        if (refused instanceof Refusal refusal) {
            return page.t(refusal.code(), refusal.args());
        }
        if (refused instanceof InvalidInput invalid) {
            return invalid.problems().stream()
                    .map(p -> page.t("error.field", p.field(), page.t(p.code(), p.args())))
                    .collect(Collectors.joining(" "));
        }
        return "";
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    private static String apiDetail(HttpStatus status, String path) {
        return switch (status) {
            case NOT_FOUND -> "No resource at " + path + ".";
            case METHOD_NOT_ALLOWED ->
                "This resource does not support that method; the Allow header lists those it does.";
            case INTERNAL_SERVER_ERROR -> "Something went wrong on our side. It has been logged.";
            case SERVICE_UNAVAILABLE -> "Souk is too busy to answer this now. Send it again after Retry-After.";
            default -> status.getReasonPhrase() + ".";
        };
    }
}
