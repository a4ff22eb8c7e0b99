package dev.souk;

import static dev.souk.testing.EventStreams.readLine;
import static dev.souk.testing.EventStreams.untilData;
import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceSettings;
import dev.souk.testing.Http;
import dev.souk.testing.Mailbox;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.S3Server;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.TestInfrastructure;
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
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two app nodes on one PostgreSQL, as a marketplace grown past one machine runs them: node A is this
 * test's application, node B a second one started beside it on its own port with only the database
 * address (and the photo bucket) in common. What one node does, the other shows: sessions, live
 * messages, edits, closings and settings within a second, photos, and limits counted once. (Timers
 * firing once across nodes: {@code TimersAcrossNodesTest}.)
 */
@SoukTest
@Import(WithMailbox.class)
@TestPropertySource(properties = {TwoNodesTest.PAGES_KEPT, TwoNodesTest.SCALE, TwoNodesTest.SIGN_IN_LIMIT})
class TwoNodesTest {

    // each node keeps listing pages and counts as in production, so the test shows they are told of changes
    static final String PAGES_KEPT = "souk.listings.pages-reused-for=30s";
    static final String SCALE = "souk.limits.scale=1";
    static final String SIGN_IN_LIMIT = "souk.limits.sign-in-per-account=6/15m";
    static final Duration WITHIN = Duration.ofSeconds(1);
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final AtomicInteger TESTS = new AtomicInteger();

    static ConfigurableApplicationContext nodeB;

    @DynamicPropertySource
    static void bucket(DynamicPropertyRegistry registry) {
        S3Server.storeImagesHere(registry);
    }

    @LocalServerPort
    int portA;

    int portB;

    @Autowired
    DataSource dataSource;

    @Autowired
    Marketplace marketplace;

    @Autowired
    PlatformTransactionManager transactions;

    Http a;
    Http b;

