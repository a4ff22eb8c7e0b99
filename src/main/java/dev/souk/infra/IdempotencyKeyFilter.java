package dev.souk.infra;

import dev.souk.infra.IdempotencyKeyStore.Request;
import dev.souk.infra.IdempotencyKeys.Answer;
import dev.souk.infra.IdempotencyKeys.Decision;
import dev.souk.shared.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code Idempotency-Key} header of the JSON API's writes: a client that sends a write again with
 * the key it sent the first time (after a timeout, say) gets the first answer, with {@code
 * Idempotent-Replayed: true}, and the write is not done twice. A key is its caller's (the signed-in
 * member, else the client's address); {@link IdempotencyKeys} decides, this reads the request and
 * writes the answer.
 *
 * <p>Runs after Spring Security's filters (order -100), so the caller is known, and outside any
 * transaction: the key is claimed before the request runs and its answer kept after it committed.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class IdempotencyKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final int MAX_LENGTH = 255;

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final IdempotencyKeys keys;
    private final MessageSource messages;
    private final JsonMapper json;

    IdempotencyKeyFilter(IdempotencyKeys keys, MessageSource messages, JsonMapper json) {
        this.keys = keys;
        this.messages = messages;
        this.json = json;
    }

    /**
     * The writes of the JSON API that honour a key: all of them but the payment gateways' callbacks,
     * which tell repeats apart by their own event ids.
     */
    static boolean covered(String method, String path) {
        return WRITES.contains(method)
                && path.startsWith("/api/v1/")
                && !path.equals("/api/v1/webhooks")
                && !path.startsWith("/api/v1/webhooks/");
    }

    /** 1 to 255 visible ASCII characters, as a UUID or any other token a client makes up. */
    static boolean wellFormed(String key) {
        return !key.isEmpty() && key.length() <= MAX_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || !covered(request.getMethod(), request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> sent = Collections.list(request.getHeaders(HEADER));
        if (sent.size() != 1 || !wellFormed(sent.get(0))) {
            invalidKey(request, response);
            return;
        }
        IdempotencyKeys.Key key = keys.key(caller(request), sent.get(0));
        byte[] bodyDigest;
        HttpServletRequest read = request;
        if (isMultipart(request)) {
            try {
                bodyDigest = partsDigest(request, key);
            } catch (IOException | ServletException | IllegalStateException unreadable) {
                // over the upload limit or not well-formed: the server keeps the failure, and the
                // handler that asks for the parts refuses the request as it would without a key
                chain.doFilter(request, response);
                return;
            }
        } else {
            try {
                byte[] body = request.getInputStream().readAllBytes();
                bodyDigest = key.digest("body").doFinal(body);
                read = new ReadAlready(request, new ByteArrayInputStream(body));
            } catch (IOException unreadable) {
                // over the size limit or cut off: whatever reads the body refuses the request, as without a key
                chain.doFilter(new ReadAlready(request, new Failing(unreadable)), response);
                return;
            }
        }
        String query = request.getQueryString();
        Request fingerprint = new Request(
                request.getMethod(),
                request.getRequestURI(),
                key.digest("query").doFinal((query == null ? "" : query).getBytes(StandardCharsets.UTF_8)),
                bodyDigest);
        Decision decision = keys.decide(key, fingerprint);
        if (decision instanceof Decision.Run run) {
            run(run, read, response, chain);
        } else if (decision instanceof Decision.Replay replay) {
            replay(replay.answer(), response);
        } else if (decision instanceof Decision.Running) {
            refuse(request, response, HttpStatus.CONFLICT, "idempotency.running", IdempotencyKeys.RETRY_AFTER);
        } else if (decision instanceof Decision.NotKept) {
            refuse(request, response, HttpStatus.valueOf(422), "idempotency.notKept", null);
        } else {
            refuse(request, response, HttpStatus.valueOf(422), "idempotency.reused", null);
        }
    }

    private void run(Decision.Run run, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Recorder recorder = new Recorder(response);
        boolean ran = false;
        try {
            chain.doFilter(request, recorder);
            ran = true;
        } finally {
            if (!ran) {
                keys.release(run);
            }
        }
        try {
            int status = recorder.getStatus();
            // a failure on Souk's side (its transaction rolled back) or a rate limit did not do the
            // request: a retry may run it. An error left to the server's error page (a route that
            // doesn't exist) has no body here to keep, and did nothing either.
            if (status >= 500 || status == HttpStatus.TOO_MANY_REQUESTS.value() || recorder.errorSent) {
                keys.release(run);
            } else {
                keys.answered(
                        run,
                        new Answer(
                                status,
                                recorder.getContentType(),
                                recorder.getHeader(HttpHeaders.LOCATION),
                                recorder.getContentAsByteArray()));
            }
        } finally {
            // the answer goes out even if keeping it failed: the request was done
            recorder.copyBodyToResponse();
        }
    }

    private static void replay(Answer answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.status());
        if (answer.contentType() != null) {
            response.setContentType(answer.contentType());
        }
        if (answer.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, answer.location());
        }
        response.setHeader(REPLAYED, "true");
        if (answer.body().length > 0) {
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
        }
    }

    private static String caller(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null
                        && authentication.isAuthenticated()
                        && !(authentication instanceof AnonymousAuthenticationToken)
                ? "member:" + authentication.getName()
                : "address:" + request.getRemoteAddr();
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /**
     * An upload is compared by its parts (name, file name, type and content), which the server has
     * parsed and bounded by then; the handler that asks for them later gets the same parts.
     */
    private static byte[] partsDigest(HttpServletRequest request, IdempotencyKeys.Key key)
            throws IOException, ServletException {
        Mac digest = key.digest("parts");
        byte[] buffer = new byte[8192];
        for (Part part : request.getParts()) {
            update(digest, part.getName());
            update(digest, part.getSubmittedFileName());
            update(digest, part.getContentType());
            digest.update(
                    ByteBuffer.allocate(Long.BYTES).putLong(part.getSize()).array());
            try (InputStream content = part.getInputStream()) {
                for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return digest.doFinal();
    }

    /** A text fed with its length, so that no two different parts feed the same bytes. */
    private static void update(Mac digest, @Nullable String text) {
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES)
                .putInt(text == null ? -1 : bytes.length)
                .array());
        digest.update(bytes);
    }

    /** 400 in the shape of the API's invalid input: the header named in {@code errors}. */
    private void invalidKey(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> problem = problem(
                request,
                HttpStatus.BAD_REQUEST,
                ProblemTypes.VALIDATION.toString(),
                "Invalid request",
                "Some fields are invalid.");
        problem.put(
                "errors",
                List.of(Map.of(
                        "field",
                        HEADER,
                        "message",
                        messages.getMessage(
                                "validation.idempotencyKey",
                                new Object[] {MAX_LENGTH},
                                LocaleContextHolder.getLocale()))));
        write(response, HttpStatus.BAD_REQUEST, problem);
    }

    /** A refusal in the shape the API gives every refusal: the type of its status and a {@code code}. */
    private void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String code,
            @Nullable Duration retryAfter)
            throws IOException {
        Map<String, Object> problem = problem(
                request,
                status,
                ProblemTypes.forStatus(status.value()).toString(),
                status.getReasonPhrase(),
                messages.getMessage(code, null, LocaleContextHolder.getLocale()));
        problem.put("code", code);
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        }
        write(response, status, problem);
    }

    private static Map<String, Object> problem(
            HttpServletRequest request, HttpStatus status, String type, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        return problem;
    }

    private void write(HttpServletResponse response, HttpStatus status, Map<String, Object> problem)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE); // JSON is UTF-8 by definition
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    /** The answer as the request's handlers write it, held until it is kept. */
    private static final class Recorder extends ContentCachingResponseWrapper {

        private boolean errorSent;

        Recorder(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            errorSent = true;
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            errorSent = true;
            super.sendError(status, message);
        }
    }

    /** A request whose body this filter has read: its handlers read the same bytes (or failure) again. */
    private static final class ReadAlready extends HttpServletRequestWrapper {

        private final ServletInputStream body;

        ReadAlready(HttpServletRequest request, InputStream body) {
            super(request);
            this.body = new ServletInputStream() {
                private boolean finished;

                @Override
                public int read() throws IOException {
                    return ended(body.read());
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    return ended(body.read(buffer, offset, length));
                }

                private int ended(int read) {
                    finished |= read < 0;
                    return read;
                }

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has been read already");
                }
            };
        }

        @Override
        public ServletInputStream getInputStream() {
            return body;
        }

        @Override
        public BufferedReader getReader() throws UnsupportedEncodingException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(body, encoding == null ? "UTF-8" : encoding));
        }
    }

    /** A body that could not be read: reading it fails again, the same way. */
    private static final class Failing extends InputStream {

        private final IOException failure;

        Failing(IOException failure) {
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            throw failure;
        }
    }
}
