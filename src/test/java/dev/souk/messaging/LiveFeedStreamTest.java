package dev.souk.messaging;

import static dev.souk.testing.EventStreams.readLine;
import static dev.souk.testing.EventStreams.untilData;
import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The live feed reaches the page as it happens even from a browser that accepts gzip: a compressed
 * stream would sit in the compressor until enough of it piled up.
 */
@SoukTest
@Import(WithMailbox.class)
class LiveFeedStreamTest {

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Test
    void aNewMessageArrivesOnTheOpenStreamUncompressedAtOnce() throws Exception {
        Http http = new Http(port);
        Signed provider = Members.verifiedMember(http, "Stream Provider");
        Signed customer = Members.verifiedMember(http, "Stream Customer");
        UUID listing = new TestListings(marketplace, listings).published(provider.id(), "Loom");
        HttpResponse<String> contacted = http.postJson(
                "/api/v1/conversations",
                "{\"listingId\": \"" + listing + "\", \"text\": \"Is the loom still here?\"}",
                customer.auth());
        assertThat(contacted.statusCode()).as(contacted.body()).isEqualTo(201);
        String conversation = Members.field(contacted.body(), "id");

        Web providerWeb = new Web(port, "10.62.0.1");
        providerWeb.get("/sign-in");
        assertThat(providerWeb
                        .post("/sign-in", Map.of("email", provider.email(), "password", PASSWORD))
                        .statusCode())
                .isEqualTo(302);
        HttpRequest open = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/conversations/" + conversation + "/events?tab=t1"))
                .header("Accept", "text/event-stream")
                .header("Accept-Encoding", "gzip, deflate, br")
                .header(
                        "Cookie",
                        "SOUK_SESSION=" + providerWeb.cookie("SOUK_SESSION").orElseThrow())
                .GET()
                .build();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> stream = client.send(open, HttpResponse.BodyHandlers.ofInputStream());
        try (var lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            assertThat(stream.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(CompletableFuture.supplyAsync(() -> readLine(lines)).get(5, TimeUnit.SECONDS))
                    .as("the stream opens with a comment at once")
                    .isEqualTo(":live");

            HttpResponse<String> sent = http.postJson(
                    "/api/v1/conversations/" + conversation + "/messages",
                    "{\"text\": \"Also, does it fold?\"}",
                    customer.auth());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
            String message = Members.field(sent.body(), "id");

            String event = CompletableFuture.supplyAsync(() -> untilData(lines)).get(5, TimeUnit.SECONDS);
            assertThat(event).contains("m-" + message);
        }
    }
}
