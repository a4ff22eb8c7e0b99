package dev.souk.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;

/** Errors of a refused form, worded for the reader, keyed by field name; shown right under each field. */
public record FormErrors(Map<String, String> messages) {

    public static FormErrors none() {
        return new FormErrors(Map.of());
    }

    public static FormErrors of(InvalidInput invalid, MessageSource source, Locale locale) {
        Map<String, String> messages = new LinkedHashMap<>();
        invalid.problems()
                .forEach(p -> messages.putIfAbsent(p.field(), source.getMessage(p.code(), p.args(), p.code(), locale)));
        return new FormErrors(messages);
    }

    public static FormErrors of(String field, String message) {
        return new FormErrors(Map.of(field, message));
    }

    /**
     * A refusal worded under one field of the form shown again. The response takes the refusal's
     * status and, for a rate limit, when to come back ({@code Retry-After}).
     */
    public static FormErrors refused(
            String field, Refusal refusal, MessageSource source, Locale locale, HttpServletResponse response) {
        response.setStatus(refusal.kind().status());
        if (refusal.retryAfter() != null) {
            response.setHeader(
                    HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfter().toSeconds()));
        }
        return of(field, source.getMessage(refusal.code(), refusal.args(), refusal.code(), locale));
    }

    public boolean any() {
        return !messages.isEmpty();
    }

    public boolean has(String field) {
        return messages.containsKey(field);
    }

    public @Nullable String message(String field) {
        return messages.get(field);
    }
}