    @BeforeEach
    void nodes() throws Exception {
        if (nodeB == null) {
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            List<String> arguments = new ArrayList<>(Mailbox.smtpArguments());
            arguments.addAll(List.of(
                    "--spring.datasource.url=" + pool.getJdbcUrl(),
                    "--spring.datasource.username=" + pool.getUsername(),
                    "--spring.datasource.password=" + pool.getPassword(),
                    "--server.port=0",
                    "--management.server.port=0",
                    "--" + PAGES_KEPT,
                    "--" + SCALE,
                    "--" + SIGN_IN_LIMIT,
                    "--souk.media.storage=s3",
                    "--souk.media.s3.bucket=" + S3Server.BUCKET,
                    "--souk.media.s3.endpoint=" + S3Server.shared().endpoint(),
                    "--souk.media.s3.path-style=true"));
            nodeB = new SpringApplicationBuilder(SoukApplication.class, TestInfrastructure.class)
                    .profiles("test")
                    // arguments, as an operator's environment would be: they outrank application.yml
                    .run(arguments.toArray(String[]::new));
        }
        portB = ((WebServerApplicationContext) nodeB).getWebServer().getPort();
        // an address of each test's own: sign-ups are limited per address at the limits' real scale
        int test = TESTS.incrementAndGet();
        a = new Http(portA, "10.89.1." + test);
        b = new Http(portB, "10.89.2." + test);
    }

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
            nodeB = null;
        }
    }

    @Test
    void aSessionSignedInOnOneNodeIsValidOnTheOther() {
        Signed member = Members.verifiedMember(a, "Roaming Member");
        Web onA = new Web(portA, "10.88.0.3");
        onA.get("/sign-in");
        assertThat(onA.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD))
                        .statusCode())
                .isEqualTo(302);
        String session = onA.cookie("SOUK_SESSION").orElseThrow();

        HttpResponse<String> onB = b.get("/account/notifications", "Cookie", "SOUK_SESSION=" + session);
        assertThat(onB.statusCode()).as("a signed-in page on node B").isEqualTo(200);
        assertThat(onB.body()).contains("Roaming Member");
        assertThat(b.get("/account/notifications").statusCode())
                .as("without the session")
                .isEqualTo(302);
    }

    @Test
    void aMessageSentThroughOneNodeArrivesLiveOnAPageOpenOnTheOther() throws Exception {
        Signed provider = Members.verifiedMember(a, "Node Provider");
        Signed customer = Members.verifiedMember(a, "Node Customer");
        String listing = publishedListing(provider, "Loom on two nodes");
        HttpResponse<String> contacted = ok(a.postJson(
                "/api/v1/conversations",
                "{\"listingId\": \"" + listing + "\", \"text\": \"Is the loom still here?\"}",
                customer.auth()));
        String conversation = Members.field(contacted.body(), "id");

        try (var lines = stream(portB, provider, "/conversations/" + conversation + "/events?tab=t1")) {

            String message = Members.field(
                    ok(a.postJson(
                                    "/api/v1/conversations/" + conversation + "/messages",
                                    "{\"text\": \"Also, does it fold?\"}",
                                    customer.auth()))
                            .body(),
                    "id");

            String event =
                    CompletableFuture.supplyAsync(() -> untilData(lines)).get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).contains("m-" + message);
        }
    }

    @Test
    void aBookingRequestedThroughOneNodeRingsTheProvidersBellOnAPageOpenOnTheOther() throws Exception {
        Signed provider = Members.verifiedMember(a, "Bell Provider");
        Signed customer = Members.verifiedMember(a, "Bell Customer");
        String listing = publishedListing(provider, "Bell room on two nodes");
        try (var lines = stream(portB, provider, "/notifications/live")) {
            LocalDate checkIn = LocalDate.now().plusDays(40);
            ok(a.postJson(
                    "/api/v1/transactions",
                    "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\"}"
                            .formatted(listing, checkIn, checkIn.plusDays(2)),
                    customer.auth()));

            // the notification is made by a listener just after the booking commits, then told to every node
            String event = CompletableFuture.supplyAsync(() -> untilData(lines)).get(5, TimeUnit.SECONDS);
            assertThat(event).contains(">1<span class=\"visually-hidden\">");
        }
    }

    @Test
    void anEditAndAClosingOnOneNodeAreShownByTheOtherWithinASecond() {
        Signed owner = Members.verifiedMember(a, "Node Owner");
        String listing = publishedListing(owner, "Blue room on two nodes");
        assertThat(b.get("/listings/" + listing).body()).contains("Blue room on two nodes"); // kept on B now
        assertThat(b.get("/listings/" + listing).body()).contains("Blue room on two nodes");

        ok(a.method("PATCH", "/api/v1/listings/" + listing, "{\"title\": \"Green room on two nodes\"}", owner.auth()));
        within(() -> b.get("/listings/" + listing).body().contains("Green room on two nodes"), "the edit on node B");

        ok(a.postJson("/api/v1/listings/" + listing + "/close", "", owner.auth()));
        within(() -> b.get("/listings/" + listing).statusCode() == 404, "the closing on node B");
    }

    @Test
    void aSettingChangedOnOneNodeIsShownByTheOtherWithinASecond() {
        MarketplaceSettings original = marketplace.settings();
        assertThat(b.get("/").body()).contains(original.name());
        try {
            update(new MarketplaceSettings(
                    "Bazaar Of Two Nodes",
                    original.description(),
                    original.defaultCurrency(),
                    original.currencies(),
                    original.timeZone(),
                    original.approvalRequired()));
            within(() -> b.get("/").body().contains("Bazaar Of Two Nodes"), "the new name on node B");
        } finally {
            update(original);
        }
    }

    @Test
    void aPhotoUploadedThroughOneNodeIsServedByTheOther() throws Exception {
        Signed owner = Members.verifiedMember(a, "Node Photographer");
        String listing = publishedListing(owner, "Photographed on node A");
        String url = JSON.readTree(ok(a.get("/api/v1/listings/" + listing)).body())
                .get("photos")
                .get(0)
                .get("url")
                .asString();

        HttpResponse<byte[]> fromA = bytes(portA, url);
        HttpResponse<byte[]> fromB = bytes(portB, url);
        assertThat(fromB.statusCode()).isEqualTo(200);
        assertThat(fromB.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(fromB.body()).isEqualTo(fromA.body()).hasSizeGreaterThan(100);
    }

    @Test
    void aMailQueuedOnOneNodeIsSentOnceThoughBothNodesSend() {
        String email = Members.uniqueEmail("node-mail");
        ok(b.postJson("/api/v1/accounts", """
                {"email": "%s", "password": "%s", "displayName": "Mailed Once"}""".formatted(email, PASSWORD)));
        Mailbox.await(email, 1);
        // both nodes look for due mail every second or so: give them time to send it twice
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(Mailbox.to(email)).hasSize(1);
    }

    @Test
    void wrongPasswordsAreCountedOnceAcrossBothNodes() {
        Signed member = Members.verifiedMember(a, "Guessed At");
        String wrong = "{\"email\": \"%s\", \"password\": \"not-the-password\"}".formatted(member.email());
        for (int attempt = 0; attempt < 6; attempt++) {
            Http node =
                    attempt % 2 == 0 ? new Http(portA, "10.88.1." + attempt) : new Http(portB, "10.88.1." + attempt);
            assertThat(node.postJson("/api/v1/auth/tokens", wrong).statusCode())
                    .as("attempt %d", attempt + 1)
                    .isEqualTo(401);
        }
        assertThat(new Http(portA, "10.88.1.10")
                        .postJson("/api/v1/auth/tokens", wrong)
                        .statusCode())
                .as("the seventh, on node A")
                .isEqualTo(429);
        assertThat(new Http(portB, "10.88.1.11")
                        .postJson("/api/v1/auth/tokens", wrong)
                        .statusCode())
                .as("the eighth, on node B")
                .isEqualTo(429);
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** A published stay of the member's, with one photo, made through node A's API. */
    String publishedListing(Signed owner, String title) {
        String id = Members.field(
                ok(a.postJson("/api/v1/listings", new TestCatalog(marketplace).completeStay(title), owner.auth()))
                        .body(),
                "id");
        ok(a.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "room.png",
                "image/png",
                TestCatalog.png(640, 480),
                owner.auth()));
        ok(a.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth()));
        return id;
    }

    /** A live page's stream on the node, for the member signed in there with a page session; open once it answers. */
    BufferedReader stream(int port, Signed member, String path) throws Exception {
        Web pages = new Web(port, "10.88.2." + (port % 250));
        pages.get("/sign-in");
        assertThat(pages.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD))
                        .statusCode())
                .isEqualTo(302);
        HttpRequest open = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream")
                .header("Cookie", "SOUK_SESSION=" + pages.cookie("SOUK_SESSION").orElseThrow())
                .build();
        HttpResponse<InputStream> stream =
                HttpClient.newHttpClient().send(open, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        var lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        assertThat(CompletableFuture.supplyAsync(() -> readLine(lines)).get(5, TimeUnit.SECONDS))
                .isEqualTo(":live");
        return lines;
    }

    void update(MarketplaceSettings settings) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> marketplace.update(settings));
    }

    /** Waits at most {@link #WITHIN} for what node B shows. */
    static void within(BooleanSupplier shown, String what) {
        await(what).atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(shown::getAsBoolean);
    }

    static HttpResponse<byte[]> bytes(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response;
    }
}
