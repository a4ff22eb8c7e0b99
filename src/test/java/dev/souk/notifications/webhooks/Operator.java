package dev.souk.notifications.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.MutableClock;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An operator signed in on the pages (with a second factor) and holding an API token. */
record Operator(String email, Web web, String token) {

    static final String PASSWORD = "webhook-minding-words";

    static Operator signIn(int port, Accounts accounts, MutableClock clock) {
        String email = Members.uniqueEmail("webhook-operator");
        accounts.ensureOperator(email, PASSWORD, "Webhook Operator");
        Web web = new Web(port, "10.65.0." + (1 + (int) (Math.random() * 200)));
        TwoFactor.Enrolled enrolled;
        web.get("/sign-in");
        web.post("/sign-in", java.util.Map.of("email", email, "password", PASSWORD));
        enrolled = TwoFactor.enrol(web, PASSWORD, clock);
        // the code just used is spent: take the token with the next one
        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> token = new Http(port).postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s", "code": "%s"}""".formatted(
                        email, PASSWORD, TwoFactor.code(enrolled.secret(), clock.instant())));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        return new Operator(email, web, Members.field(token.body(), "token"));
    }

    String[] auth() {
        return new String[] {"Authorization", "Bearer " + token};
    }
}
