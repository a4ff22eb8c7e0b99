package dev.souk.accounts;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.TwoFactor.Enrolled;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two-step verification on pages: turning it on, signing in with it, recovery codes, turning it off. */
@SoukTest
@Import(WithMailbox.class)
class TwoFactorPagesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void memberTurnsItOnWithTheQrCodeAndAFirstCodeAndThenSignsInWithACode() {
        Signed member = Members.verifiedMember(new Http(port), "Careful Person");
        Web web = signedIn(member, "10.70.0.1");

        HttpResponse<String> setup = web.get("/account/two-factor");
        assertThat(setup.statusCode()).isEqualTo(200);
        String secret = TwoFactor.secret(setup.body());
        assertThat(secret).hasSize(32).matches("[A-Z2-7]+");
        assertThat(setup.body())
                .contains("<img id=\"totp-qr\" src=\"data:image/svg+xml;base64,")
                .contains("name=\"code\"")
                .contains("autocomplete=\"one-time-code\"");
        assertThat(TwoFactor.secret(web.get("/account/two-factor").body()))
                .as("a reload shows the same secret, so a scan made before it still counts")
                .isEqualTo(secret);

        HttpResponse<String> wrong = web.post(
                "/account/two-factor",
                Map.of("code", otherThan(TwoFactor.code(secret, clock.instant())), "currentPassword", PASSWORD));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("id=\"f-code-error\"").contains("This code isn");
        assertThat(enabled(member)).isFalse();

        HttpResponse<String> wrongPassword = web.post(
                "/account/two-factor",
                Map.of("code", TwoFactor.code(secret, clock.instant()), "currentPassword", "not-my-password"));
        assertThat(wrongPassword.statusCode()).isEqualTo(400);
        assertThat(wrongPassword.body()).contains("id=\"f-currentPassword-error\"");
        assertThat(enabled(member))
                .as("a borrowed signed-in browser can't turn it on")
                .isFalse();

        HttpResponse<String> on = web.post(
                "/account/two-factor",
                Map.of("code", TwoFactor.code(secret, clock.instant()), "currentPassword", PASSWORD));
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(on.body()).contains("Two-step verification is on.");
        assertThat(TwoFactor.recoveryCodes(on.body())).hasSize(10).doesNotHaveDuplicates();
        assertThat(enabled(member)).isTrue();

        HttpResponse<String> later = web.get("/account/two-factor");
        assertThat(later.body())
                .as("the secret is never shown again")
                .doesNotContain(secret.substring(0, 4) + " " + secret.substring(4, 8))
                .doesNotContain("totp-qr")
                .contains("Unused recovery codes: 10.");

        Web again = new Web(port, "10.70.0.2");
        again.get("/sign-in");
        HttpResponse<String> password = again.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(password.statusCode()).isEqualTo(302);
        assertThat(password.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in/second-factor"));
        assertThat(again.get("/account").statusCode())
                .as("not signed in until the code is right")
                .isEqualTo(302);
        HttpResponse<String> step = again.get("/sign-in/second-factor");
        assertThat(step.statusCode()).isEqualTo(200);
        assertThat(step.body()).contains("name=\"code\"");

        HttpResponse<String> signedIn = again.post(
                "/sign-in/second-factor",
                Map.of("code", TwoFactor.code(secret, clock.instant().plusSeconds(30))));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(location(signedIn))
                .as("back to the page that asked to sign in")
                .isEqualTo("/account?continue");
        assertThat(again.get("/account").statusCode()).isEqualTo(200);
    }

