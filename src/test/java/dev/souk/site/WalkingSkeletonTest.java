package dev.souk.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.SoukTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@SoukTest
@Import(WalkingSkeletonTest.EchoApi.class)
class WalkingSkeletonTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    Http http;

    Http management;

    @BeforeEach
    void client() {
        http = new Http(port);
        management = new Http(managementPort);
    }

    @Test
    void homePageShowsTheShellWithAnHonestEmptyState() {
        HttpResponse<String> home = http.get("/");

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/html").contains("UTF-8"));
        assertThat(home.body())
                .contains("<html lang=\"en\">")
                .contains("<header")
                .contains("href=\"/sign-in\"")
                .contains("href=\"/sign-up\"")
                .contains("name=\"q\"")
                .contains("<footer")
                .contains("No listings yet")
                .contains("/webjars/bootstrap/dist/css/bootstrap.min.css")
                .contains("/webjars/htmx.org/dist/htmx.min.js")
                .doesNotContain("<script>")
                .doesNotContain("cdn.");
    }

    @Test
    void pagesCarryTheSecurityHeaders() {
        HttpResponse<String> home = http.get("/");

        assertThat(home.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("script-src 'self'")
                        .contains("frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline"));
        assertThat(home.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(home.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(home.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void staticAssetsAreServedLocally() {
        assertThat(http.get("/webjars/bootstrap/dist/css/bootstrap.min.css").statusCode())
                .isEqualTo(200);
        assertThat(http.get("/webjars/htmx.org/dist/htmx.min.js").statusCode()).isEqualTo(200);
        assertThat(http.get("/webjars/bootstrap-icons/font/bootstrap-icons.min.css")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.get("/css/souk.css").statusCode()).isEqualTo(200);
    }

    @Test
    void healthIsUpWithLivenessAndReadinessIncludingTheDatabase() {
        assertThat(management.get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(management.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = management.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"").contains("\"db\"");
        // load balancers ask the site's own port
        assertThat(http.get("/livez").statusCode()).isEqualTo(200);
        assertThat(http.get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAreServedOnTheManagementPortOnlyNeverOnTheSitesPort() {
        HttpResponse<String> metrics = management.get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("hikaricp_connections_max");

        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/metrics")) {
            HttpResponse<String> site = http.get(path);
            assertThat(site.statusCode()).as(path).isEqualTo(404);
            assertThat(site.body()).as(path).doesNotContain("hikaricp");
        }
    }

    @Test
    void aTrustedProxysHttpsMakesTheSessionCookieSecure() {
        HttpResponse<String> signIn =
                http.get("/sign-in", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9");
        assertThat(sessionCookie(signIn)).containsIgnoringCase("Secure");
    }

    static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("SOUK_SESSION="))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void unknownApiRouteIsA404Problem() {
        HttpResponse<String> response = http.get("/api/v1/x");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"status\":404")
                .contains("\"type\":\"urn:souk:problem:not-found\"")
                .contains("\"instance\":\"/api/v1/x\"");
    }

    @Test
    void wrongMethodIsA405Problem() {
        HttpResponse<String> response = http.method("DELETE", "/api/v1/marketplace", "");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(response.body()).contains("\"type\":\"urn:souk:problem:method-not-allowed\"");
    }

    @Test
    void malformedJsonIsA400Problem() {
        HttpResponse<String> response = http.postJson("/api/v1/test-echo", "{\"text\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"type\":\"urn:souk:problem:malformed-request\"")
                .doesNotContain("Exception")
                .doesNotContain("at com.")
                .doesNotContain("at org.");
    }

    @Test
    void wellFormedJsonReachesTheController() {
        HttpResponse<String> response = http.postJson("/api/v1/test-echo", "{\"text\": \"hello\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("hello");
    }

    @Test
    void unknownPageIsAFriendly404PageWithoutStackTrace() {
        HttpResponse<String> response = http.get("/no/such/page");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body())
                .contains("We can't find that page")
                .contains("<header")
                .doesNotContain("Exception");
    }

    @Test
    void marketplaceConfigurationIsPublic() {
        HttpResponse<String> response = http.get("/api/v1/marketplace");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"name\":\"Souk\"").contains("\"defaultCurrency\":\"EUR\"");
    }

    @Test
    void openApiDescribesTheApiAndHasADocsPage() {
        HttpResponse<String> spec = http.get("/api/openapi.json");
        assertThat(spec.statusCode()).isEqualTo(200);
        assertThat(spec.body()).contains("\"openapi\"").contains("/api/v1/marketplace");

        HttpResponse<String> docs = http.get("/api/docs");
        assertThat(docs.statusCode()).isIn(200, 302);
    }

    /** A JSON endpoint that exists only in this test, to exercise the API's request-body handling. */
    @TestConfiguration
    @RestController
    static class EchoApi {

        record Echo(String text) {}

        @PostMapping("/api/v1/test-echo")
        Echo echo(@RequestBody Echo body) {
            return body;
        }
    }
}
