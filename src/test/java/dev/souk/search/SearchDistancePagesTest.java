package dev.souk.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.listings.ListingDraft;
import dev.souk.listings.Listings;
import dev.souk.listings.Location;
import dev.souk.marketplace.Marketplace;
import dev.souk.shared.Money;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Paging through the nearest listings without keywords, one page after the other. */
@SoukTest
class SearchDistancePagesTest {

    static final double LAT = 52.52;
    static final double LNG = 13.405;

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    JsonMapper json;

    @Test
    void everyPageOfTheNearestFirstFollowsTheOneBefore() {
        TestCatalog catalog = new TestCatalog(marketplace);
        UUID owner = accounts.ensureOperator(Members.uniqueEmail("distance"), "distance-pages-words", "Distance Owner");
        List<UUID> nearestFirst = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            UUID id = listings.create(
                            owner,
                            new ListingDraft(
                                    catalog.stays,
                                    catalog.rooms,
                                    "Flat " + i + " km out",
                                    "Bright and calm.",
                                    Map.of(catalog.guests, 2),
                                    Money.of(7000, "EUR"),
                                    new Location("Somewhere " + i, LAT + i / 111.195, LNG),
                                    null,
                                    null,
                                    null,
                                    null))
                    .id();
            listings.addPhoto(owner, id, new ByteArrayInputStream(TestCatalog.png(120, 90)));
            listings.publish(owner, id);
            nearestFirst.add(id);
        }
        Http http = new Http(port);
        String query = "/api/v1/listings?type=" + catalog.stays + "&lat=" + LAT + "&lng=" + LNG
                + "&radius_km=5&sort=distance&limit=1";
        Instant deadline = Instant.now().plusSeconds(5);
        while (page(http, query.replace("limit=1", "limit=10")).get("items").size() < 3) {
            assertThat(Instant.now()).as("the index follows the listings").isBefore(deadline);
        }

        List<UUID> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = page(
                    http,
                    query + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            page.get("items")
                    .forEach(item -> paged.add(UUID.fromString(item.get("id").asString())));
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null && paged.size() < 5);
        assertThat(paged).containsExactlyElementsOf(nearestFirst);
    }

    private JsonNode page(Http http, String path) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