    @Test
    void aCodeWorksOnceAndOnlyWithinOneStepOfNow() {
        startOfAStep();
        Signed member = Members.verifiedMember(new Http(port), "Timely Person");
        Enrolled enrolled = TwoFactor.enrol(signedIn(member, "10.71.0.1"), PASSWORD, clock);
        String secret = enrolled.secret();

        Web first = waitingForCode(member, "10.71.0.2");
        assertThat(first.post("/sign-in/second-factor", Map.of("code", TwoFactor.code(secret, clock.instant())))
                        .statusCode())
                .as("the code that turned it on is spent")
                .isEqualTo(401);
        assertThat(first.post(
                        "/sign-in/second-factor",
                        Map.of("code", TwoFactor.code(secret, clock.instant().plusSeconds(60)))))
                .extracting(HttpResponse::statusCode)
                .as("two steps ahead is too far")
                .isEqualTo(401);
        assertThat(first.post(
                        "/sign-in/second-factor",
                        Map.of("code", TwoFactor.code(secret, clock.instant().plusSeconds(30)))))
                .extracting(HttpResponse::statusCode)
                .as("a clock one step ahead is fine")
                .isEqualTo(302);

        Web second = waitingForCode(member, "10.71.0.3");
        assertThat(second.post(
                        "/sign-in/second-factor",
                        Map.of("code", TwoFactor.code(secret, clock.instant().plusSeconds(30)))))
                .extracting(HttpResponse::statusCode)
                .as("the same code in another browser, within its window")
                .isEqualTo(401);

        clock.advance(Duration.ofSeconds(90));
        assertThat(second.post(
                        "/sign-in/second-factor",
                        Map.of("code", TwoFactor.code(secret, clock.instant().minusSeconds(30)))))
                .extracting(HttpResponse::statusCode)
                .as("a clock one step behind is fine too")
                .isEqualTo(302);
        assertThat(second.get("/account").statusCode()).isEqualTo(200);
    }

    @Test
    void fiveWrongCodesSendTheSignInBackToThePasswordStep() {
        Signed member = Members.verifiedMember(new Http(port), "Fumbling Person");
        String secret =
                TwoFactor.enrol(signedIn(member, "10.72.0.1"), PASSWORD, clock).secret();
        Web web = waitingForCode(member, "10.72.0.2");
        String wrong = otherThan(TwoFactor.code(secret, clock.instant().plusSeconds(30)));

        for (int left = 4; left >= 1; left--) {
            HttpResponse<String> refused = web.post("/sign-in/second-factor", Map.of("code", wrong));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body())
                    .contains("id=\"f-code-error\"")
                    .contains(left == 1 ? "One more try" : left + " more tries");
        }
        HttpResponse<String> fifth = web.post("/sign-in/second-factor", Map.of("code", wrong));
        assertThat(fifth.statusCode()).isEqualTo(401);
        assertThat(fifth.body()).contains("Too many wrong codes").contains("action=\"/sign-in\"");
        assertThat(waitingSignIns(member)).isZero();

        HttpResponse<String> late = web.post(
                "/sign-in/second-factor",
                Map.of("code", TwoFactor.code(secret, clock.instant().plusSeconds(30))));
        assertThat(late.statusCode()).isEqualTo(302);
        assertThat(late.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
        assertThat(web.get("/account").statusCode())
                .as("even the right code no longer signs in")
                .isEqualTo(302);
    }

    @Test
    void theCodeStepLastsFiveMinutes() {
        Signed member = Members.verifiedMember(new Http(port), "Slow Person");
        String secret =
                TwoFactor.enrol(signedIn(member, "10.73.0.1"), PASSWORD, clock).secret();
        Web web = waitingForCode(member, "10.73.0.2");
        clock.advance(SecondFactors.CHALLENGE_LIFETIME.plusSeconds(1));
        HttpResponse<String> late =
                web.post("/sign-in/second-factor", Map.of("code", TwoFactor.code(secret, clock.instant())));
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(late.body()).contains("Sign in again");
        assertThat(web.get("/account").statusCode()).isEqualTo(302);
    }

    @Test
    void aRecoveryCodeWorksOnceInsteadOfTheAppsCode() {
        Signed member = Members.verifiedMember(new Http(port), "Phoneless Person");
        Enrolled enrolled = TwoFactor.enrol(signedIn(member, "10.74.0.1"), PASSWORD, clock);
        String recovery = enrolled.recoveryCodes().get(3);

        Web web = waitingForCode(member, "10.74.0.2");
        HttpResponse<String> in = web.post(
                "/sign-in/second-factor", Map.of("code", recovery.toUpperCase().replace("-", " ")));
        assertThat(in.statusCode()).as("case, dashes and spaces don't matter").isEqualTo(302);
        assertThat(web.get("/account/two-factor").body()).contains("Unused recovery codes: 9.");

        Web again = waitingForCode(member, "10.74.0.3");
        assertThat(again.post("/sign-in/second-factor", Map.of("code", recovery))
                        .statusCode())
                .isEqualTo(401);
        assertThat(again.get("/account").statusCode()).isEqualTo(302);
    }

