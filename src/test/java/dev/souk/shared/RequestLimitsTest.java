package dev.souk.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bodies, JSON strings, nesting and numbers have limits, refused with a problem before anything is
 * stored; an API token's label is one line of at most 100 characters (also in the database), and a
 * member holds at most 50 active tokens.
 */
@SoukTest
@Import(WithMailbox.class)
class RequestLimitsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http http;
    Signed member;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        member = Members.verifiedMember(http, "Limits Member");
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedAsTooLargeWithOrWithoutItsLength() throws Exception {
        // blanks, which JSON allows anywhere between tokens: only the body's size is wrong
        String bio = "{\"bio\": \"Padded\"" + " ".repeat(RequestBodyLimit.MAX_BYTES) + "}";
        HttpResponse<String> declared = http.method("PATCH", "/api/v1/me", bio, member.auth());
        assertTooLarge(declared);

        // without a length (chunked), the body is counted as it is read
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(http.url("/api/v1/me")))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + member.token())
                .method(
                        "PATCH",
                        HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(bio.getBytes(StandardCharsets.UTF_8))))
                .build();
        assertTooLarge(HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString()));

        HttpResponse<String> form = http.post(
                "/sign-in",
                "application/x-www-form-urlencoded",
                "email=" + "a".repeat(RequestBodyLimit.MAX_BYTES),
                "Accept",
                "text/html");
        assertThat(form.statusCode()).isEqualTo(413);
        assertThat(bio()).isEmpty();
    }

    @Test
    void longStringsDeepNestingAndLongNumbersAreRefusedNamingWhereTheyAre() {
        HttpResponse<String> tooLong = http.method(
                "PATCH", "/api/v1/me", "{\"bio\": \"" + "a".repeat(JsonInput.MAX_STRING + 1) + "\"}", member.auth());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(tooLong.body()).contains("\"field\":\"bio\"");

        // within the JSON limit, the field's own rule speaks
        HttpResponse<String> overField =
                http.method("PATCH", "/api/v1/me", "{\"bio\": \"" + "a".repeat(5_000) + "\"}", member.auth());
        assertThat(overField.statusCode()).isEqualTo(400);
        assertThat(overField.body()).contains("\"field\":\"bio\"").contains("between 0 and 1,000");

        String deep = "[".repeat(100) + "]".repeat(100);
        HttpResponse<String> nested = http.method(
                "PATCH",
                "/api/v1/listings/" + java.util.UUID.randomUUID(),
                "{\"fields\": {\"a\": " + deep + "}}",
                member.auth());
        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat(nested.body()).contains("urn:souk:problem:malformed-request");

        HttpResponse<String> longNumber = http.postJson(
                "/api/v1/conversations",
                "{\"listingId\": \"" + java.util.UUID.randomUUID() + "\", \"text\": " + "1".repeat(101) + "}",
                member.auth());
        assertThat(longNumber.statusCode()).isEqualTo(400);
        assertThat(bio()).isEmpty();
    }

    @Test
    void aTokensLabelIsOneLineOfAtMostAHundredCharacters() {
        HttpResponse<String> tooLong = token("x".repeat(101));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"field\":\"label\"");
        HttpResponse<String> twoLines = token("first\\nsecond");
        assertThat(twoLines.statusCode()).isEqualTo(400);
        assertThat(twoLines.body()).contains("\"field\":\"label\"");
        assertThat(tokens()).isEqualTo(1);

        HttpResponse<String> longest = token("x".repeat(100));
        assertThat(longest.statusCode()).as(longest.body()).isEqualTo(201);
        assertThatThrownBy(() -> jdbc.sql("UPDATE api_tokens SET label = repeat('y', 101) WHERE member_id = :m")
                        .param("m", member.id())
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void aMemberHoldsAtMostFiftyActiveTokens() {
        for (int i = tokens(); i < 50; i++) {
            assertThat(token("Script " + i).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> oneMore = token("One too many");
        assertThat(oneMore.statusCode()).isEqualTo(409);
        assertThat(oneMore.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(oneMore.body())
                .contains("urn:souk:problem:conflict")
                .contains("accounts.token.tooMany")
                .contains("50 active API tokens");
        assertThat(tokens()).isEqualTo(50);

        assertThat(http.method("DELETE", "/api/v1/auth/tokens/current", "", member.auth())
                        .statusCode())
                .isEqualTo(204);
        assertThat(token("In place of the revoked one").statusCode()).isEqualTo(201);
        assertThat(tokens()).isEqualTo(50);
    }

    private HttpResponse<String> token(String label) {
        return http.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s", "label": "%s"}""".formatted(member.email(), Members.PASSWORD, label));
    }

    private int tokens() {
        return jdbc.sql("SELECT count(*) FROM api_tokens WHERE member_id = :m AND revoked_at IS NULL")
                .param("m", member.id())
                .query(Integer.class)
                .single();
    }

    private String bio() {
        return jdbc.sql("SELECT bio FROM members WHERE id = :m")
                .param("m", member.id())
                .query(String.class)
                .single();
    }

    private static void assertTooLarge(HttpResponse<String> answer) throws IOException {
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("\"type\":\"urn:souk:problem:too-large\"");
    }
}
