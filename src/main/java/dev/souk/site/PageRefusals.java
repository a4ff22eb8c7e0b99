package dev.souk.site;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * A refusal in a page controller becomes the error page of its status, worded with the refusal's own
 * message; invalid input that no form took back (a parameter no field accepts) a 400 page naming each
 * field. API controllers are answered by the problem+json handler, which runs first.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class PageRefusals {

    static final String REASON = PageRefusals.class.getName() + ".reason";

    @ExceptionHandler
    void refusal(Refusal refusal, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (refusal.retryAfter() != null) {
            response.setHeader(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, refusal.retryAfter().toSeconds())));
        }
        request.setAttribute(REASON, refusal);
        response.sendError(refusal.kind().status());
    }

    /** A form upload whose body isn't well-formed; one over the size limit goes on to the default answer. */
    @ExceptionHandler
    void unreadableUpload(MultipartException ex, HttpServletResponse response) throws IOException {
        if (ex instanceof MaxUploadSizeExceededException) {
            throw ex;
        }
        response.sendError(HttpServletResponse.SC_BAD_REQUEST);
    }

    @ExceptionHandler
    void invalid(InvalidInput invalid, HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setAttribute(REASON, invalid);
        response.sendError(HttpServletResponse.SC_BAD_REQUEST);
    }
}
