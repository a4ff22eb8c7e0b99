package dev.souk.shared;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
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
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

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

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The request body is not valid JSON of the expected shape.");
        problem.setType(ProblemTypes.MALFORMED_REQUEST);
        problem.setTitle("Malformed request");
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && "about:blank".equals(problem.getType().toString())) {
            problem.setType(ProblemTypes.forStatus(statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static Map<String, String> fieldError(FieldError error) {
        String message = error.getDefaultMessage();
        return Map.of("field", error.getField(), "message", message == null ? "is invalid" : message);
    }
}
