package dev.souk.accounts;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.RateLimited;
import dev.souk.testing.StrictLimits;
import dev.souk.testing.Web;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The accounts module's rate limits at their defaults: whatever mails someone, 10 an hour per client
 * address and 3 an hour per address mailed; API tokens 10 an hour per member.
 */
@StrictLimits
class AccountLimitsTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    /** Three an hour: one more every 20 minutes. */
    private static final long PER_EMAIL_REFILL = 1200;
    /** Ten an hour: one more every 6 minutes. */
    private static final long PER_ADDRESS_REFILL = 360;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void stopTheClock() {
        clock.stop();
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    @Test
    void signUpsAreLimitedPerClientAddress() {
        Http from = new Http(port, address());
        for (int i = 0; i < 10; i++) {
            assertThat(signUp(from, Members.uniqueEmail("joiner")).statusCode()).isEqualTo(201);
        }
        String eleventh = Members.uniqueEmail("joiner");

        RateLimited.api(signUp(from, eleventh), PER_ADDRESS_REFILL);

        assertThat(members(eleventh)).isZero();
        assertThat(mailsTo(eleventh)).isZero();
        assertThat(signUp(new Http(port, address()), eleventh).statusCode()).isEqualTo(201);
        assertThat(members(eleventh)).isOne();
    }

    @Test
    void signUpsForOneEmailAreLimitedOnThePageToo() {
        String email = Members.uniqueEmail("popular");
        for (int i = 0; i < 3; i++) {
            // the first starts the account, the next two tell its owner someone tried
            assertThat(signUpPage(new Web(port, address()), email).statusCode()).isEqualTo(200);
        }
        assertThat(mailsTo(email)).isEqualTo(3);
        Web fourth = new Web(port, address());

        HttpResponse<String> refused = signUpPage(fourth, email);

        RateLimited.page(refused, "email", PER_EMAIL_REFILL);
        assertThat(refused.body()).contains("value=\"" + email + "\"");
        assertThat(mailsTo(email)).isEqualTo(3);
        assertThat(signUpPage(fourth, Members.uniqueEmail("other")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void verificationMailsAreLimitedPerEmailAndPerClientAddress() {
        Signed newcomer = Members.unverifiedMember(new Http(port, address()), "Slow Reader");
        for (int i = 0; i < 3; i++) {
            assertThat(resend(new Web(port, address()), newcomer.email()).body())
                    .contains("a new link is on its way");
        }
        assertThat(mailsTo(newcomer.email())).isEqualTo(4);

        RateLimited.page(resend(new Web(port, address()), newcomer.email()), "email", PER_EMAIL_REFILL);
        assertThat(mailsTo(newcomer.email())).isEqualTo(4);

        Web one = new Web(port, address());
        for (int i = 0; i < 10; i++) {
            assertThat(resend(one, Members.uniqueEmail("nobody")).statusCode()).isEqualTo(200);
        }
        RateLimited.page(resend(one, Members.uniqueEmail("nobody")), "email", PER_ADDRESS_REFILL);
        assertThat(resend(new Web(port, address()), Members.uniqueEmail("nobody"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void passwordResetsAreLimitedPerEmailAndPerClientAddress() {
        Signed member = Members.verifiedMember(new Http(port, address()), "Forgetful Person");
        int before = mailsTo(member.email());
        for (int i = 0; i < 3; i++) {
            assertThat(reset(new Http(port, address()), member.email()).statusCode())
                    .isEqualTo(202);
        }

        RateLimited.api(reset(new Http(port, address()), member.email()), PER_EMAIL_REFILL);
        assertThat(mailsTo(member.email())).isEqualTo(before + 3);
        assertThat(accountTokens(member.id(), "reset_password")).isEqualTo(3);

        Http one = new Http(port, address());
        for (int i = 0; i < 10; i++) {
            assertThat(reset(one, Members.uniqueEmail("nobody")).statusCode()).isEqualTo(202);
        }
        RateLimited.api(reset(one, Members.uniqueEmail("nobody")), PER_ADDRESS_REFILL);
        assertThat(reset(new Http(port, address()), Members.uniqueEmail("nobody"))
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void emailChangesAreLimitedPerNewAddressAndPerClientAddress() {
        Signed member = Members.verifiedMember(new Http(port, address()), "Moving Person");
        String target = Members.uniqueEmail("target");
        for (int i = 0; i < 3; i++) {
            assertThat(changeEmail(signedIn(member), target).statusCode()).isEqualTo(200);
        }

        RateLimited.page(changeEmail(signedIn(member), target), "newEmail", PER_EMAIL_REFILL);
        assertThat(mailsTo(target)).isEqualTo(3);
        assertThat(accountTokens(member.id(), "change_email")).isEqualTo(3);

        Web one = signedIn(member);
        for (int i = 0; i < 10; i++) {
            assertThat(changeEmail(one, Members.uniqueEmail("elsewhere")).statusCode())
                    .isEqualTo(200);
        }
        String last = Members.uniqueEmail("elsewhere");
        RateLimited.page(changeEmail(one, last), "newEmail", PER_ADDRESS_REFILL);
        assertThat(mailsTo(last)).isZero();
        assertThat(changeEmail(signedIn(member), last).statusCode()).isEqualTo(200);
    }

    @Test
    void apiTokensAreLimitedPerMember() {
        Signed member = Members.verifiedMember(new Http(port, address()), "Token Collector");
        Http from = new Http(port, address());
        for (int i = 1; i < 10; i++) {
            assertThat(token(from, member.email()).statusCode()).isEqualTo(201);
        }
        assertThat(apiTokens(member.id())).isEqualTo(10);

        RateLimited.api(token(new Http(port, address()), member.email()), PER_ADDRESS_REFILL);
        Web settings = signedIn(member);
        settings.get("/account/security");
        RateLimited.page(settings.post("/account/security/tokens", Map.of("label", "one more")), "label", 360);
        assertThat(apiTokens(member.id())).isEqualTo(10);

        Signed other = Members.verifiedMember(new Http(port, address()), "Other Collector");
        assertThat(token(from, other.email()).statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> signUp(Http from, String email) {
        return from.postJson("/api/v1/accounts", """
                {"email": "%s", "password": "%s", "displayName": "Joining Person"}""".formatted(email, PASSWORD));
    }

    private static HttpResponse<String> signUpPage(Web web, String email) {
        web.get("/sign-up");
        return web.post("/sign-up", Map.of("email", email, "password", PASSWORD, "displayName", "Page Joiner"));
    }

    private static HttpResponse<String> resend(Web web, String email) {
        web.get("/verify-email/resend");
        return web.post("/verify-email/resend", Map.of("email", email));
    }

    private static HttpResponse<String> reset(Http from, String email) {
        return from.postJson("/api/v1/accounts/password-reset", "{\"email\": \"" + email + "\"}");
    }

    private static HttpResponse<String> changeEmail(Web web, String newEmail) {
        web.get("/account/email");
        return web.post("/account/email", Map.of("newEmail", newEmail, "currentPassword", PASSWORD));
    }

    private static HttpResponse<String> token(Http from, String email) {
        return from.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s"}""".formatted(email, PASSWORD));
    }

    private Web signedIn(Signed member) {
        Web web = new Web(port, address());
        web.get("/sign-in");
        HttpResponse<String> response = web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return web;
    }

    private int members(String email) {
        return jdbc.sql("SELECT count(*) FROM members WHERE lower(email) = lower(?)")
                .param(email)
                .query(Integer.class)
                .single();
    }

    private int mailsTo(String email) {
        return jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient = ?")
                .param(email)
                .query(Integer.class)
                .single();
    }

    private int accountTokens(UUID memberId, String purpose) {
        return jdbc.sql("SELECT count(*) FROM account_tokens WHERE member_id = ? AND purpose = ?")
                .param(memberId)
                .param(purpose)
                .query(Integer.class)
                .single();
    }

    private int apiTokens(UUID memberId) {
        return jdbc.sql("SELECT count(*) FROM api_tokens WHERE member_id = ?")
                .param(memberId)
                .query(Integer.class)
                .single();
    }

    /** A client address no other test uses. */
    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10.72." + (n / 250) + "." + (n % 250 + 1);
    }
}
