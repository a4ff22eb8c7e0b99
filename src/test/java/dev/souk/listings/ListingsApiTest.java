package dev.souk.listings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceSettings;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SoukTest
@Import(WithMailbox.class)
class ListingsApiTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    Http http;
    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
    }

    @Test
    void memberCreatesAddsPhotosSetsAvailabilityPublishesAndEveryoneSeesIt() {
        Signed owner = Members.verifiedMember(http, "Journey Owner");
        HttpResponse<String> created =
                http.postJson("/api/v1/listings", catalog.completeStay("Room in Alfama"), owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode draft = json(created);
        String id = draft.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/listings/" + id);
        assertThat(draft.get("status").asString()).isEqualTo("draft");
        assertThat(draft.get("unit").asString()).isEqualTo("night");
        assertThat(draft.get("price").get("amount").asLong()).isEqualTo(8500);
        assertThat(draft.get("fields").get(catalog.guests).asInt()).isEqualTo(2);
        assertThat(http.get("/api/v1/listings/" + id).statusCode())
                .as("a draft is not public")
                .isEqualTo(404);

        HttpResponse<String> photo = http.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "room.png",
                "image/png",
                TestCatalog.png(64, 48),
                owner.auth());
        assertThat(photo.statusCode()).as(photo.body()).isEqualTo(201);
        assertThat(json(photo).get("thumbnailUrl").asString()).startsWith("/media/");

        HttpResponse<String> plan = http.method("PUT", "/api/v1/listings/" + id + "/availability", """
                {"days": [{"day": "friday", "seats": 1}, {"day": "saturday", "seats": 1}]}""", owner.auth());
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        HttpResponse<String> blocked =
                http.postJson("/api/v1/listings/" + id + "/availability/exceptions", """
                {"start": "2031-01-03", "end": "2031-01-03", "blocked": true}""", owner.auth());
        assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(201);

        HttpResponse<String> published = http.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(json(published).get("status").asString()).isEqualTo("published");

        HttpResponse<String> visitor = http.get("/api/v1/listings/" + id);
        assertThat(visitor.statusCode()).isEqualTo(200);
        JsonNode listing = json(visitor);
        assertThat(listing.get("title").asString()).isEqualTo("Room in Alfama");
        assertThat(listing.get("photos")).hasSize(1);
        assertThat(listing.get("location").get("latitude").asDouble()).isEqualTo(38.7115);
        assertThat(listing.get("publishedAt")).isNotNull();

        // 2031-01-02 is a Thursday: closed by the plan; Friday 3rd blocked; Saturday 4th open
        HttpResponse<String> days =
                http.get("/api/v1/listings/" + id + "/availability?start=2031-01-02&end=2031-01-05");
        assertThat(days.statusCode()).as(days.body()).isEqualTo(200);
        JsonNode free = json(days).get("days");
        assertThat(free).hasSize(3);
        assertThat(free.get(0).get("seats").asInt()).isZero();
        assertThat(free.get(1).get("seats").asInt()).isZero();
        assertThat(free.get(2).get("seats").asInt()).isEqualTo(1);

        HttpResponse<String> mine = http.get("/api/v1/me/listings?limit=1", owner.auth());
        assertThat(json(mine).get("items").get(0).get("id").asString()).isEqualTo(id);
    }

    @Test
    void anotherMembersListingIsNotFoundForReadsAndWrites() {
        Signed owner = Members.verifiedMember(http, "Private Owner");
        Signed other = Members.verifiedMember(http, "Nosy Member");
        String id = create(owner, catalog.completeStay("Not yours"));
        String before = row(id);

        assertThat(http.get("/api/v1/listings/" + id, other.auth()).statusCode())
                .isEqualTo(404);
        HttpResponse<String> patch =
                http.method("PATCH", "/api/v1/listings/" + id, "{\"title\": \"Mine now\"}", other.auth());
        assertThat(patch.statusCode()).isEqualTo(404);
        assertThat(json(patch).get("type").asString()).isEqualTo("urn:souk:problem:not-found");
        assertThat(http.postJson("/api/v1/listings/" + id + "/publish", "", other.auth())
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.method("DELETE", "/api/v1/listings/" + id, "", other.auth())
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.upload(
                                "/api/v1/listings/" + id + "/photos",
                                "file",
                                "x.png",
                                "image/png",
                                TestCatalog.png(8, 8),
                                other.auth())
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.method("PUT", "/api/v1/listings/" + id + "/availability", "{\"days\": []}", other.auth())
                        .statusCode())
                .isEqualTo(404);
        assertThat(row(id)).isEqualTo(before);
        assertThat(photoCount(id)).isZero();
    }

    @Test
    void unverifiedOwnerCannotPublish() {
        Signed owner = Members.unverifiedMember(http, "Unverified Owner");
        String id = create(owner, catalog.completeStay("Waiting"));
        http.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "x.png",
                "image/png",
                TestCatalog.png(8, 8),
                owner.auth());

        HttpResponse<String> refused = http.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("type").asString()).isEqualTo("urn:souk:problem:forbidden");
        assertThat(json(refused).get("code").asString()).isEqualTo("accounts.unverified");
        assertThat(json(refused).get("detail").asString()).isNotBlank();
        assertThat(status(id)).isEqualTo("draft");
    }

    @Test
    void customFieldValuesOfTheWrongTypeOrOutOfBoundsAreRefusedByName() {
        Signed owner = Members.verifiedMember(http, "Field Owner");
        String id = create(owner, catalog.completeStay("Fields"));
        String before = row(id);

        HttpResponse<String> wrongType = http.method(
                "PATCH",
                "/api/v1/listings/" + id,
                "{\"fields\": {\"" + catalog.guests + "\": \"many\"}}",
                owner.auth());
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(json(wrongType).get("type").asString()).isEqualTo("urn:souk:problem:validation");
        assertThat(json(wrongType).get("errors").get(0).get("field").asString()).isEqualTo("fields." + catalog.guests);

        HttpResponse<String> outOfBounds = http.method(
                "PATCH",
                "/api/v1/listings/" + id,
                "{\"title\": \"Changed\", \"fields\": {\"" + catalog.guests + "\": 40}}",
                owner.auth());
        assertThat(outOfBounds.statusCode()).isEqualTo(400);
        assertThat(outOfBounds.body()).contains("fields." + catalog.guests);
        assertThat(row(id)).as("nothing partial stored: not even the title").isEqualTo(before);

        HttpResponse<String> onCreate = http.postJson(
                "/api/v1/listings",
                catalog.completeStay("Bad guests")
                        .replace("\"" + catalog.guests + "\": 2", "\"" + catalog.guests + "\": 0"),
                owner.auth());
        assertThat(onCreate.statusCode()).isEqualTo(400);
        assertThat(onCreate.body()).contains("fields." + catalog.guests);
    }

    @Test
    void publishingWithoutWhatTheTypeRequiresIsRefusedNamingEachMissingField() {
        Signed owner = Members.verifiedMember(http, "Hasty Owner");
        String id = create(owner, """
                {"listingType": "%s", "category": "%s", "title": "Just a title"}""".formatted(catalog.stays, catalog.rooms));

        HttpResponse<String> refused = http.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth());

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode problem = json(refused);
        assertThat(problem.get("type").asString()).isEqualTo("urn:souk:problem:invalid-state");
        assertThat(problem.get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("description", "price", "location", "photos", "fields." + catalog.guests);
        assertThat(status(id)).isEqualTo("draft");
    }

    @Test
    void photosThatAreNotImagesTooBigOrOneTooManyAreRefused() {
        Signed owner = Members.verifiedMember(http, "Photo Owner");
        String id = create(owner, catalog.completeStay("Photos"));

        HttpResponse<String> notImage = http.upload(
                "/api/v1/listings/" + id + "/photos", "file", "x.png", "image/png", "hello".getBytes(), owner.auth());
        assertThat(notImage.statusCode()).isEqualTo(400);
        assertThat(notImage.body()).contains("\"file\"");

        HttpResponse<String> tooBig = http.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "big.png",
                "image/png",
                new byte[11 * 1024 * 1024],
                owner.auth());
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(json(tooBig).get("type").asString()).isEqualTo("urn:souk:problem:too-large");
        assertThat(photoCount(id)).isZero();

        byte[] small = TestCatalog.png(16, 12);
        for (int i = 0; i < Listings.MAX_PHOTOS; i++) {
            HttpResponse<String> added = http.upload(
                    "/api/v1/listings/" + id + "/photos", "file", "p.png", "image/png", small, owner.auth());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        }
        HttpResponse<String> oneTooMany =
                http.upload("/api/v1/listings/" + id + "/photos", "file", "p.png", "image/png", small, owner.auth());
        assertThat(oneTooMany.statusCode()).isEqualTo(422);
        assertThat(json(oneTooMany).get("detail").asString()).contains("at most 20 photos");
        assertThat(photoCount(id)).isEqualTo(Listings.MAX_PHOTOS);
    }

    @Test
    void pricesOfZeroBelowZeroOrInACurrencyNotAllowedAreRefused() {
        Signed owner = Members.verifiedMember(http, "Price Owner");
        String id = create(owner, catalog.completeStay("Prices"));
        String before = row(id);
        for (String price : new String[] {
            "{\"amount\": 0, \"currency\": \"EUR\"}",
            "{\"amount\": -100, \"currency\": \"EUR\"}",
            "{\"amount\": 100, \"currency\": \"JPY\"}",
            "{\"amount\": 100, \"currency\": \"NOPE\"}"
        }) {
            HttpResponse<String> refused =
                    http.method("PATCH", "/api/v1/listings/" + id, "{\"price\": " + price + "}", owner.auth());
            assertThat(refused.statusCode()).as(price).isEqualTo(400);
            assertThat(json(refused).get("errors").get(0).get("field").asString())
                    .isEqualTo("price");
        }
        assertThat(row(id)).isEqualTo(before);
    }

    @Test
    void unknownJsonPropertiesAreRefused() {
        Signed owner = Members.verifiedMember(http, "Typo Owner");
        long before = listingsOf(owner.id());
        HttpResponse<String> refused = http.postJson(
                "/api/v1/listings",
                catalog.completeStay("Typo").replace("\"title\"", "\"colour\": \"red\", \"title\""),
                owner.auth());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("errors").get(0).get("field").asString()).isEqualTo("colour");
        assertThat(listingsOf(owner.id())).isEqualTo(before);

        String id = create(owner, catalog.completeStay("Strict"));
        assertThat(http.method("PATCH", "/api/v1/listings/" + id, "{\"titel\": \"x\"}", owner.auth())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void stockChangesAreRecordedAndAStaleExpectationConflicts() {
        Signed owner = Members.verifiedMember(http, "Stock Owner");
        String id = create(owner, """
                {"listingType": "%s", "category": "%s", "title": "Bowl",
                 "price": {"amount": 2400, "currency": "EUR"}}""".formatted(catalog.goods, catalog.crafts));
        assertThat(json(http.get("/api/v1/listings/" + id, owner.auth()))
                        .get("stock")
                        .asInt())
                .isEqualTo(1);

        HttpResponse<String> set = http.method(
                "PUT",
                "/api/v1/listings/" + id + "/stock",
                "{\"quantity\": 5, \"expectedQuantity\": 1, \"reason\": \"kiln batch\"}",
                owner.auth());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(json(set).get("quantity").asInt()).isEqualTo(5);
        assertThat(json(set).get("adjustments").get(0).get("change").asInt()).isEqualTo(4);

        HttpResponse<String> stale = http.method(
                "PUT", "/api/v1/listings/" + id + "/stock", "{\"quantity\": 3, \"expectedQuantity\": 1}", owner.auth());
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).get("type").asString()).isEqualTo("urn:souk:problem:conflict");
        assertThat(json(http.get("/api/v1/listings/" + id + "/stock", owner.auth()))
                        .get("adjustments"))
                .hasSize(2);

        HttpResponse<String> blind =
                http.method("PUT", "/api/v1/listings/" + id + "/stock", "{\"quantity\": 3}", owner.auth());
        assertThat(json(blind).get("quantity").asInt()).isEqualTo(3);
        assertThat(json(blind).get("adjustments").get(0).get("change").asInt()).isEqualTo(-2);

        String stay = create(owner, catalog.completeStay("No stock"));
        assertThat(http.method("PUT", "/api/v1/listings/" + stay + "/stock", "{\"quantity\": 3}", owner.auth())
                        .statusCode())
                .isEqualTo(422);
    }

    @Test
    void hourlyListingsAnswerFreeSeatsPerSlot() {
        Signed owner = Members.verifiedMember(http, "Teacher");
        String id = create(owner, """
                {"listingType": "%s", "category": "%s", "title": "Wheel throwing", "seats": 4}""".formatted(catalog.lessons, catalog.classes));
        HttpResponse<String> plan = http.method("PUT", "/api/v1/listings/" + id + "/availability", """
                {"days": [{"day": "monday", "opens": "10:00", "closes": "13:00", "seats": 4}]}""", owner.auth());
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);

        HttpResponse<String> days =
                http.get("/api/v1/listings/" + id + "/availability?start=2031-01-06&end=2031-01-07", owner.auth());
        JsonNode monday = json(days).get("days").get(0);
        assertThat(monday.get("seats").asInt()).isEqualTo(4);
        assertThat(monday.get("slots").findValuesAsString("start")).containsExactly("10:00", "11:00", "12:00");

        HttpResponse<String> tooMany =
                http.method("PUT", "/api/v1/listings/" + id + "/availability", """
                {"days": [{"day": "monday", "opens": "10:30", "closes": "13:00", "seats": 2000}]}""", owner.auth());
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("days[0].seats").contains("days[0].opens");
    }

    @Test
    void operatorApprovesOrRejectsWhenTheMarketplaceRequiresApproval() {
        MarketplaceSettings settings = marketplace.settings();
        marketplace.update(withApproval(settings, true));
        try {
            Signed owner = Members.verifiedMember(http, "Approval Owner");
            String first = completeWithPhoto(owner, "Needs approval");
            HttpResponse<String> submitted = http.postJson("/api/v1/listings/" + first + "/publish", "", owner.auth());
            assertThat(json(submitted).get("status").asString()).isEqualTo("pendingApproval");
            assertThat(http.get("/api/v1/listings/" + first).statusCode()).isEqualTo(404);

            Listings listings = this.listings;
            listings.approve(UUID.fromString(first));
            assertThat(http.get("/api/v1/listings/" + first).statusCode()).isEqualTo(200);

            String second = completeWithPhoto(owner, "Will be rejected");
            http.postJson("/api/v1/listings/" + second + "/publish", "", owner.auth());
            listings.reject(UUID.fromString(second), "Photos are blurry");
            JsonNode rejected = json(http.get("/api/v1/listings/" + second, owner.auth()));
            assertThat(rejected.get("status").asString()).isEqualTo("draft");
            assertThat(rejected.get("rejectionReason").asString()).isEqualTo("Photos are blurry");
        } finally {
            marketplace.update(withApproval(settings, false));
        }
    }

    @Test
    void aSuspendedOwnersListingsDisappearUntilReinstated() throws InterruptedException {
        Signed owner = Members.verifiedMember(http, "Suspended Owner");
        String id = completeWithPhoto(owner, "Soon hidden");
        assertThat(http.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth())
                        .statusCode())
                .isEqualTo(200);

        accounts.suspend(owner.id(), "Spam");
        awaitStatus("/api/v1/listings/" + id, 404);
        assertThat(status(id)).as("hidden by a flag, the status stays").isEqualTo("published");

        accounts.reinstate(owner.id());
        awaitStatus("/api/v1/listings/" + id, 200);
    }

    @Autowired
    Listings listings;

    private void awaitStatus(String path, int expected) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        int last;
        do {
            last = http.get(path).statusCode();
            if (last == expected) {
                return;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(until));
        assertThat(last).isEqualTo(expected);
    }

    private String completeWithPhoto(Signed owner, String title) {
        String id = create(owner, catalog.completeStay(title));
        HttpResponse<String> photo = http.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "p.png",
                "image/png",
                TestCatalog.png(20, 20),
                owner.auth());
        assertThat(photo.statusCode()).isEqualTo(201);
        return id;
    }

    private static MarketplaceSettings withApproval(MarketplaceSettings s, boolean approval) {
        return new MarketplaceSettings(
                s.name(), s.description(), s.defaultCurrency(), s.currencies(), s.timeZone(), approval);
    }

    private String create(Signed owner, String body) {
        HttpResponse<String> created = http.postJson("/api/v1/listings", body, owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    private String row(String id) {
        return jdbc.sql("SELECT row_to_json(l)::text FROM listings l WHERE id = :id")
                .param("id", UUID.fromString(id))
                .query(String.class)
                .single();
    }

    private String status(String id) {
        return jdbc.sql("SELECT status FROM listings WHERE id = :id")
                .param("id", UUID.fromString(id))
                .query(String.class)
                .single();
    }

    private long photoCount(String id) {
        return jdbc.sql("SELECT count(*) FROM listing_photos WHERE listing_id = :id")
                .param("id", UUID.fromString(id))
                .query(Long.class)
                .single();
    }

    private long listingsOf(UUID owner) {
        return jdbc.sql("SELECT count(*) FROM listings WHERE owner_id = :id")
                .param("id", owner)
                .query(Long.class)
                .single();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
