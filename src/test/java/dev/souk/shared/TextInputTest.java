package dev.souk.shared;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.listings.ListingStatus;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Text no field takes (NUL, which PostgreSQL can't store, other control characters, a CR on its own,
 * half a surrogate pair) is refused with a 400 naming the field, in every JSON text and every parameter
 * of the API and of the pages' forms, and nothing is stored. Texts of one line take no tab or line break.
 */
@SoukTest
@Import(WithMailbox.class)
class TextInputTest {

    /** As written inside a JSON string. */
    static final List<String> JSON_HOSTILE = List.of("\\u0000", "\\u001b", "\\u0085", "\\r", "\\ud800", "\\udc00");
    /** As a form or query sends them (half a surrogate pair can't be sent as UTF-8 there: it arrives as U+FFFD). */
    static final List<String> TEXT_HOSTILE = List.of("\u0000", "\u001b", "\u0085", "\r");

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    JdbcClient jdbc;

    Http http;
    TestCatalog catalog;
    Signed owner;
    Signed guest;
    String listing;
    String conversation;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
        owner = Members.verifiedMember(http, "Text Owner");
        guest = Members.verifiedMember(http, "Text Guest");
        HttpResponse<String> created =
                http.postJson("/api/v1/listings", """
                {"listingType": "%s", "category": "%s", "title": "Guitar lesson", "description": "Chords.",
                 "price": {"amount": 3000, "currency": "EUR"}}""".formatted(catalog.lessons, catalog.classes), owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        listing = Members.field(created.body(), "id");
        ListingView published = listings.publish(owner.id(), UUID.fromString(listing));
        if (published.status() == ListingStatus.PENDING_APPROVAL) {
            listings.approve(published.id());
        }
        HttpResponse<String> contacted = http.postJson(
                "/api/v1/conversations", "{\"listingId\": \"" + listing + "\", \"text\": \"Hello\"}", guest.auth());
        assertThat(contacted.statusCode()).as(contacted.body()).isEqualTo(201);
        conversation = Members.field(contacted.body(), "id");
    }

    /** Where each text of the API goes: method, path, body with %s for the text, the field as errors name it. */
    record Text(String method, String path, String body, String field, boolean anonymous) {}

