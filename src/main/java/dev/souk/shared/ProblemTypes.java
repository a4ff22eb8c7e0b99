package dev.souk.shared;

import java.net.URI;

/** Stable identifiers of the API's problem types ({@code type} in RFC 9457 responses). */
public final class ProblemTypes {

    public static final URI VALIDATION = of("validation");
    public static final URI MALFORMED_REQUEST = of("malformed-request");
    public static final URI NOT_FOUND = of("not-found");
    public static final URI METHOD_NOT_ALLOWED = of("method-not-allowed");
    public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");
    public static final URI TOO_LARGE = of("too-large");
    public static final URI UNAUTHORIZED = of("unauthorized");
    public static final URI FORBIDDEN = of("forbidden");
    public static final URI CONFLICT = of("conflict");
    public static final URI INVALID_STATE = of("invalid-state");
    public static final URI RATE_LIMITED = of("rate-limited");
    public static final URI UNAVAILABLE = of("unavailable");
    public static final URI SERVER_ERROR = of("server-error");

    private ProblemTypes() {}

    public static URI of(String slug) {
        return URI.create("urn:souk:problem:" + slug);
    }

    /** The type for a plain HTTP status that carries no meaning of Souk's own. */
    public static URI forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> CONFLICT;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> INVALID_STATE;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? SERVER_ERROR : URI.create("about:blank");
        };
    }
}
