package dev.souk.accounts;

import static dev.souk.testing.Members.PASSWORD;
import static dev.souk.testing.Members.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.Mailbox;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

@SoukTest
@Import(WithMailbox.class)
class AccountsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void memberSignsUpVerifiesByMailAndUsesTheApi() {
        String email = Members.uniqueEmail("nadia");
        HttpResponse<String> signUp = http.postJson("/api/v1/accounts", """
                {"email": "%s", "password": "%s", "displayName": "Nadia Benali"}""".formatted(email, PASSWORD));
        assertThat(signUp.statusCode()).isEqualTo(201);

        var mail = Mailbox.await(email, 1);
        assertThat(Mailbox.subject(mail)).contains("Confirm your email address");
        assertThat(Mailbox.text(mail)).contains("http://localhost:8080/verify-email?token=");
        assertThat(Mailbox.html(mail)).contains("http://localhost:8080/verify-email?token=");

        Signed nadia = Members.token(http, email);
        assertThat(http.get("/api/v1/me", nadia.auth()).body()).contains("\"emailVerified\":false");

        String token = Mailbox.token(email, 1, "/verify-email");
        assertThat(http.postJson("/api/v1/accounts/email-verification", "{\"token\":\"" + token + "\"}")
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> me = http.get("/api/v1/me", nadia.auth());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body())
                .contains("\"emailVerified\":true")
                .contains("\"email\":\"" + email + "\"")
                .contains("\"displayName\":\"Nadia Benali\"")
                .contains("\"roles\":[\"member\"]");

        HttpResponse<String> patched = http.method("PATCH", "/api/v1/me", """
                {"bio": "I rent out my kayak.", "city": "Lisbon"}""", nadia.auth());
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(patched.body()).contains("\"city\":\"Lisbon\"").contains("\"displayName\":\"Nadia Benali\"");