    List<Text> apiTexts() {
        String l = "/api/v1/listings/" + listing;
        String c = "/api/v1/conversations/" + conversation;
        return List.of(
                new Text("POST", "/api/v1/accounts", "{\"email\": \"%s\", \"password\": \"x\"}", "email", true),
                new Text("POST", "/api/v1/accounts", "{\"password\": \"%s\"}", "password", true),
                new Text("POST", "/api/v1/accounts", "{\"displayName\": \"%s\"}", "displayName", true),
                new Text("POST", "/api/v1/accounts/email-verification", "{\"token\": \"%s\"}", "token", true),
                new Text("POST", "/api/v1/accounts/password-reset", "{\"email\": \"%s\"}", "email", true),
                new Text("POST", "/api/v1/accounts/password-reset/confirm", "{\"token\": \"%s\"}", "token", true),
                new Text(
                        "POST",
                        "/api/v1/accounts/password-reset/confirm",
                        "{\"newPassword\": \"%s\"}",
                        "newPassword",
                        true),
                new Text("POST", "/api/v1/auth/tokens", "{\"email\": \"%s\", \"password\": \"x\"}", "email", true),
                new Text(
                        "POST",
                        "/api/v1/auth/tokens",
                        "{\"email\": \"a@b.cd\", \"password\": \"%s\"}",
                        "password",
                        true),
                new Text("POST", "/api/v1/auth/tokens", "{\"label\": \"%s\"}", "label", true),
                new Text("PATCH", "/api/v1/me", "{\"displayName\": \"%s\"}", "displayName", false),
                new Text("PATCH", "/api/v1/me", "{\"bio\": \"%s\"}", "bio", false),
                new Text("PATCH", "/api/v1/me", "{\"city\": \"%s\"}", "city", false),
                new Text("POST", "/api/v1/listings", "{\"listingType\": \"%s\"}", "listingType", false),
                new Text("POST", "/api/v1/listings", "{\"title\": \"%s\"}", "title", false),
                new Text("PATCH", l, "{\"category\": \"%s\"}", "category", false),
                new Text("PATCH", l, "{\"title\": \"%s\"}", "title", false),
                new Text("PATCH", l, "{\"description\": \"%s\"}", "description", false),
                new Text("PATCH", l, "{\"timeZone\": \"%s\"}", "timeZone", false),
                new Text("PATCH", l, "{\"price\": {\"amount\": 100, \"currency\": \"%s\"}}", "price.currency", false),
                new Text("PATCH", l, "{\"location\": {\"address\": \"%s\"}}", "location.address", false),
                new Text("PATCH", l, "{\"rules\": {\"houseRules\": \"%s\"}}", "rules.houseRules", false),
                new Text(
                        "PATCH", l, "{\"rules\": {\"cancellationPolicy\": \"%s\"}}", "rules.cancellationPolicy", false),
                new Text(
                        "PATCH",
                        l,
                        "{\"fields\": {\"" + catalog.guests + "\": \"%s\"}}",
                        "fields." + catalog.guests,
                        false),
                new Text("PUT", l + "/availability", "{\"days\": [{\"day\": \"%s\"}]}", "days[0].day", false),
                new Text(
                        "PUT",
                        l + "/availability",
                        "{\"days\": [{\"day\": \"monday\", \"opens\": \"%s\"}]}",
                        "days[0].opens",
                        false),
                new Text("POST", l + "/availability/exceptions", "{\"start\": \"%s\"}", "start", false),
                new Text("PUT", l + "/stock", "{\"quantity\": 2, \"reason\": \"%s\"}", "reason", false),
                new Text(
                        "POST",
                        "/api/v1/conversations",
                        "{\"listingId\": \"" + listing + "\", \"text\": \"%s\"}",
                        "text",
                        false),
                new Text("POST", c + "/messages", "{\"text\": \"%s\"}", "text", false),
                new Text("POST", c + "/report", "{\"reason\": \"%s\"}", "reason", false));
    }

    @Test
    void everyJsonTextRefusesWhatNoFieldTakesNamingIt() {
        String before = stored();
        for (Text text : apiTexts()) {
            for (String hostile : JSON_HOSTILE) {
                String body = text.body().formatted("a" + hostile + "b");
                HttpResponse<String> answer = text.anonymous()
                        ? http.method(text.method(), text.path(), body)
                        : http.method(
                                text.method(),
                                text.path(),
                                body,
                                guestOrOwner(text).auth());
                assertThat(answer.statusCode())
                        .as(text + " " + hostile + ": " + answer.body())
                        .isEqualTo(400);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(answer.body())
                        .as(text + " " + hostile)
                        .contains("\"type\":\"urn:souk:problem:validation\"")
                        .contains("\"field\":\"" + text.field() + "\"");
            }
        }
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void everyQueryParameterOfTheApiRefusesItNamingIt() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("/api/v1/listings?q=", "q");
        queries.put("/api/v1/listings?category=", "category");
        queries.put("/api/v1/me/listings?cursor=", "cursor");
        queries.put("/api/v1/conversations?cursor=", "cursor");
        queries.put("/api/v1/listings/" + listing + "/availability?end=2030-01-02&start=", "start");
        queries.forEach((query, name) -> {
            for (String hostile : TEXT_HOSTILE) {
                HttpResponse<String> answer = http.get(query + enc("a" + hostile + "b"), guest.auth());
                assertThat(answer.statusCode()).as(query + ": " + answer.body()).isEqualTo(400);
                assertThat(answer.body()).contains("\"field\":\"" + name + "\"");
            }
        });
    }

