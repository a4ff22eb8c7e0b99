package dev.souk.accounts;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.Mailbox;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

@SoukTest
@Import(WithMailbox.class)
class AccountPagesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @Autowired
    MutableClock clock;

    @Test
    void visitorSignsUpConfirmsTheMailedLinkAndSignsIn() {
        Web web = new Web(port, "10.20.0.1");
        String email = Members.uniqueEmail("page");

        HttpResponse<String> form = web.get("/sign-up");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<label for=\"f-email\"").contains("name=\"_csrf\"");

        HttpResponse<String> sent =
                web.post("/sign-up", Map.of("email", email, "password", PASSWORD, "displayName", "Page Person"));
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("Check your email");

        String token = Mailbox.token(email, 1, "/verify-email");
        HttpResponse<String> confirm = web.get("/verify-email?token=" + token);
        assertThat(confirm.body()).contains("Confirm my email address");
        HttpResponse<String> verified = web.post("/verify-email", Map.of("token", token));
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).contains("Email address confirmed");

        String before = web.cookie("SOUK_SESSION").orElseThrow();
        HttpResponse<String> signedIn = web.post("/sign-in", Map.of("email", email, "password", PASSWORD));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(web.cookie("SOUK_SESSION"))
                .as("a new session id at sign-in")
                .isPresent()
                .get()
                .isNotEqualTo(before);

        HttpResponse<String> home = web.follow(signedIn);
        assertThat(home.body())
                .contains("Page Person")
                .contains("action=\"/sign-out\"")
                .doesNotContain("href=\"/sign-up\"");

        HttpResponse<String> signedOut = web.post("/sign-out", Map.of());
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(web.get("/account").statusCode())
                .as("signed out: settings need sign-in")
                .isEqualTo(302);
    }

    @Test
    void wrongPasswordKeepsTheEmailAndShowsOneMessageUnderTheField() {
        Web web = new Web(port, "10.21.0.1");
        web.get("/sign-in");
        HttpResponse<String> refused =
                web.post("/sign-in", Map.of("email", "who@example.org", "password", "whatever-it-is"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body())
                .contains("value=\"who@example.org\"")
                .contains("is-invalid")
                .contains("Email or password is wrong.");
    }

    @Test
    void signUpFormErrorsAreShownNextToTheirFieldsAndValuesKept() {
        Web web = new Web(port, "10.22.0.1");
        web.get("/sign-up");
        HttpResponse<String> refused =
                web.post("/sign-up", Map.of("email", "nope", "password", "123", "displayName", "Kept Name"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("id=\"f-email-error\"")
                .contains("value=\"nope\"")
                .contains("value=\"Kept Name\"")
                .contains("aria-describedby=\"f-email-help f-email-error\"");
    }

    @Test
    void settingsNeedSignInAndAnotherMembersTokenCannotBeRevoked() {
        Http http = new Http(port);
        Signed owner = Members.verifiedMember(http, "Token Owner");
        Signed other = Members.verifiedMember(http, "Token Snoop");
        var tokenId = accounts.apiTokens(owner.id()).get(0).id();

        assertThat(new Web(port).get("/account/security").statusCode()).isEqualTo(302);

        Web snoop = new Web(port, "10.24.0.1");
        snoop.get("/sign-in");
        snoop.post("/sign-in", Map.of("email", other.email(), "password", PASSWORD));
        snoop.get("/account/security");
        HttpResponse<String> refused = snoop.post("/account/security/tokens/" + tokenId + "/revoke", Map.of());
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v1/me", owner.auth()).statusCode())
                .as("the owner's token still works")
                .isEqualTo(200);
    }

    @Test
    void changingThePasswordSignsOutOtherSessionsButNotThisOne() {
        Http http = new Http(port);
        Signed member = Members.verifiedMember(http, "Two Devices");
        Web laptop = signedIn(member, "10.25.0.1");
        Web phone = signedIn(member, "10.25.0.2");

        laptop.get("/account/password");
        HttpResponse<String> changed = laptop.post(
                "/account/password", Map.of("currentPassword", PASSWORD, "newPassword", "fresh-garden-river"));
        assertThat(changed.statusCode()).isEqualTo(302);

        assertThat(laptop.get("/account").statusCode()).isEqualTo(200);
        assertThat(phone.get("/account").statusCode())
                .as("the other device must sign in again")
                .isEqualTo(302);
        assertThat(http.get("/api/v1/me", member.auth()).statusCode()).isEqualTo(401);
        assertThat(Mailbox.subject(Mailbox.await(member.email(), 2)))
                .as("the member is told, in case it wasn't them")
                .endsWith("was changed");
    }

    @Test
    void wrongCurrentPasswordRefusesThePasswordChange() {
        Signed member = Members.verifiedMember(new Http(port), "Unsure Person");
        Web web = signedIn(member, "10.26.0.1");
        web.get("/account/password");
        HttpResponse<String> refused = web.post(
                "/account/password", Map.of("currentPassword", "not-it-at-all", "newPassword", "fresh-garden-river"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"f-currentPassword-error\"");
    }

    @Test
    void deletingTheAccountErasesPersonalDataAndKeepsTheRecord() {
        Http http = new Http(port);
        Signed member = Members.verifiedMember(http, "Leaving Person");
        http.method("PATCH", "/api/v1/me", "{\"bio\": \"bye\", \"city\": \"Faro\"}", member.auth());
        Web web = signedIn(member, "10.27.0.1");

        HttpResponse<String> data = web.get("/account/data");
        assertThat(data.statusCode()).isEqualTo(200);
        assertThat(data.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).contains("attachment"));
        assertThat(data.body()).contains(member.email()).contains("\"city\":\"Faro\"");

        web.get("/account/delete");
        HttpResponse<String> deleted = web.post("/account/delete", Map.of("currentPassword", PASSWORD));
        assertThat(deleted.statusCode()).isEqualTo(302);

        var row = jdbc.sql("SELECT email, password_hash, display_name, bio, city, status FROM members WHERE id = :id")
                .param("id", member.id())
                .query((rs, n) -> new String[] {
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)
                })
                .single();
        assertThat(row).containsExactly(null, null, "Deleted member", "", "", "deleted");
        assertThat(http.get("/api/v1/me", member.auth()).statusCode()).isEqualTo(401);
        assertThat(new Web(port).get("/members/" + member.id()).body())
                .contains("Deleted member")
                .doesNotContain("Faro");
        assertThat(web.get("/account").statusCode()).isEqualTo(302);
    }

    @Test
    void operatorSuspendsAMemberWhoIsSignedOutAndCannotSignInAgain() {
        Http http = new Http(port);
        String operatorEmail = Members.uniqueEmail("operator");
        accounts.ensureOperator(operatorEmail, "operator-secret-words", "Test Operator");
        Signed member = Members.verifiedMember(http, "Rule Breaker");
        Web memberWeb = signedIn(member, "10.28.0.2");

        Web operator = TwoFactor.operator(port, "10.28.0.1", operatorEmail, "operator-secret-words", clock);
        assertThat(operator.get("/admin/members?q=Rule").body()).contains("Rule Breaker");
        HttpResponse<String> suspended =
                operator.post("/admin/members/" + member.id() + "/suspend", Map.of("reason", "Spam listings"));
        assertThat(suspended.statusCode()).isEqualTo(302);

        assertThat(memberWeb.get("/account").statusCode()).isEqualTo(302);
        assertThat(http.get("/api/v1/me", member.auth()).statusCode()).isEqualTo(401);
        HttpResponse<String> again = http.postJson(
                "/api/v1/auth/tokens", "{\"email\":\"" + member.email() + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).contains("suspended");
        assertThat(http.get("/api/v1/members/" + member.id()).statusCode()).isEqualTo(404);
    }

    @Test
    void membersCannotOpenTheOperatorConsole() {
        Signed member = Members.verifiedMember(new Http(port), "Curious Member");
        Web web = signedIn(member, "10.29.0.1");
        assertThat(web.get("/admin/members").statusCode()).isEqualTo(403);
    }

    @Test
    void changingTheEmailNeedsTheNewAddressConfirmedAndTellsTheOldOne() {
        Signed member = Members.verifiedMember(new Http(port), "Moving Person");
        String newEmail = Members.uniqueEmail("moved");
        Web web = signedIn(member, "10.30.0.1");

        web.get("/account/email");
        HttpResponse<String> requested =
                web.post("/account/email", Map.of("newEmail", newEmail, "currentPassword", PASSWORD));
        assertThat(requested.statusCode()).isEqualTo(200);
        assertThat(accounts.account(member.id()).orElseThrow().email())
                .as("nothing changes before the new address is confirmed")
                .isEqualTo(member.email());

        String token = Mailbox.token(newEmail, 1, "/confirm-email");
        web.get("/confirm-email?token=" + token);
        assertThat(web.post("/confirm-email", Map.of("token", token)).body())
                .contains("Your email address was changed.");

        assertThat(accounts.account(member.id()).orElseThrow().email()).isEqualTo(newEmail);
        assertThat(Mailbox.subject(Mailbox.await(member.email(), 2))).contains("was changed");
        assertThat(new Http(port)
                        .postJson(
                                "/api/v1/auth/tokens",
                                "{\"email\":\"" + newEmail + "\",\"password\":\"" + PASSWORD + "\"}")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void keepMeSignedInSurvivesTheEndOfTheSession() {
        Signed member = Members.verifiedMember(new Http(port), "Remembered Person");
        Web web = new Web(port, "10.31.0.1");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD, "remember-me", "true"));
        assertThat(web.cookie("SOUK_REMEMBER")).isPresent();

        web.forgetCookie("SOUK_SESSION"); // as when the browser was closed or the session timed out
        assertThat(web.get("/account").statusCode()).isEqualTo(200);

        Web forgetful = signedIn(member, "10.31.0.2");
        forgetful.forgetCookie("SOUK_SESSION");
        assertThat(forgetful.get("/account").statusCode())
                .as("without remember me, a new session must sign in")
                .isEqualTo(302);
    }

    @Test
    void aBrowserSessionEndsAfterSevenDaysHoweverActive() {
        Signed member = Members.verifiedMember(new Http(port), "Busy Person");
        Web web = signedIn(member, "10.32.0.1");
        try {
            clock.advance(Duration.ofDays(6));
            assertThat(web.get("/account").statusCode()).isEqualTo(200);
            clock.advance(Duration.ofDays(1).plusMinutes(1));
            assertThat(web.get("/account").statusCode()).isEqualTo(302);
        } finally {
            clock.reset();
        }
    }

    private Web signedIn(Signed member, String address) {
        Web web = new Web(port, address);
        web.get("/sign-in");
        HttpResponse<String> response = web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return web;
    }
}