        HttpResponse<String> profile = http.get("/api/v1/members/" + nadia.id());
        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.body())
                .contains("I rent out my kayak.")
                .doesNotContain(email)
                .doesNotContain("\"email\"");
    }

    @Test
    void verificationLinkWorksOnceAndExpiresAfter24Hours() {
        Signed early = Members.unverifiedMember(http, "Early Bird");
        String token = Mailbox.token(early.email(), 1, "/verify-email");
        assertThat(verify(token).statusCode()).isEqualTo(200);
        HttpResponse<String> reused = verify(token);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.body()).contains("\"field\":\"token\"");

        Signed late = Members.unverifiedMember(http, "Late Comer");
        String lateToken = Mailbox.token(late.email(), 1, "/verify-email");
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        assertThat(verify(lateToken).statusCode()).isEqualTo(400);
        assertThat(emailVerified(late)).isFalse();
    }

    @Test
    void signUpWithATakenEmailAnswersTheSameAndWarnsTheOwner() {
        Signed owner = Members.verifiedMember(http, "Owner Person");
        String body = """
                {"email": "%s", "password": "another-fine-passphrase", "displayName": "Impostor"}""".formatted(owner.email().toUpperCase());

        HttpResponse<String> again = http.postJson("/api/v1/accounts", body);
        HttpResponse<String> fresh = http.postJson("/api/v1/accounts", """
                {"email": "%s", "password": "another-fine-passphrase", "displayName": "Newcomer"}""".formatted(Members.uniqueEmail("newcomer")));

        assertThat(again.statusCode()).isEqualTo(fresh.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(fresh.body());
        assertThat(Mailbox.subject(Mailbox.await(owner.email(), 2))).contains("Someone tried to sign up");
        assertThat(jdbc.sql("SELECT count(*) FROM members WHERE lower(email) = lower(:e)")
                        .param("e", owner.email())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void weakPasswordsAreRefusedNamingTheFieldAndNothingIsStored() {
        String email = Members.uniqueEmail("weak");
        for (String weak : new String[] {"short1", "password", "iloveyou", "qwertyuiop", email, "Weak Person"}) {
            HttpResponse<String> response = http.postJson("/api/v1/accounts", """
                    {"email": "%s", "password": "%s", "displayName": "Weak Person"}""".formatted(email, weak));
            assertThat(response.statusCode()).as(weak).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body())
                    .contains("\"type\":\"urn:souk:problem:validation\"")
                    .contains("\"field\":\"password\"");
        }
        HttpResponse<String> badEmail = http.postJson("/api/v1/accounts", """
                {"email": "not-an-email", "password": "%s", "displayName": ""}""".formatted(PASSWORD));
        assertThat(badEmail.statusCode()).isEqualTo(400);
        assertThat(badEmail.body()).contains("\"field\":\"email\"").contains("\"field\":\"displayName\"");

        assertThat(jdbc.sql("SELECT count(*) FROM members WHERE lower(email) = lower(:e)")
                        .param("e", email)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(Mailbox.to(email)).isEmpty();
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        Signed member = Members.verifiedMember(http, "Careful Person");
        HttpResponse<String> wrongPassword = http.postJson(
                "/api/v1/auth/tokens",
                "{\"email\":\"" + member.email() + "\",\"password\":\"not-my-password\"}",
                "X-Forwarded-For",
                "10.1.0.1");
        HttpResponse<String> unknownEmail = http.postJson(
                "/api/v1/auth/tokens",
                "{\"email\":\"nobody-" + member.email() + "\",\"password\":\"not-my-password\"}",
                "X-Forwarded-For",
                "10.1.0.1");

        assertThat(wrongPassword.statusCode())
                .isEqualTo(unknownEmail.statusCode())
                .isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body()).contains("Email or password is wrong.");
    }

    @Test
    void passwordResetIsAlways202AndTheLinkSetsANewPasswordOnceAndSignsOutEverywhere() {
        Signed member = Members.verifiedMember(http, "Forgetful Person");
        assertThat(http.postJson("/api/v1/accounts/password-reset", "{\"email\":\"" + member.email() + "\"}")
                        .statusCode())
                .isEqualTo(202);
        String unknown = Members.uniqueEmail("unknown");
        assertThat(http.postJson("/api/v1/accounts/password-reset", "{\"email\":\"" + unknown + "\"}")
                        .statusCode())
                .isEqualTo(202);
        assertThat(Mailbox.to(unknown)).isEmpty();

        String token = Mailbox.token(member.email(), 2, "/reset-password");
        HttpResponse<String> weak = reset(token, "password123");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("\"field\":\"newPassword\"");

        assertThat(reset(token, "a-brand-new-passphrase").statusCode()).isEqualTo(200);
        assertThat(reset(token, "yet-another-passphrase").statusCode()).isEqualTo(400);

        assertThat(http.get("/api/v1/me", member.auth()).statusCode())
                .as("the old API token was signed out")
                .isEqualTo(401);
        assertThat(signIn(member.email(), PASSWORD, "10.4.0.1").statusCode()).isEqualTo(401);
        assertThat(signIn(member.email(), "a-brand-new-passphrase", "10.4.0.1").statusCode())
                .isEqualTo(201);
        MimeMessage notice = Mailbox.await(member.email(), 3);
        assertThat(Mailbox.subject(notice)).endsWith("was changed");
        assertThat(Mailbox.text(notice)).contains("/forgot-password");
    }

    @Test
    void resetLinkExpiresAfterAnHour() {
        Signed member = Members.verifiedMember(http, "Slow Reader");
        http.postJson("/api/v1/accounts/password-reset", "{\"email\":\"" + member.email() + "\"}");
        String token = Mailbox.token(member.email(), 2, "/reset-password");
        clock.advance(Duration.ofMinutes(61));
        assertThat(reset(token, "a-brand-new-passphrase").statusCode()).isEqualTo(400);
        assertThat(signIn(member.email(), PASSWORD, "10.5.0.1").statusCode()).isEqualTo(201);
    }

    @Test
    void revokedTokenNoLongerWorks() {
        Signed member = Members.verifiedMember(http, "Tidy Person");
        assertThat(http.method("DELETE", "/api/v1/auth/tokens/current", "", member.auth())
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> after = http.get("/api/v1/me", member.auth());
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void tokensExpireAfter30Days() {
        Signed member = Members.verifiedMember(http, "Patient Person");
        clock.advance(Duration.ofDays(30).plusMinutes(1));
        assertThat(http.get("/api/v1/me", member.auth()).statusCode()).isEqualTo(401);
    }

    @Test
    void meWithoutTokenIs401Problem() {
        HttpResponse<String> response = http.get("/api/v1/me");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:souk:problem:unauthorized");
    }

    @Test
    void invalidProfileChangesAreRefusedAndNothingChanges() {
        Signed member = Members.verifiedMember(http, "Steady Person");
        HttpResponse<String> response =
                http.method("PATCH", "/api/v1/me", """
                {"displayName": "", "bio": "%s"}""".formatted("x".repeat(1001)), member.auth());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"displayName\"").contains("\"field\":\"bio\"");
        assertThat(field(http.get("/api/v1/me", member.auth()).body(), "displayName"))
                .isEqualTo("Steady Person");
    }

    @Test
    void unknownMemberIs404() {
        assertThat(http.get("/api/v1/members/" + java.util.UUID.randomUUID()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void avatarIsReencodedServedAndShownOnTheProfile() throws Exception {
        Signed member = Members.verifiedMember(http, "Photo Person");
        var image = new java.awt.image.BufferedImage(900, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var jpeg = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpg", jpeg);

        HttpResponse<String> uploaded =
                http.upload("/api/v1/me/avatar", "file", "me.jpg", "image/jpeg", jpeg.toByteArray(), member.auth());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        String avatarUrl = field(uploaded.body(), "avatarUrl");
        assertThat(avatarUrl).startsWith("/media/");

        HttpResponse<String> served = http.get(avatarUrl);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(field(http.get("/api/v1/members/" + member.id()).body(), "avatarUrl"))
                .isEqualTo(avatarUrl);
    }

    @Test
    void avatarThatIsReallyTextIsRefusedAndNothingIsStored() throws Exception {
        Signed member = Members.verifiedMember(http, "Sneaky Person");
        java.nio.file.Path media =
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "souk-test-data", "media");
        long filesBefore = countFiles(media);

        HttpResponse<String> refused = http.upload(
                "/api/v1/me/avatar",
                "file",
                "photo.jpg",
                "image/jpeg",
                "this is not a picture".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                member.auth());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"field\":\"file\"").contains("not a JPEG, PNG or WebP");
        assertThat(http.get("/api/v1/me", member.auth()).body()).doesNotContain("avatarUrl");
        assertThat(countFiles(media)).isEqualTo(filesBefore);
    }

    @Test
    void avatarOverFiveMegabytesIs413() {
        Signed member = Members.verifiedMember(http, "Big Person");
        byte[] big = new byte[6 * 1024 * 1024];
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        HttpResponse<String> refused =
                http.upload("/api/v1/me/avatar", "file", "big.jpg", "image/jpeg", big, member.auth());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("urn:souk:problem:too-large").contains("5 MB");
    }

    private static long countFiles(java.nio.file.Path directory) throws java.io.IOException {
        if (!java.nio.file.Files.exists(directory)) {
            return 0;
        }
        try (var files = java.nio.file.Files.walk(directory)) {
            return files.filter(java.nio.file.Files::isRegularFile).count();
        }
    }

    private HttpResponse<String> verify(String token) {
        return http.postJson("/api/v1/accounts/email-verification", "{\"token\":\"" + token + "\"}");
    }

    private HttpResponse<String> reset(String token, String password) {
        return http.postJson(
                "/api/v1/accounts/password-reset/confirm",
                "{\"token\":\"" + token + "\",\"newPassword\":\"" + password + "\"}");
    }

    private HttpResponse<String> signIn(String email, String password, String address) {
        return http.postJson(
                "/api/v1/auth/tokens",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                "X-Forwarded-For",
                address);
    }

    private boolean emailVerified(Signed member) {
        return jdbc.sql("SELECT email_verified_at IS NOT NULL FROM members WHERE id = :id")
                .param("id", member.id())
                .query(Boolean.class)
                .single();
    }
}
