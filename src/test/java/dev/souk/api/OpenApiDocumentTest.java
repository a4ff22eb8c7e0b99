package dev.souk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.souk.testing.Http;
import dev.souk.testing.SoukTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document tells clients the truth: the test client is generated from a checked-in copy
 * that must equal what the application serves, every operation is described the way clients need,
 * and what it says about tokens is what the API does.
 */
@SoukTest
class OpenApiDocumentTest {

    static final Path CHECKED_IN = Path.of("src/test/resources/openapi.json");
    static final Path SERVED = Path.of("target/openapi.json");
    static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @LocalServerPort
    int port;

    JsonNode document;

    @BeforeEach
    void fetch() {
        HttpResponse<String> served = new Http(port).get("/api/openapi.json");
        assertThat(served.statusCode()).isEqualTo(200);
        document = JSON.readTree(served.body());
    }

    @Test
    void theCheckedInCopyTheClientIsGeneratedFromIsWhatTheApplicationServes() throws IOException {
        JsonNode copy = JSON.readTree(Files.readString(CHECKED_IN));
        Files.createDirectories(SERVED.getParent());
        Files.writeString(SERVED, JSON.writeValueAsString(document) + "\n");
        if (!copy.equals(document)) {
            List<String> differences = new ArrayList<>();
            differences(copy, document, "", differences);
            fail("""
                    The API's OpenAPI document changed; %s, which the test client is generated from, differs at
                      %s
                    If the change is meant: cp %s %s (then rebuild, so the client is generated anew)""".formatted(
                            CHECKED_IN,
                            String.join("\n  ", differences.subList(0, Math.min(20, differences.size()))),
                            SERVED,
                            CHECKED_IN));
        }
    }

    @Test
    void everyOperationIsDescribedTheWayClientsNeedIt() {
        assertThat(document.at("/info/title").asString()).isEqualTo("Souk API");
        assertThat(document.at("/info/version").asString()).isNotBlank();
        assertThat(document.at("/info/description").asString()).isNotBlank();
        assertThat(document.at("/info/license/name").asString()).isNotBlank();
        assertThat(document.at("/servers/0/url").asString()).isEqualTo("http://localhost:8080");
        assertThat(document.at("/components/securitySchemes/bearerToken/scheme").asString())
                .isEqualTo("bearer");
        assertThat(document.at("/components/schemas/Problem/properties").propertyNames())
                .contains("type", "title", "status", "detail", "code", "errors");
        assertThat(document.at("/components/schemas/FieldError/properties").propertyNames())
                .containsExactlyInAnyOrder("field", "message");
        assertThat(document.toString())
                .as("server-side arguments are no parameters, and every answer has a type")
                .doesNotContain("SignedInMember")
                .doesNotContain("*/*");
        Set<String> operationIds = new HashSet<>();

        operations((name, operation) -> {
            assertThat(operation.path("summary").asString()).as(name).isNotBlank();
            assertThat(operationIds.add(operation.path("operationId").asString()))
                    .as(name + " has an operationId of its own")
                    .isTrue();
            assertThat(operation.path("tags").isEmpty()).as(name).isFalse();
            Set<String> codes = new HashSet<>(operation.path("responses").propertyNames());
            assertThat(codes).as(name).anyMatch(code -> code.startsWith("2")).contains("401");
            operation.path("responses").properties().forEach(response -> {
                Collection<String> types = response.getValue().path("content").propertyNames();
                if (response.getKey().startsWith("2")) {
                    assertThat(types).as(name + " " + response.getKey()).isSubsetOf(Set.of("application/json"));
                } else {
                    assertThat(types).as(name + " " + response.getKey()).containsExactly("application/problem+json");
                    assertThat(response.getValue()
                                    .at("/content/application~1problem+json/schema/$ref")
                                    .asString())
                            .isEqualTo("#/components/schemas/Problem");
                }
            });
        });
    }

    /**
     * Operations that declare a token required answer 401 without one; the others answer a GET
     * without one. Ids are made up, so a 404 is fine: what counts is that no 401 comes first.
     */
    @Test
    void whatTheDocumentSaysAboutTokensIsWhatTheApiDoes() {
        assertThat(document.path("security").toString())
                .as("anonymous, or with a token")
                .isEqualTo("[{},{\"bearerToken\":[]}]");
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        List<String> required = new ArrayList<>();
        operations((name, operation) -> {
            boolean tokenRequired = operation.has("security");
            if (tokenRequired) {
                assertThat(operation.path("security").toString()).isEqualTo("[{\"bearerToken\":[]}]");
                required.add(name);
            } else if (!name.startsWith("GET")) {
                return; // writes without a token are the journeys' to show
            }
            HttpResponse<String> response = send(client, name, operation);
            if (tokenRequired) {
                assertThat(response.statusCode())
                        .as(name + ": " + response.body())
                        .isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            } else {
                assertThat(response.statusCode())
                        .as(name + ": " + response.body())
                        .isNotEqualTo(401);
            }
        });
        assertThat(required)
                .contains("GET /api/v1/me", "POST /api/v1/listings", "POST /api/v1/conversations")
                .doesNotContain("GET /api/v1/listings", "POST /api/v1/auth/tokens", "POST /api/v1/accounts");
    }

    private HttpResponse<String> send(HttpClient client, String name, JsonNode operation) {
        String method = name.substring(0, name.indexOf(' '));
        String path = name.substring(name.indexOf(' ') + 1)
                .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        List<String> query = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asString().equals("query")
                    && parameter.path("required").asBoolean()) {
                query.add(parameter.path("name").asString() + "=2031-01-01");
            }
        }
        String url = "http://localhost:" + port + path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        String contentType = operation.path("requestBody").path("content").propertyNames().stream()
                .findFirst()
                .orElse("application/json");
        if (contentType.equals("multipart/form-data")) {
            contentType += "; boundary=souk";
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .method(
                        method,
                        operation.has("requestBody")
                                ? HttpRequest.BodyPublishers.ofString(
                                        contentType.startsWith("multipart") ? "--souk--\r\n" : "{}")
                                : HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Each operation as "METHOD /path". */
    private void operations(BiConsumer<String, JsonNode> check) {
        document.path("paths").properties().forEach(path -> {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    check.accept(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
                }
            }
        });
    }

    /** JSON pointers where the two documents differ. */
    private static void differences(JsonNode expected, JsonNode actual, String at, List<String> found) {
        if (expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new HashSet<>(expected.propertyNames());
            names.addAll(actual.propertyNames());
            names.stream()
                    .sorted()
                    .forEach(name -> differences(
                            expected.path(name),
                            actual.path(name),
                            at + "/" + name.replace("~", "~0").replace("/", "~1"),
                            found));
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                differences(expected.get(i), actual.get(i), at + "/" + i, found);
            }
        } else {
            found.add((at.isEmpty() ? "/" : at)
                    + (expected.isMissingNode() ? " (added)" : actual.isMissingNode() ? " (removed)" : ""));
        }
    }
}
