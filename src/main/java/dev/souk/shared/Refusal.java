package dev.souk.shared;

import dev.souk.shared.InvalidInput.FieldProblem;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request refused for a reason other than its fields: the thing does not exist (or is not the
 * caller's), the caller may not do it, it conflicts, the state does not allow it, too many tries, or
 * Souk is too busy for it right now.
 * The message code words the reason in the reader's language.
 */
public class Refusal extends RuntimeException {

    public enum Kind {
        NOT_FOUND(404),
        FORBIDDEN(403),
        CONFLICT(409),
        INVALID_STATE(422),
        TOO_LARGE(413),
        RATE_LIMITED(429),
        /** Souk can't take it now, though it may later: the refusal says when to try again. */
        UNAVAILABLE(503);

        final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String code;
    private final Object[] args;
    private final @Nullable Duration retryAfter;
    private final List<FieldProblem> problems;

    private Refusal(Kind kind, String code, @Nullable Duration retryAfter, Object... args) {
        this(kind, code, retryAfter, List.of(), args);
    }

    private Refusal(
            Kind kind, String code, @Nullable Duration retryAfter, List<FieldProblem> problems, Object... args) {
        super(kind + ": " + code);
        this.kind = kind;
        this.code = code;
        this.args = args;
        this.retryAfter = retryAfter;
        this.problems = List.copyOf(problems);
    }

    public static Refusal notFound(String code, Object... args) {
        return new Refusal(Kind.NOT_FOUND, code, null, args);
    }

    public static Refusal forbidden(String code, Object... args) {
        return new Refusal(Kind.FORBIDDEN, code, null, args);
    }

    public static Refusal conflict(String code, Object... args) {
        return new Refusal(Kind.CONFLICT, code, null, args);
    }

    /** Taken by someone else, and these are the parts taken, e.g. the dates of a booking that collide. */
    public static Refusal conflict(String code, List<FieldProblem> problems) {
        return new Refusal(Kind.CONFLICT, code, null, problems);
    }

    public static Refusal invalidState(String code, Object... args) {
        return new Refusal(Kind.INVALID_STATE, code, null, args);
    }

    /**
     * The state does not allow it because of these fields, e.g. publishing a listing that misses
     * required ones: the fields are well-formed, so this is no 400, but each is named for the client.
     */
    public static Refusal invalidState(String code, List<FieldProblem> problems) {
        return new Refusal(Kind.INVALID_STATE, code, null, problems);
    }

    public static Refusal tooLarge(String code, Object... args) {
        return new Refusal(Kind.TOO_LARGE, code, null, args);
    }

    /** Too many tries; the wait is rounded up to whole seconds, as Retry-After gives it. */
    public static Refusal rateLimited(Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.plusNanos(999_999_999).toSeconds());
        return new Refusal(
                Kind.RATE_LIMITED,
                "error.rateLimited",
                Duration.ofSeconds(seconds),
                seconds,
                (seconds + 59) / 60,
                (seconds + 3599) / 3600);
    }

    /** Too busy to do it now (e.g. decoding other images); the client may try again after the given time. */
    public static Refusal unavailable(String code, Duration retryAfter) {
        return new Refusal(Kind.UNAVAILABLE, code, retryAfter, retryAfter.toSeconds());
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public Object[] args() {
        return args.clone();
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** The fields the refusal is about, if any; answered as the problem's {@code errors}. */
    public List<FieldProblem> problems() {
        return problems;
    }
}
