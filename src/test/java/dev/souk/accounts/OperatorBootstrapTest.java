package dev.souk.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

@SoukTest
@Import(WithMailbox.class)
@ExtendWith(OutputCaptureExtension.class)
class OperatorBootstrapTest {

    private static final String CONFIGURED_PASSWORD = "configured-operator-words";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Test
    void anAccountWhoseAddressIsTheConfiguredOperatorsIsTakenOverNotJustPromoted(CapturedOutput output) {
        Http http = new Http(port);
        Signed early = Members.verifiedMember(http, "Early Bird");
        Web web = new Web(port, "10.70.0.1");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", early.email(), "password", Members.PASSWORD));
        TwoFactor.enrol(web, Members.PASSWORD, clock);

        start(early.email());

        assertThat(jdbc.sql("SELECT totp_enabled_at IS NULL AND totp_secret IS NULL FROM members WHERE id = :id")
                        .param("id", early.id())
                        .query(Boolean.class)
                        .single())
                .as("their authenticator app no longer signs anyone in")
                .isTrue();
        assertThat(http.get("/api/v1/me", early.auth()).statusCode())
                .as("the token taken before is ended")
                .isEqualTo(401);
        HttpResponse<String> oldPassword =
                http.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s"}""".formatted(early.email(), Members.PASSWORD));
        assertThat(oldPassword.statusCode()).isEqualTo(401);
        HttpResponse<String> configured =
                http.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s"}""".formatted(early.email(), CONFIGURED_PASSWORD));
        assertThat(configured.statusCode()).as(configured.body()).isEqualTo(201);
        String token = Members.field(configured.body(), "token");
        assertThat(http.get("/api/v1/me", "Authorization", "Bearer " + token).body())
                .contains("\"operator\"");
        assertThat(output).contains("was made an operator");

        start(early.email());
        assertThat(http.get("/api/v1/me", "Authorization", "Bearer " + token).statusCode())
                .as("an operator already is left as it is at the next start")
                .isEqualTo(200);
    }

    private void start(String email) {
        new OperatorBootstrap(
                        accounts,
                        new MockEnvironment()
                                .withProperty("souk.admin.email", email)
                                .withProperty("souk.admin.password", CONFIGURED_PASSWORD))
                .run(new DefaultApplicationArguments());
    }
}
