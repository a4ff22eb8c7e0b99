package dev.souk.accounts;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.HttpCookie;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** "Keep me signed in" tokens stored hashed, the cookie's attributes, and the CSRF token replaced at sign-in. */
@SoukTest
@Import(WithMailbox.class)
class SignInHardeningTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Test
    void theRememberMeTableHoldsOnlyAHashThatSignsNobodyIn() throws Exception {
        Signed member = Members.verifiedMember(new Http(port), "Remembered Safely");
        Web web = new Web(port, "10.95.0.1");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD, "remember-me", "true"));
        String[] cookie = decode(web.cookie("SOUK_REMEMBER").orElseThrow());
        String series = cookie[0];
        String token = cookie[1];

        byte[] stored = jdbc.sql("SELECT token_hash FROM remember_me_tokens WHERE series = :series")
                .param("series", series)
                .query(byte[].class)
                .single();
        assertThat(stored)
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(token);

        // someone who read the table makes the cookie from what it holds
        Web thief = new Web(port, "10.95.0.2");
        thief.setCookie(
                "SOUK_REMEMBER",
                encode(series, Base64.getUrlEncoder().withoutPadding().encodeToString(stored)));
        assertThat(thief.get("/account").statusCode()).isEqualTo(302);
        thief.setCookie("SOUK_REMEMBER", encode(series, Base64.getEncoder().encodeToString(stored)));
        assertThat(thief.get("/account").statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("SELECT count(*) FROM remember_me_tokens WHERE member_id = :id")
                        .param("id", member.id())
                        .query(Integer.class)
                        .single())
                .as("a wrong token for a known series looks like theft: the member's are all revoked")
                .isZero();
        web.forgetCookie("SOUK_SESSION");
        assertThat(web.get("/account").statusCode()).isEqualTo(302);
    }

    @Test
    void theRememberedBrowserComesBackAndItsTokenChangesAtEachUse() {
        Signed member = Members.verifiedMember(new Http(port), "Remembered Twice");
        Web web = new Web(port, "10.96.0.1");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD, "remember-me", "true"));
        String first = web.cookie("SOUK_REMEMBER").orElseThrow();

        web.forgetCookie("SOUK_SESSION");
        assertThat(web.get("/account").statusCode()).isEqualTo(200);
        String second = web.cookie("SOUK_REMEMBER").orElseThrow();
        assertThat(decode(second)[0]).isEqualTo(decode(first)[0]);
        assertThat(decode(second)[1]).isNotEqualTo(decode(first)[1]);

        web.forgetCookie("SOUK_SESSION");
        assertThat(web.get("/account").statusCode()).isEqualTo(200);
    }

    @Test
    void theRememberMeCookieIsHttpOnlyLaxAndSecureOverHttps() {
        Signed member = Members.verifiedMember(new Http(port), "Cookie Checker");

        Web plain = new Web(port, "10.97.0.1");
        plain.get("/sign-in");
        HttpResponse<String> overHttp =
                plain.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD, "remember-me", "true"));
        String cookie = setCookie(overHttp, "SOUK_REMEMBER");
        assertThat(cookie)
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax")
                .doesNotContain("Secure");
        assertThat(cookie).contains("Max-Age=" + SecurityConfiguration.REMEMBER_ME.toSeconds());

        // as behind a TLS-terminating proxy, which says so in X-Forwarded-Proto
        Web secure = new Web(port, "10.97.0.2");
        secure.get("/sign-in");
        HttpResponse<String> overHttps = secure.postWithHeaders(
                "/sign-in",
                Map.of("email", member.email(), "password", PASSWORD, "remember-me", "true"),
                "X-Forwarded-Proto",
                "https");
        assertThat(setCookie(overHttps, "SOUK_REMEMBER"))
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax")
                .contains("Secure");
    }

    @Test
    void theCsrfTokenChangesAtSignInAndTheOldOneIsRefused() {
        Signed member = Members.verifiedMember(new Http(port), "Csrf Checker");
        Web web = new Web(port, "10.98.0.1");
        web.get("/sign-in");
        String before = web.csrfToken();
        assertThat(web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD))
                        .statusCode())
                .isEqualTo(302);

        HttpResponse<String> stale = web.post("/account/profile", profile("Planted Name"));
        assertThat(stale.statusCode()).as("the token from before sign-in").isEqualTo(403);
        assertThat(displayName(member)).isEqualTo("Csrf Checker");

        web.get("/account");
        assertThat(web.csrfToken()).isNotEqualTo(before);
        assertThat(web.post("/account/profile", profile("Fresh Name")).statusCode())
                .isEqualTo(302);
        assertThat(displayName(member)).isEqualTo("Fresh Name");
    }

    @Test
    void theCsrfTokenChangesAfterThePasswordAndAgainAfterTheCode() {
        Signed member = Members.verifiedMember(new Http(port), "Csrf Careful");
        String secret =
                TwoFactor.enrol(signedIn(member, "10.99.0.1"), PASSWORD, clock).secret();
        Web web = new Web(port, "10.99.0.2");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        String code = TwoFactor.code(secret, clock.instant().plusSeconds(30));

        assertThat(web.post("/sign-in/second-factor", Map.of("code", code)).statusCode())
                .as("the token from before the password")
                .isEqualTo(403);
        web.get("/sign-in/second-factor");
        assertThat(web.post("/sign-in/second-factor", Map.of("code", code)).statusCode())
                .isEqualTo(302);

        assertThat(web.post("/account/profile", profile("Planted Name")).statusCode())
                .as("the token from before the code")
                .isEqualTo(403);
        assertThat(displayName(member)).isEqualTo("Csrf Careful");
        web.get("/account");
        assertThat(web.post("/account/profile", profile("Fresh Name")).statusCode())
                .isEqualTo(302);
        assertThat(displayName(member)).isEqualTo("Fresh Name");
    }

    private Web signedIn(Signed member, String address) {
        Web web = new Web(port, address);
        web.get("/sign-in");
        assertThat(web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD))
                        .statusCode())
                .isEqualTo(302);
        return web;
    }

    private static Map<String, String> profile(String name) {
        return Map.of("displayName", name, "bio", "", "city", "");
    }

    private String displayName(Signed member) {
        return jdbc.sql("SELECT display_name FROM members WHERE id = :id")
                .param("id", member.id())
                .query(String.class)
                .single();
    }

    private static String setCookie(HttpResponse<String> response, String name) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        return cookies.stream()
                .filter(c -> HttpCookie.parse(c).get(0).getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + cookies));
    }

    /** Spring Security's cookie: base64 of "series:token", each part URL-encoded. */
    private static String[] decode(String cookie) {
        return Arrays.stream(new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8).split(":"))
                .map(part -> URLDecoder.decode(part, StandardCharsets.UTF_8))
                .toArray(String[]::new);
    }

    private static String encode(String series, String token) {
        String joined = URLEncoder.encode(series, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return Base64.getEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }
}
