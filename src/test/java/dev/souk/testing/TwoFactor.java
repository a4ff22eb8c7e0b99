package dev.souk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.microsoft.playwright.Page;
import java.net.http.HttpResponse;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;

/**
 * Two-step verification as a member does it with an authenticator app: the secret read from the
 * enrolment page, codes computed from it at the app's clock (pass the test's clock, which the app uses).
 */
public final class TwoFactor {

    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)</code>");
    private static final Pattern RECOVERY_CODE =
            Pattern.compile("<li class=\"col\">([0-9a-z]{4}(?:-[0-9a-z]{4}){3})</li>");
    private static final TimeBasedOneTimePasswordGenerator CODES = new TimeBasedOneTimePasswordGenerator(
            Duration.ofSeconds(30), 6, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    private TwoFactor() {}

    /** What the enrolment showed: the secret (base32, as typed into an app) and the recovery codes. */
    public record Enrolled(String secret, List<String> recoveryCodes) {}

    /** The code an authenticator app holding this secret shows at this moment. */
    public static String code(String secret, Instant at) {
        try {
            return CODES.generateOneTimePasswordString(
                    new SecretKeySpec(Base32.decode(secret.replace(" ", "")), "HmacSHA1"), at);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The secret shown as text on the enrolment page. */
    public static String secret(String enrolmentPage) {
        Matcher matcher = SECRET.matcher(enrolmentPage);
        if (!matcher.find()) {
            throw new AssertionError("no secret on the page: " + enrolmentPage);
        }
        return matcher.group(1).replace(" ", "");
    }

    public static List<String> recoveryCodes(String page) {
        return RECOVERY_CODE.matcher(page).results().map(m -> m.group(1)).toList();
    }

    /** Turns two-step verification on for the member signed in on this browser, as on the settings page. */
    public static Enrolled enrol(Web web, String password, Clock clock) {
        String secret = secret(web.get("/account/two-factor").body());
        HttpResponse<String> on = web.post(
                "/account/two-factor", Map.of("code", code(secret, clock.instant()), "currentPassword", password));
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        List<String> recoveryCodes = recoveryCodes(on.body());
        assertThat(recoveryCodes).hasSize(10);
        return new Enrolled(secret, recoveryCodes);
    }

    /**
     * An operator (made with {@code Accounts.ensureOperator}) signing in for the first time: the password,
     * then the enrolment Souk takes operators to. The browser is then signed in as an operator.
     */
    public static Web operator(int port, String address, String email, String password, Clock clock) {
        Web web = new Web(port, address);
        web.get("/sign-in");
        HttpResponse<String> signedIn = web.post("/sign-in", Map.of("email", email, "password", password));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location"))
                .as("operators are taken to turn on two-step verification")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/account/two-factor"));
        enrol(web, password, clock);
        return web;
    }

    /**
     * A member with two-step verification on signing in: the password, then {@code code} (from the app
     * or a recovery code). The browser then holds the form token of a signed-in page (it changes at sign-in).
     */
    public static Web signIn(Web web, String email, String password, String code) {
        web.get("/sign-in");
        HttpResponse<String> first = web.post("/sign-in", Map.of("email", email, "password", password));
        assertThat(first.headers().firstValue("Location"))
                .as(first.body())
                .hasValueSatisfying(location -> assertThat(location).endsWith("/sign-in/second-factor"));
        web.follow(first);
        HttpResponse<String> second = web.post("/sign-in/second-factor", Map.of("code", code));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(302);
        web.get("/account");
        return web;
    }

    /** {@link #operator} in a browser, from the sign-in form to the recovery codes. */
    public static void operator(Page page, String base, String email, String password, Clock clock) {
        page.navigate(base + "/sign-in");
        page.getByLabel("Email address").fill(email);
        page.getByLabel("Password").fill(password);
        page.locator("form[action='/sign-in'] button[type=submit]").click();
        page.waitForURL(url -> url.endsWith("/account/two-factor"));
        enrol(page, password, clock);
    }

    /** Turns two-step verification on in a browser that shows the enrolment page. */
    public static String enrol(Page page, String password, Clock clock) {
        String secret = page.locator("#totp-secret").textContent().replace(" ", "");
        page.getByLabel("Code from the app").fill(code(secret, clock.instant()));
        page.getByLabel("Current password").fill(password);
        page.locator("form[action='/account/two-factor'] button[type=submit]").click();
        page.locator("#recovery-codes").waitFor();
        return secret;
    }
}
