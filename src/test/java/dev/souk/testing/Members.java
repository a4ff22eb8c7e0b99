package dev.souk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Members made through the public API, as a real client would. */
public final class Members {

    public static final String PASSWORD = "violet-harbour-lamp";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Members() {}

    public record Signed(String email, String token, UUID id) {
        public String[] auth() {
            return new String[] {"Authorization", "Bearer " + token};
        }
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 6) + "@example.org";
    }

    /** Signs up and takes a token, without verifying the email. */
    public static Signed unverifiedMember(Http http, String name) {
        String email = uniqueEmail(name.toLowerCase().replace(' ', '-'));
        HttpResponse<String> signUp = http.postJson("/api/v1/accounts", """
                {"email": "%s", "password": "%s", "displayName": "%s"}""".formatted(email, PASSWORD, name));
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(201);
        return token(http, email);
    }

    /** Signs up, follows the mailed verification link and takes a token. */
    public static Signed verifiedMember(Http http, String name) {
        Signed member = unverifiedMember(http, name);
        String token = Mailbox.token(member.email(), 1, "/verify-email");
        HttpResponse<String> verified =
                http.postJson("/api/v1/accounts/email-verification", "{\"token\": \"" + token + "\"}");
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        return member;
    }

    public static Signed token(Http http, String email) {
        HttpResponse<String> token = http.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s"}""".formatted(email, PASSWORD));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        HttpResponse<String> me = http.get("/api/v1/me", "Authorization", "Bearer " + field(token.body(), "token"));
        return new Signed(email, field(token.body(), "token"), UUID.fromString(field(me.body(), "id")));
    }

    /** A string field of a flat JSON object. */
    public static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(json);
        if (!m.find()) {
            throw new AssertionError("no field " + name + " in " + json);
        }
        return m.group(1);
    }
}
