package dev.souk.shared;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.DatabindException;

/**
 * Turns what API controllers throw into RFC 9457 problems. Errors that happen before a controller is
 * chosen (unknown route, wrong method) are answered by the error controller in the same shape.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private final MessageSource messages;

    ApiExceptionHandler(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidInput(InvalidInput ex, Locale locale) {
        return validationProblem(errors(ex.problems(), locale));
    }

    private List<Map<String, String>> errors(List<InvalidInput.FieldProblem> problems, Locale locale) {
        return problems.stream()
                .map(p -> Map.of(
                        "field", p.field(), "message", messages.getMessage(p.code(), p.args(), p.code(), locale)))
                .toList();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refusal(Refusal ex, Locale locale) {
        HttpStatus status = HttpStatus.valueOf(ex.kind().status());
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(status, messages.getMessage(ex.code(), ex.args(), ex.code(), locale));
        problem.setType(ProblemTypes.forStatus(status.value()));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", ex.code());
        if (!ex.problems().isEmpty()) {
            problem.setProperty("errors", errors(ex.problems(), locale));
        }
        var response = ResponseEntity.status(status);
        if (ex.retryAfter() != null) {
            response.header(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
        }
        return response.body(problem);
    }

    /** An upload whose body is not well-formed multipart (one over the size limit has its own answer). */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadableUpload(MultipartException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The request body is not well-formed multipart/form-data.");
        problem.setType(ProblemTypes.MALFORMED_REQUEST);
        problem.setTitle("Malformed request");
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ApiExceptionHandler::fieldError)
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors).getBody());
    }

    private static ResponseEntity<ProblemDetail> validationProblem(List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Some fields are invalid.");
        problem.setType(ProblemTypes.VALIDATION);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * A body that could not be read: too large (413), a value refused for what it holds (400 naming it
     * by its JSON path, e.g. {@code fields.colour} or {@code days[0].opens}), or JSON of another shape
     * (400, naming the value where it is known).
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException json = null;
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.TooLarge) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "The request body is larger than " + RequestBodyLimit.MAX_BYTES + " bytes.");
                problem.setType(ProblemTypes.TOO_LARGE);
                problem.setTitle("Too large");
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
            }
            if (json == null && cause instanceof JacksonException jackson) {
                json = jackson;
            }
        }
        String field = json == null ? "" : path(json);
        if (json instanceof JsonInput.RefusedValue refused && !field.isEmpty()) {
            return ResponseEntity.badRequest()
                    .body(validationProblem(errors(
                                    List.of(new InvalidInput.FieldProblem(field, refused.code)),
                                    LocaleContextHolder.getLocale()))
                            .getBody());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The request body is not valid JSON of the expected shape.");
        problem.setType(ProblemTypes.MALFORMED_REQUEST);
        problem.setTitle("Malformed request");
        if (!field.isEmpty()) {
            problem.setProperty(
                    "errors",
                    errors(
                            List.of(new InvalidInput.FieldProblem(field, "validation.json")),
                            LocaleContextHolder.getLocale()));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /** The value's place as the API's errors name fields: {@code rules.houseRules}, {@code days[2].seats}. */
    private static String path(JacksonException json) {
        StringBuilder path = new StringBuilder();
        if (!(json instanceof DatabindException) && json.processor() instanceof JsonParser parser) {
            // not JSON at all (a stray token, say): no value was bound, but the parser knows where it stopped
            for (JsonPointer at = parser.streamReadContext().pathAsPointer(); !at.matches(); at = at.tail()) {
                if (at.getMatchingIndex() >= 0) {
                    path.append('[').append(at.getMatchingIndex()).append(']');
                } else {
                    path.append(path.isEmpty() ? "" : ".").append(at.getMatchingProperty());
                }
            }
            return path.toString();
        }
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        // Spring 7 leaves a plain status problem without a type (null); older ones said about:blank
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null
                        || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemTypes.forStatus(statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static Map<String, String> fieldError(FieldError error) {
        String message = error.getDefaultMessage();
        return Map.of("field", error.getField(), "message", message == null ? "is invalid" : message);
    }
}
