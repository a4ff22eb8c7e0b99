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
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Everything that fails before or outside a controller ends here: the JSON API gets an RFC 9457
 * problem, people get a page. Neither ever shows a stack trace.
 */
@Controller
class ErrorPages implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final TemplateEngine templates;
    private final PageContexts pageContexts;

    ErrorPages(TemplateEngine templates, PageContexts pageContexts) {
        this.templates = templates;
        this.pageContexts = pageContexts;
    }

    @RequestMapping("/error")
    ResponseEntity<?> error(HttpServletRequest request) {
        HttpStatus status = status(request);
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String reference = null;
        if (status.is5xxServerError()) {
            reference = UUID.randomUUID().toString().substring(0, 8);
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
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
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        PageContext page = pageContexts.forRequest(request, path);
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
        return ResponseEntity.status(status).contentType(HTML).body(html.toString());
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
            default -> status.getReasonPhrase() + ".";
        };
    }
}
