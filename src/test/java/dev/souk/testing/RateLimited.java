package dev.souk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

/** What a request refused by a rate limit looks like, on the API and on pages. */
public final class RateLimited {

    private RateLimited() {}

    /** A 429 problem of type rate-limited, telling when to come back (at most {@code maxSeconds}). */
    public static void api(HttpResponse<String> response, long maxSeconds) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Members.field(response.body(), "type")).isEqualTo("urn:souk:problem:rate-limited");
        retryAfter(response, maxSeconds);
    }

    /** A 429 page whose form says so under the field {@code field}. */
    public static void page(HttpResponse<String> response, String field, long maxSeconds) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.body())
                .containsPattern("id=\"f-" + field
                        + "-error\" class=\"invalid-feedback[^\"]*\">Too many attempts\\. Try again in");
        retryAfter(response, maxSeconds);
    }

    private static void retryAfter(HttpResponse<String> response, long maxSeconds) {
        assertThat(response.headers().firstValue("Retry-After").map(Long::parseLong))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, maxSeconds));
    }
}