    @Test
    void everyFormOfThePagesRefusesItNamingIt() {
        Web web = new Web(port, "10.78.0.1");
        web.get("/sign-in");
        assertThat(web.post("/sign-in", Map.of("email", guest.email(), "password", PASSWORD))
                        .statusCode())
                .isEqualTo(302);
        web.get("/account"); // the form token changes at sign-in
        Map<String, List<String>> forms = new LinkedHashMap<>();
        forms.put("/sign-up", List.of("email", "password", "displayName"));
        forms.put("/verify-email/resend", List.of("email"));
        forms.put("/forgot-password", List.of("email"));
        forms.put("/reset-password", List.of("token", "newPassword"));
        forms.put("/account/profile", List.of("displayName", "bio", "city"));
        forms.put("/account/email", List.of("newEmail", "currentPassword"));
        forms.put("/account/password", List.of("currentPassword", "newPassword"));
        forms.put("/account/security/tokens", List.of("label"));
        forms.put("/listings", List.of("listingType", "category", "title"));
        forms.put("/conversations/" + conversation + "/messages", List.of("text"));
        forms.put("/conversations/" + conversation + "/report", List.of("reason"));
        String before = stored();
        forms.forEach((path, fields) -> {
            for (String field : fields) {
                for (String hostile : TEXT_HOSTILE) {
                    HttpResponse<String> answer = web.post(path, Map.of(field, "a" + hostile + "b"));
                    assertThat(answer.statusCode()).as(path + " " + field).isEqualTo(400);
                    assertThat(answer.body()).as(path + " " + field).contains("“" + field + "”");
                }
            }
        });
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void textsOfOneLineTakeNoTabOrLineBreakWhileLongTextsDo() {
        for (String field : List.of("title", "location.address")) {
            String json = field.equals("title")
                    ? "{\"title\": \"Guitar\\nlesson\"}"
                    : "{\"location\": {\"address\": \"Rua\\tNova 1\", \"latitude\": 1, \"longitude\": 1}}";
            HttpResponse<String> answer = http.method("PATCH", "/api/v1/listings/" + listing, json, owner.auth());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("\"field\":\"" + field + "\"").contains("one line");
        }
        HttpResponse<String> name =
                http.method("PATCH", "/api/v1/me", "{\"displayName\": \"Text\\r\\nGuest\"}", guest.auth());
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(name.body()).contains("\"field\":\"displayName\"");

        // a browser sends a textarea's line breaks as CR LF: a long text keeps them
        HttpResponse<String> bio =
                http.method("PATCH", "/api/v1/me", "{\"bio\": \"Plays guitar.\\r\\n\\tAnd bass.\"}", guest.auth());
        assertThat(bio.statusCode()).as(bio.body()).isEqualTo(200);
        HttpResponse<String> description = http.method(
                "PATCH", "/api/v1/listings/" + listing, "{\"description\": \"One.\\n\\nTwo.\"}", owner.auth());
        assertThat(description.statusCode()).as(description.body()).isEqualTo(200);
        // a whole surrogate pair is a character like any other
        HttpResponse<String> emoji =
                http.method("PATCH", "/api/v1/me", "{\"city\": \"Lisbon \\ud83c\\udfb8\"}", guest.auth());
        assertThat(emoji.statusCode()).as(emoji.body()).isEqualTo(200);
        assertThat(emoji.body()).contains("Lisbon \uD83C\uDFB8");
    }

    private Signed guestOrOwner(Text text) {
        return text.path().startsWith("/api/v1/listings/") ? owner : guest;
    }

    /** What the texts could have changed: the members, their tokens, the listing and the conversation. */
    private String stored() {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM members) || '|' ||
                               (SELECT string_agg(display_name || bio || city || coalesce(email, ''), ',' ORDER BY id)
                                  FROM members WHERE id IN (:owner, :guest)) || '|' ||
                               (SELECT count(*) FROM api_tokens) || '|' ||
                               (SELECT count(*) FROM account_tokens) || '|' ||
                               (SELECT row_to_json(l)::text FROM listings l WHERE id = :listing) || '|' ||
                               (SELECT count(*) FROM listings) || '|' ||
                               (SELECT count(*) FROM messages) || '|' ||
                               (SELECT count(*) FROM conversation_reports) || '|' ||
                               (SELECT count(*) FROM listing_weekly_plan) || '|' ||
                               (SELECT count(*) FROM listing_availability_exceptions)""")
                .param("owner", owner.id())
                .param("guest", guest.id())
                .param("listing", UUID.fromString(listing))
                .query(String.class)
                .single();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