    @Test
    void keepMeSignedInIsRememberedOnlyOnceTheCodeIsRight() {
        Signed member = Members.verifiedMember(new Http(port), "Remembered Careful Person");
        String secret =
                TwoFactor.enrol(signedIn(member, "10.75.0.1"), PASSWORD, clock).secret();
        Web web = new Web(port, "10.75.0.2");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD, "remember-me", "true"));
        assertThat(web.cookie("SOUK_REMEMBER"))
                .as("no cookie after the password alone")
                .isEmpty();
        assertThat(rememberedDevices(member)).isZero();

        web.get("/sign-in/second-factor");
        web.post(
                "/sign-in/second-factor",
                Map.of("code", TwoFactor.code(secret, clock.instant().plusSeconds(30))));
        assertThat(web.cookie("SOUK_REMEMBER")).isPresent();
        assertThat(rememberedDevices(member)).isOne();

        web.forgetCookie("SOUK_SESSION");
        assertThat(web.get("/account").statusCode()).isEqualTo(200);
    }

    @Test
    void turningItOnSignsOutOtherDevicesAndRevokesApiTokens() {
        Http http = new Http(port);
        Signed member = Members.verifiedMember(http, "Tidy Person");
        Web laptop = signedIn(member, "10.76.0.1");
        Web phone = signedIn(member, "10.76.0.2");

        TwoFactor.enrol(laptop, PASSWORD, clock);

        assertThat(laptop.get("/account").statusCode()).isEqualTo(200);
        assertThat(phone.get("/account").statusCode()).isEqualTo(302);
        assertThat(http.get("/api/v1/me", member.auth()).statusCode()).isEqualTo(401);
    }

    @Test
    void newRecoveryCodesReplaceTheOldOnes() {
        Signed member = Members.verifiedMember(new Http(port), "Organised Person");
        Web web = signedIn(member, "10.77.0.1");
        Enrolled enrolled = TwoFactor.enrol(web, PASSWORD, clock);

        HttpResponse<String> refused =
                web.post("/account/two-factor/recovery-codes", Map.of("password", "not-my-password"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"f-password-error\"").doesNotContain("id=\"recovery-codes\"");

        HttpResponse<String> made = web.post("/account/two-factor/recovery-codes", Map.of("password", PASSWORD));
        assertThat(made.statusCode()).isEqualTo(200);
        var fresh = TwoFactor.recoveryCodes(made.body());
        assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(enrolled.recoveryCodes());

        Web old = waitingForCode(member, "10.77.0.2");
        assertThat(old.post(
                                "/sign-in/second-factor",
                                Map.of("code", enrolled.recoveryCodes().get(0)))
                        .statusCode())
                .isEqualTo(401);
        assertThat(old.post("/sign-in/second-factor", Map.of("code", fresh.get(0)))
                        .statusCode())
                .isEqualTo(302);
    }

    @Test
    void turningItOffTakesThePasswordAndACode() {
        Signed member = Members.verifiedMember(new Http(port), "Relaxed Person");
        Web web = signedIn(member, "10.78.0.1");
        Enrolled enrolled = TwoFactor.enrol(web, PASSWORD, clock);
        Web other = waitingForCode(member, "10.78.0.2");
        other.post(
                "/sign-in/second-factor",
                Map.of("code", enrolled.recoveryCodes().get(0)));
        assertThat(other.get("/account").statusCode()).isEqualTo(200);

        web.get("/account/two-factor");
        HttpResponse<String> noCode =
                web.post("/account/two-factor/disable", Map.of("currentPassword", PASSWORD, "code", "123 456 7"));
        assertThat(noCode.statusCode()).isEqualTo(400);
        assertThat(noCode.body()).contains("id=\"f-code-error\"");
        HttpResponse<String> noPassword = web.post(
                "/account/two-factor/disable",
                Map.of(
                        "currentPassword",
                        "not-my-password",
                        "code",
                        enrolled.recoveryCodes().get(1)));
        assertThat(noPassword.statusCode()).isEqualTo(400);
        assertThat(noPassword.body()).contains("id=\"f-currentPassword-error\"");
        assertThat(enabled(member)).isTrue();

        HttpResponse<String> off = web.post(
                "/account/two-factor/disable",
                Map.of(
                        "currentPassword",
                        PASSWORD,
                        "code",
                        TwoFactor.code(enrolled.secret(), clock.instant().plusSeconds(30))));
        assertThat(off.statusCode()).isEqualTo(302);
        assertThat(web.follow(off).body()).contains("Two-step verification is off.");
        assertThat(enabled(member)).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM member_recovery_codes WHERE member_id = :id")
                        .param("id", member.id())
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(other.get("/account").statusCode())
                .as("other devices signed out")
                .isEqualTo(302);

        Web plain = new Web(port, "10.78.0.3");
        plain.get("/sign-in");
        HttpResponse<String> in = plain.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(location(in)).isEqualTo("/");
    }

    @Test
    void theSecretIsKeptEncryptedAndTheStepWithoutASignInWaitingGoesBackToSignIn() {
        Signed member = Members.verifiedMember(new Http(port), "Private Person");
        String secret =
                TwoFactor.enrol(signedIn(member, "10.79.0.1"), PASSWORD, clock).secret();

        byte[] stored = jdbc.sql("SELECT totp_secret FROM members WHERE id = :id")
                .param("id", member.id())
                .query(byte[].class)
                .single();
        byte[] raw = org.bouncycastle.util.encoders.Base32.decode(secret);
        assertThat(indexOf(stored, raw)).as("the raw secret is not in the row").isEqualTo(-1);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(new String(Base64.getEncoder().encode(stored), StandardCharsets.US_ASCII))
                .doesNotContain(Base64.getEncoder().encodeToString(raw));

        Web visitor = new Web(port, "10.79.0.2");
        HttpResponse<String> nothing = visitor.get("/sign-in/second-factor");
        assertThat(nothing.statusCode()).isEqualTo(302);
        assertThat(nothing.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
        visitor.get("/sign-in");
        assertThat(visitor.post("/sign-in/second-factor", Map.of("code", "123456"))
                        .headers()
                        .firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
    }

    @Test
    void deletingTheAccountErasesTheSecretAndRecoveryCodes() throws InterruptedException {
        Signed member = Members.verifiedMember(new Http(port), "Departing Careful Person");
        Web web = signedIn(member, "10.80.0.1");
        TwoFactor.enrol(web, PASSWORD, clock);
        web.get("/account/delete");
        assertThat(web.post("/account/delete", Map.of("currentPassword", PASSWORD))
                        .statusCode())
                .isEqualTo(302);

        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (secretKept(member) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(secretKept(member)).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM member_recovery_codes WHERE member_id = :id")
                        .param("id", member.id())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Moves the clock to the start of a 30-second step, so a test's codes don't cross into the next. */
    private void startOfAStep() {
        long into = clock.instant().getEpochSecond() % 30;
        clock.advance(Duration.ofSeconds(30 - into));
    }

    private static String location(HttpResponse<String> redirect) {
        URI target = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        return target.getPath() + (target.getQuery() == null ? "" : "?" + target.getQuery());
    }

    private Web signedIn(Signed member, String address) {
        Web web = new Web(port, address);
        web.get("/sign-in");
        HttpResponse<String> response = web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return web;
    }

    /** A browser whose password step is done, showing the code step. */
    private Web waitingForCode(Signed member, String address) {
        Web web = new Web(port, address);
        web.get("/sign-in");
        HttpResponse<String> password = web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(password.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in/second-factor"));
        web.follow(password);
        return web;
    }

    private boolean enabled(Signed member) {
        return jdbc.sql("SELECT totp_enabled_at IS NOT NULL FROM members WHERE id = :id")
                .param("id", member.id())
                .query(Boolean.class)
                .single();
    }

    private boolean secretKept(Signed member) {
        return jdbc.sql("SELECT totp_secret IS NOT NULL OR totp_enabled_at IS NOT NULL FROM members WHERE id = :id")
                .param("id", member.id())
                .query(Boolean.class)
                .single();
    }

    private int waitingSignIns(Signed member) {
        return jdbc.sql("SELECT count(*) FROM sign_in_challenges WHERE member_id = :id")
                .param("id", member.id())
                .query(Integer.class)
                .single();
    }

    private int rememberedDevices(Signed member) {
        return jdbc.sql("SELECT count(*) FROM remember_me_tokens WHERE member_id = :id")
                .param("id", member.id())
                .query(Integer.class)
                .single();
    }

    private static String otherThan(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
