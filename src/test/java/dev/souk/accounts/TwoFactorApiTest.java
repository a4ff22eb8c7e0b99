package dev.souk.accounts;

import static dev.souk.testing.Members.PASSWORD;
import static dev.souk.testing.Members.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.TwoFactor.Enrolled;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * API tokens for members with two-step verification, and operators, who act as operators only once
 * they sign in with it.
 */
@SoukTest
@Import(WithMailbox.class)
class TwoFactorApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    Accounts accounts;

    @Autowired
    Marketplace marketplace;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aTokenForAMemberWithTwoStepVerificationTakesTheCode() {
        Http http = new Http(port);
        Signed member = Members.verifiedMember(http, "Api Careful Person");
        Enrolled enrolled = TwoFactor.enrol(signedIn(member, "10.90.0.1"), PASSWORD, clock);
        int before = tokens(member.id());

        HttpResponse<String> without = token(http, member.email(), null, "10.90.0.2");
        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(field(without.body(), "type")).isEqualTo("urn:souk:problem:unauthorized");
        assertThat(field(without.body(), "code")).isEqualTo("accounts.secondFactorRequired");

        String next = TwoFactor.code(enrolled.secret(), clock.instant().plusSeconds(30));
        HttpResponse<String> wrong =
                token(http, member.email(), next.equals("000000") ? "111111" : "000000", "10.90.0.2");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(field(wrong.body(), "code")).isEqualTo("accounts.secondFactorWrong");
        assertThat(tokens(member.id())).as("nothing issued").isEqualTo(before);

        HttpResponse<String> issued = token(http, member.email(), next, "10.90.0.2");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(http.get("/api/v1/me", "Authorization", "Bearer " + field(issued.body(), "token"))
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> replayed = token(http, member.email(), next, "10.90.0.2");
        assertThat(replayed.statusCode()).as("a code works once").isEqualTo(401);
        assertThat(field(replayed.body(), "code")).isEqualTo("accounts.secondFactorWrong");

        HttpResponse<String> recovered =
                token(http, member.email(), enrolled.recoveryCodes().get(0), "10.90.0.2");
        assertThat(recovered.statusCode())
                .as("a recovery code stands in for the app")
                .isEqualTo(201);
        assertThat(tokens(member.id())).isEqualTo(before + 2);
    }

    @Test
    void anOperatorWithoutTwoStepVerificationIsTakenToTurnItOnAndCantActAsOperatorTillThen() {
        Http http = new Http(port);
        TestCatalog catalog = new TestCatalog(marketplace);
        Signed owner = Members.verifiedMember(http, "Draft Owner");
        String draft = field(
                http.postJson("/api/v1/listings", """
                        {"listingType": "%s", "category": "%s", "title": "Unfinished"}""".formatted(catalog.stays, catalog.rooms), owner.auth())
                        .body(),
                "id");
        Signed suspect = Members.verifiedMember(http, "Suspect Member");

        String email = Members.uniqueEmail("mfa-operator");
        accounts.ensureOperator(email, "operator-mfa-words", "Mfa Operator");
        Web console = new Web(port, "10.92.0.1");
        console.get("/sign-in");
        HttpResponse<String> signedIn =
                console.post("/sign-in", Map.of("email", email, "password", "operator-mfa-words"));
        assertThat(location(signedIn)).isEqualTo("/account/two-factor");
        HttpResponse<String> setup = console.follow(signedIn);
        assertThat(setup.body()).contains("Operators sign in with two-step verification");

        for (String path : new String[] {"/admin", "/admin/members", "/admin/marketplace"}) {
            HttpResponse<String> refused = console.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(302);
            assertThat(location(refused)).as(path).isEqualTo("/account/two-factor");
        }
        console.get("/account/two-factor");
        HttpResponse<String> suspend =
                console.post("/admin/members/" + suspect.id() + "/suspend", Map.of("reason", "Looks odd"));
        assertThat(suspend.statusCode()).isEqualTo(302);
        assertThat(status(suspect.id())).as("nothing was done").isEqualTo("active");

        HttpResponse<String> plainToken = http.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "operator-mfa-words"}""".formatted(email));
        assertThat(plainToken.statusCode()).isEqualTo(201);
        String[] plain = {"Authorization", "Bearer " + field(plainToken.body(), "token")};
        assertThat(http.get("/api/v1/listings/" + draft, plain).statusCode())
                .as("without a second factor an operator sees others' drafts no more than a member does")
                .isEqualTo(404);

        Enrolled enrolled = TwoFactor.enrol(console, "operator-mfa-words", clock);
        assertThat(console.get("/admin").statusCode()).isEqualTo(200);
        assertThat(http.get("/api/v1/listings/" + draft, plain).statusCode())
                .as("the token made with the password alone was revoked")
                .isEqualTo(401);

        HttpResponse<String> withCode = token(
                http,
                email,
                "operator-mfa-words",
                TwoFactor.code(enrolled.secret(), clock.instant().plusSeconds(30)),
                "10.92.0.2");
        assertThat(withCode.statusCode()).isEqualTo(201);
        assertThat(http.get("/api/v1/listings/" + draft, "Authorization", "Bearer " + field(withCode.body(), "token"))
                        .statusCode())
                .isEqualTo(200);

        console.get("/account/two-factor");
        HttpResponse<String> off = console.post(
                "/account/two-factor/disable",
                Map.of(
                        "currentPassword",
                        "operator-mfa-words",
                        "code",
                        enrolled.recoveryCodes().get(0)));
        assertThat(off.statusCode()).isEqualTo(302);
        assertThat(location(console.get("/admin")))
                .as("turned off, the console is closed again")
                .isEqualTo("/account/two-factor");
    }

    private static String location(HttpResponse<String> redirect) {
        return URI.create(redirect.headers().firstValue("Location").orElseThrow())
                .getPath();
    }

    private Web signedIn(Signed member, String address) {
        Web web = new Web(port, address);
        web.get("/sign-in");
        HttpResponse<String> response = web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return web;
    }

    private HttpResponse<String> token(Http http, String email, String code, String address) {
        return token(http, email, PASSWORD, code, address);
    }

    private HttpResponse<String> token(Http http, String email, String password, String code, String address) {
        String json = code == null
                ? "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, password)
                : "{\"email\":\"%s\",\"password\":\"%s\",\"code\":\"%s\"}".formatted(email, password, code);
        return http.postJson("/api/v1/auth/tokens", json, "X-Forwarded-For", address);
    }

    private int tokens(UUID memberId) {
        return jdbc.sql("SELECT count(*) FROM api_tokens WHERE member_id = :id")
                .param("id", memberId)
                .query(Integer.class)
                .single();
    }

    private String status(UUID memberId) {
        return jdbc.sql("SELECT status FROM members WHERE id = :id")
                .param("id", memberId)
                .query(String.class)
                .single();
    }
}
