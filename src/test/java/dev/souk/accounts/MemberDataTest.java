package dev.souk.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.souk.infra.SoukProperties;
import dev.souk.marketplace.Marketplace;
import dev.souk.messaging.Messaging;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** "Download my data" and account deletion across every module that keeps something about a member. */
@SoukTest
@Import(WithMailbox.class)
class MemberDataTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Messaging messaging;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SoukProperties properties;

    Http http;
    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
    }

    @Test
    void downloadMyDataHoldsWhatEveryModuleKeepsAboutTheMember() {
        Signed owner = Members.verifiedMember(http, "Export Owner");
        Signed customer = Members.verifiedMember(http, "Export Customer");
        Signed pest = Members.verifiedMember(http, "Export Pest");
        String draft = listingWithPhoto(owner, "Export draft loft");
        String published = listingWithPhoto(owner, "Export room by the sea");
        ok(http.method("PUT", "/api/v1/listings/" + published + "/availability", """
                {"days": [{"day": "friday", "seats": 1}]}""", owner.auth()));
        ok(http.postJson("/api/v1/listings/" + published + "/availability/exceptions", """
                {"start": "2031-01-03", "end": "2031-01-04", "blocked": true}""", owner.auth()));
        ok(http.postJson("/api/v1/listings/" + published + "/publish", "", owner.auth()));
        String conversation =
                field(ok(http.postJson("/api/v1/conversations", """
                        {"listingId": "%s", "text": "Is it free in June?"}""".formatted(published), customer.auth())), "id");
        ok(http.postJson(
                "/api/v1/conversations/" + conversation + "/messages", "{\"text\": \"Yes, all June.\"}", owner.auth()));
        ok(http.postJson("/api/v1/members/" + pest.id() + "/block", "", owner.auth()));
        ok(http.postJson(
                "/api/v1/conversations/" + conversation + "/report",
                "{\"reason\": \"Asked to pay outside Souk\"}",
                owner.auth()));
        messaging.setMessageEmails(owner.id(), false);

        HttpResponse<String> response = http.get("/api/v1/me/data", owner.auth());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = json(response);
        assertThat(data.get("account").get("email").asString()).isEqualTo(owner.email());
        assertThat(data.get("apiTokens")).hasSize(1);
        assertThat(data.get("mail").get(0).get("recipient").asString()).isEqualTo(owner.email());
        assertThat(data.get("mail").get(0).get("subject").asString()).startsWith("Confirm your email address");

        JsonNode listings = data.get("listings");
        assertThat(listings).hasSize(2);
        assertThat(listings.get(0).get("id").asString()).isEqualTo(draft);
        assertThat(listings.get(0).get("status").asString()).isEqualTo("draft");
        JsonNode room = listings.get(1);
        assertThat(room.get("id").asString()).isEqualTo(published);
        assertThat(room.get("status").asString()).isEqualTo("published");
        assertThat(room.get("location").get("address").asString()).isEqualTo("Rua dos Remédios 12, Lisbon");
        assertThat(room.get("photos").get(0).get("url").asString())
                .startsWith(properties.baseUrl())
                .endsWith("-large.jpg");
        assertThat(room.get("weeklyPlan")).hasSize(1);
        assertThat(room.get("availabilityExceptions").get(0).get("start").asString())
                .isEqualTo("2031-01-03");

        JsonNode talk = data.get("messaging");
        JsonNode asked = talk.get("conversations").get(0);
        assertThat(asked.get("id").asString()).isEqualTo(conversation);
        assertThat(asked.get("role").asString()).isEqualTo("provider");
        assertThat(asked.get("with").get("displayName").asString()).isEqualTo("Export Customer");
        assertThat(asked.get("messages")).hasSize(2);
        assertThat(asked.get("messages").get(0).get("text").asString()).isEqualTo("Is it free in June?");
        assertThat(asked.get("messages").get(0).get("fromMe").asBoolean()).isFalse();
        assertThat(asked.get("messages").get(1).get("fromMe").asBoolean()).isTrue();
        assertThat(talk.get("blocks").get(0).get("memberId").asString())
                .isEqualTo(pest.id().toString());
        assertThat(talk.get("reports").get(0).get("reason").asString()).isEqualTo("Asked to pay outside Souk");
        assertThat(talk.get("messageEmails").asBoolean()).isFalse();

        Web web = signedIn(owner, "10.61.0.1");
        HttpResponse<String> download = web.get("/account/data");
        assertThat(download.statusCode()).isEqualTo(200);
        JsonNode downloaded = json(download);
        assertThat(List.of("account", "mail", "listings", "messaging")).allMatch(downloaded::has);
        assertThat(downloaded.get("listings")).hasSize(2);
    }

    @Test
    void theExportNeedsASignedInMemberAndDeletionTheirPasswordElseNothingChanges() {
        Signed member = Members.verifiedMember(http, "Careful Member");
        String listing = listingWithPhoto(member, "Careful listing");

        assertThat(http.get("/api/v1/me/data").statusCode()).isEqualTo(401);
        HttpResponse<String> wrong =
                http.postJson("/api/v1/me/deletion", "{\"currentPassword\": \"not-my-password\"}", member.auth());

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body())
                .contains("\"type\":\"urn:souk:problem:validation\"")
                .contains("\"field\":\"currentPassword\"");
        assertThat(status(member.id())).isEqualTo("active");
        assertThat(rows("SELECT count(*) FROM listings WHERE id = :id", UUID.fromString(listing)))
                .isEqualTo(1);
        assertThat(http.get("/api/v1/me", member.auth()).statusCode()).isEqualTo(200);
    }

    @Test
    void deletingTheAccountRemovesListingsAllPhotosAndMailWhileTheOtherSideKeepsTheConversation() {
        Signed owner = Members.verifiedMember(http, "Departing Host");
        Signed customer = Members.verifiedMember(http, "Staying Guest");
        String draft = listingWithPhoto(owner, "Departing draft");
        String closed = listingWithPhoto(owner, "Departing closed room");
        ok(http.postJson("/api/v1/listings/" + closed + "/publish", "", owner.auth()));
        ok(http.postJson("/api/v1/listings/" + closed + "/close", "", owner.auth()));
        String published = listingWithPhoto(owner, "Departing open room");
        ok(http.postJson("/api/v1/listings/" + published + "/publish", "", owner.auth()));
        String conversation =
                field(ok(http.postJson("/api/v1/conversations", """
                        {"listingId": "%s", "text": "Can I come on Friday?"}""".formatted(published), customer.auth())), "id");
        ok(http.postJson(
                "/api/v1/conversations/" + conversation + "/messages",
                "{\"text\": \"Friday is fine.\"}",
                owner.auth()));
        JsonNode me = json(ok(http.upload(
                "/api/v1/me/avatar", "file", "me.png", "image/png", TestCatalog.png(300, 300), owner.auth())));
        List<String> photoUrls = new ArrayList<>(List.of(me.get("avatarUrl").asString()));
        for (String id : List.of(draft, closed, published)) {
            photoUrls.addAll(photoUrls(owner, id));
        }
        assertThat(photoUrls)
                .hasSize(7)
                .allSatisfy(url -> assertThat(Files.exists(file(url))).isTrue());
        assertThat(mailTo(owner)).isPositive();

        HttpResponse<String> deleted = http.postJson(
                "/api/v1/me/deletion", "{\"currentPassword\": \"" + Members.PASSWORD + "\"}", owner.auth());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

        // listings learn of it from the accounts module's event, just after that commits
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        rows("SELECT count(*) FROM listings WHERE owner_id = :id AND deleted_at IS NULL", owner.id())
                                == 0);
        assertThat(rows("SELECT count(*) FROM listings WHERE id = :id", UUID.fromString(draft)))
                .isZero();
        assertThat(rows("SELECT count(*) FROM listings WHERE id = :id", UUID.fromString(closed)))
                .isZero();
        assertThat(rows("""
                        SELECT count(*) FROM listings
                         WHERE id = :id AND status = 'closed' AND address IS NULL AND latitude IS NULL
                           AND description = '' AND fields = '{}' AND deleted_at IS NOT NULL""", UUID.fromString(published)))
                .as("the published listing is closed and keeps nothing of its owner")
                .isOne();
        assertThat(rows("SELECT count(*) FROM listing_photos WHERE listing_id = :id", UUID.fromString(published)))
                .isZero();
        Signed operator = operator();
        for (String id : List.of(draft, closed, published)) {
            assertThat(http.get("/api/v1/listings/" + id, operator.auth()).statusCode())
                    .as(id)
                    .isEqualTo(404);
        }
        for (String url : photoUrls) {
            assertThat(http.get(url).statusCode()).as(url).isEqualTo(404);
            assertThat(http.get(url, operator.auth()).statusCode()).as(url).isEqualTo(404);
            assertThat(Files.exists(file(url))).as(url).isFalse();
        }
        assertThat(mailTo(owner)).isZero();

        JsonNode inbox = json(http.get("/api/v1/conversations", customer.auth()));
        assertThat(inbox.get("items").get(0).get("id").asString()).isEqualTo(conversation);
        assertThat(inbox.get("items").get(0).get("listing").get("title").asString())
                .isEqualTo("Departing open room");
        assertThat(inbox.get("items")
                        .get(0)
                        .get("participants")
                        .get(1)
                        .get("displayName")
                        .asString())
                .isEqualTo("Deleted member");
        JsonNode history = json(http.get("/api/v1/conversations/" + conversation + "/messages", customer.auth()));
        assertThat(history.get("items")).hasSize(2);
        assertThat(history.get("items").get(0).get("text").asString()).isEqualTo("Friday is fine.");
        assertThat(new Web(port).get("/conversations/" + conversation).statusCode())
                .as("and only to them")
                .isEqualTo(302);
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** A complete stay with one photo, still a draft. */
    String listingWithPhoto(Signed owner, String title) {
        String id = field(ok(http.postJson("/api/v1/listings", catalog.completeStay(title), owner.auth())), "id");
        ok(http.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "photo.png",
                "image/png",
                TestCatalog.png(64, 48),
                owner.auth()));
        return id;
    }

    List<String> photoUrls(Signed owner, String listingId) {
        JsonNode photo = json(ok(http.get("/api/v1/listings/" + listingId, owner.auth())))
                .get("photos")
                .get(0);
        return List.of(photo.get("url").asString(), photo.get("thumbnailUrl").asString());
    }

    Path file(String url) {
        String key = url.substring(url.lastIndexOf('/') + 1);
        return properties
                .dataDir()
                .resolve("media")
                .resolve(key.substring(0, 2))
                .resolve(key);
    }

    long mailTo(Signed member) {
        return jdbc.sql("SELECT count(*) FROM mail_outbox WHERE member_id = :id OR lower(recipient) = lower(:email)")
                .param("id", member.id())
                .param("email", member.email())
                .query(Long.class)
                .single();
    }

    Signed operator() {
        String email = Members.uniqueEmail("data-operator");
        accounts.ensureOperator(email, Members.PASSWORD, "Data Operator");
        return Members.token(http, email);
    }

    Web signedIn(Signed member, String address) {
        Web web = new Web(port, address);
        web.get("/sign-in");
        HttpResponse<String> signedIn =
                web.post("/sign-in", Map.of("email", member.email(), "password", Members.PASSWORD));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        return web;
    }

    String status(UUID member) {
        return jdbc.sql("SELECT status FROM members WHERE id = :id")
                .param("id", member)
                .query(String.class)
                .single();
    }

    long rows(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single();
    }

    static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response;
    }

    static String field(HttpResponse<String> response, String name) {
        return json(response).get(name).asString();
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
