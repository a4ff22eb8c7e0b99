package dev.souk.media;

import dev.souk.shared.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Answers an API upload over the multipart limit ({@code spring.servlet.multipart.max-file-size}) with
 * a 413 problem, worded like the per-kind limit. Spring parses the body before it picks a controller,
 * so no controller-scoped advice sees this; and left to Spring's default resolver the answer is an
 * empty 413, because rendering the error page parses the oversized body again and fails
 * (spring-framework#36228). Pages are left to that default for now.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimit {

    private final MessageSource messages;
    private final long maxMegabytes;

    UploadLimit(MessageSource messages, MultipartProperties multipart) {
        this.messages = messages;
        this.maxMegabytes = multipart.getMaxFileSize().toMegabytes();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException ex, HttpServletRequest request, Locale locale)
            throws MaxUploadSizeExceededException {
        if (!request.getRequestURI().startsWith("/api/")) {
            // rethrown as is, it goes on to the next resolver
            throw ex;
        }
        HttpStatus status = HttpStatus.CONTENT_TOO_LARGE;
        String code = "media.tooLarge";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status, messages.getMessage(code, new Object[] {maxMegabytes}, code, locale));
        problem.setType(ProblemTypes.TOO_LARGE);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return ResponseEntity.status(status).body(problem);
    }
}
