package dev.souk.notifications.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Souk as installed for production, where endpoints on private addresses are refused: every refusal of
 * the API and the pages, with nothing stored, and the pages of a marketplace without endpoints.
 */
@SoukTest
@TestPropertySource(properties = "souk.webhooks.allow-private-addresses=false")
class WebhookRefusalsTest {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Http http;
    Operator operator;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        operator = Operator.signIn(port, accounts, clock);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void theAdminPagesOfAMarketplaceWithoutEndpointsSayHowToStart() {
        HttpResponse<String> page = operator.web().get("/admin/webhooks");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<title>Webhooks")
                .contains("id=\"webhooks-empty\"")
                .contains("No endpoints yet")
                .contains("name=\"url\"")
                .contains("value=\"transaction.moved\"")
                .doesNotContain("id=\"webhook-endpoints\"");
        assertThat(operator.web().get("/admin").body()).contains("href=\"/admin/webhooks\"");
        HttpResponse<String> list = http.get("/api/v1/admin/webhooks", operator.auth());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).isEqualTo("{\"items\":[]}");
    }

    @Test
    void membersAreRefusedEverything() {
        Signed member = Members.unverifiedMember(http, "Curious Member");
        assertForbidden(http.get("/api/v1/admin/webhooks", member.auth()));
        assertForbidden(http.postJson(
                "/api/v1/admin/webhooks",
                "{\"url\": \"https://hooks.example.org/souk\", \"events\": [\"payout.sent\"]}",
                member.auth()));
        assertForbidden(http.method("DELETE", "/api/v1/admin/webhooks/" + UUID.randomUUID(), "", member.auth()));
        assertThat(http.get("/api/v1/admin/webhooks").statusCode()).isEqualTo(401);
        assertThat(endpoints()).isZero();
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
        assertInvalid("{\"events\": [\"payout.sent\"]}", "url", "Enter the endpoint");
        assertInvalid(
                "{\"url\": \"ftp://example.org/x\", \"events\": [\"payout.sent\"]}", "url", "http:// or https://");
        assertInvalid("{\"url\": \"/relative\", \"events\": [\"payout.sent\"]}", "url", "absolute");
        assertInvalid("{\"url\": \"https://93.184.215.14:70000/x\", \"events\": [\"payout.sent\"]}", "url", "absolute");
        assertInvalid("{\"url\": \"https://example.org/x#top\", \"events\": [\"payout.sent\"]}", "url", "fragment");
        assertInvalid(
                "{\"url\": \"https://example.org/" + "a".repeat(2000) + "\", \"events\": [\"payout.sent\"]}",
                "url",
                "at most");
        assertInvalid(
                "{\"url\": \"https://user:pw@example.org/x\", \"events\": [\"payout.sent\"]}", "url", "passwords");
        assertInvalid("{\"url\": \"https://93.184.215.14/x\", \"events\": []}", "events", "at least one");
        assertInvalid(
                "{\"url\": \"https://93.184.215.14/x\", \"events\": [\"payout.sent\", \"everything\"]}",
                "events",
                "from the list");
        assertInvalid(
                "{\"url\": \"https://93.184.215.14/x\", \"events\": [\"payout.sent\"], \"description\": \"a\\nb\"}",
                "description",
                "one line");
        assertThat(endpoints()).isZero();
    }

    @Test
    void privateAndLocalAddressesAreRefusedUnlessAllowed() {
        for (String url : List.of(
                "http://127.0.0.1:8080/hook",
                "http://localhost/hook",
                "http://10.1.2.3/hook",
                "http://192.168.0.10/hook",
                "http://172.16.5.4/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]/hook",
                "http://[fd00::1]/hook",
                "http://0.0.0.0/hook")) {
            assertInvalid(
                    "{\"url\": \"" + url + "\", \"events\": [\"payout.sent\"]}", "url", "private or local network");
        }
        assertThat(endpoints()).isZero();
    }

    @Test
    void theAddFormShowsEachErrorNextToItsFieldAndKeepsWhatWasTyped() {
        HttpResponse<String> refused = operator.web()
                .postFields(
                        "/admin/webhooks",
                        List.of(Map.entry("url", "http://10.0.0.7/hook"), Map.entry("description", "Accounting")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("class=\"form-control is-invalid\"")
                .contains("id=\"f-url-error\"")
                .contains("private or local network")
                .contains("id=\"f-events-error\"")
                .contains("Pick at least one event.")
                .contains("value=\"http://10.0.0.7/hook\"")
                .contains("value=\"Accounting\"");
        assertThat(endpoints()).isZero();
        assertThat(operator.web().get("/admin/webhooks/" + UUID.randomUUID()).statusCode())
                .isEqualTo(404);
        HttpResponse<String> unknown =
                http.method("DELETE", "/api/v1/admin/webhooks/" + UUID.randomUUID(), "", operator.auth());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("urn:souk:problem:not-found");
    }

    private void assertInvalid(String body, String field, String message) {
        HttpResponse<String> response = http.postJson("/api/v1/admin/webhooks", body, operator.auth());
        assertThat(response.statusCode()).as(body + " → " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("urn:souk:problem:validation")
                .contains("\"field\":\"" + field + "\"")
                .contains(message);
    }

    private void assertForbidden(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:souk:problem:forbidden");
    }

    private long endpoints() {
        return jdbc.sql("SELECT count(*) FROM webhook_endpoints")
                .query(Long.class)
                .single();
    }
}
