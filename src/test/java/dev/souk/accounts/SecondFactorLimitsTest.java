package dev.souk.accounts;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.StrictLimits;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.TwoFactor.Enrolled;
import dev.souk.testing.Web;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Someone who knows the password can't guess the second factor instead: a wrong code counts against
 * the sign-in limit as a wrong password does.
 */
@StrictLimits
class SecondFactorLimitsTest {

    @LocalServerPort
    int port;

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
    void wrongCodesCountTowardsTheSignInLimitOfTheirAddress() {
        Http http = new Http(port);
        Signed member = Members.verifiedMember(http, "Api Guessed Person");
        Web web = new Web(port, "10.93.0.1");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        Enrolled enrolled = TwoFactor.enrol(web, PASSWORD, clock);
        String right = TwoFactor.code(enrolled.secret(), clock.instant().plusSeconds(30));
        String wrong = right.equals("000000") ? "111111" : "000000";

        for (int i = 0; i < 10; i++) {
            assertThat(token(http, member.email(), wrong, "10.93.1.1").statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> blocked = token(http, member.email(), right, "10.93.1.1");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();

        assertThat(token(http, member.email(), right, "10.93.2.1").statusCode())
                .as("the member, from elsewhere, is not locked out")
                .isEqualTo(201);
    }

    private static HttpResponse<String> token(Http http, String email, String code, String address) {
        return http.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s", "code": "%s"}""".formatted(email, PASSWORD, code), "X-Forwarded-For", address);
    }
}
