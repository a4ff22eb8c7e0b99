package dev.souk.shared;

import dev.souk.shared.InvalidInput.FieldProblem;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses every request whose query, form or path parameters hold text no field accepts (see {@link
 * Text}), before a controller reads them: the API answers a 400 problem naming each parameter, pages a
 * 400 page. The body of an upload is left to the upload's own checks; its query is looked at all the same.
 */
@Component
class RequestInput implements HandlerInterceptor, WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return true;
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (isUpload(request)) {
            // asking an upload for its parameters would read its body here, before its size is checked
            checkQuery(request.getQueryString(), problems);
        } else {
            request.getParameterMap().forEach((name, values) -> check(name, values, problems));
        }
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            variables.forEach(
                    (name, value) -> check(String.valueOf(name), new String[] {String.valueOf(value)}, problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return true;
    }

    private static void checkQuery(@Nullable String query, List<FieldProblem> problems) {
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decoded(pair.substring(equals + 1));
            check(name, new String[] {value}, problems);
        }
    }

    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape is the parameter parser's to refuse
        }
    }

    private static void check(String name, String[] values, List<FieldProblem> problems) {
        boolean acceptable = Text.acceptable(name);
        for (String value : values) {
            acceptable &= value == null || Text.acceptable(value);
        }
        if (!acceptable) {
            problems.add(new FieldProblem(shown(name), "validation.characters"));
        }
    }

    /** The parameter's name as an answer can show it: at most 100 characters, control characters replaced. */
    private static String shown(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints()
                .limit(100)
                .forEach(c -> shown.appendCodePoint(
                        Character.isISOControl(c) || c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE
                                ? 0xFFFD
                                : c));
        return shown.toString();
    }

    private static boolean isUpload(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
    }
}
