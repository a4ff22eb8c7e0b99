package dev.souk.listings;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.RateLimited;
import dev.souk.testing.StrictLimits;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.Web;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The listings module's rate limits: 30 drafts an hour per member (the default) and 10 photo uploads
 * an hour per member (200 by default, lowered by {@link StrictLimits}).
 */
@StrictLimits
class ListingLimitsTest {

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        catalog = new TestCatalog(marketplace);
        clock.stop();
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    @Test
    void aMemberStartsAtMostThirtyDraftsAnHour() {
        Http http = new Http(port, "10.73.0.1");
        Signed seller = Members.verifiedMember(http, "Busy Seller");
        for (int i = 0; i < 30; i++) {
            assertThat(draft(http, seller, "Thing " + i).statusCode()).isEqualTo(201);
        }

        // one more every 2 minutes
        RateLimited.api(draft(http, seller, "One too many"), 120);
        Web web = new Web(port, "10.73.0.2");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", seller.email(), "password", PASSWORD));
        web.get("/listings/new");
        HttpResponse<String> page = web.post(
                "/listings", Map.of("listingType", catalog.stays, "category", catalog.rooms, "title", "On the page"));
        RateLimited.page(page, "title", 120);
        assertThat(page.body()).contains("value=\"On the page\"");
        assertThat(listingsOf(seller.id())).isEqualTo(30);

        Signed other = Members.verifiedMember(http, "Other Seller");
        assertThat(draft(http, other, "Someone else's").statusCode()).isEqualTo(201);
    }

    @Test
    void aMemberUploadsAtMostTenPhotosAnHour() {
        Http http = new Http(port, "10.73.1.1");
        Signed seller = Members.verifiedMember(http, "Keen Photographer");
        String id = Members.field(draft(http, seller, "Much photographed").body(), "id");
        for (int i = 0; i < 10; i++) {
            assertThat(photo(http, seller, id).statusCode()).isEqualTo(201);
        }

        // one more every 6 minutes
        RateLimited.api(photo(http, seller, id), 360);
        assertThat(photosOf(UUID.fromString(id))).isEqualTo(10);

        Signed other = Members.verifiedMember(http, "Other Photographer");
        String theirs = Members.field(draft(http, other, "Photographed once").body(), "id");
        assertThat(photo(http, other, theirs).statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> draft(Http http, Signed owner, String title) {
        return http.postJson("/api/v1/listings", """
                {"listingType": "%s", "category": "%s", "title": "%s"}""".formatted(catalog.stays, catalog.rooms, title), owner.auth());
    }

    private static HttpResponse<String> photo(Http http, Signed owner, String listingId) {
        return http.upload(
                "/api/v1/listings/" + listingId + "/photos",
                "file",
                "p.png",
                "image/png",
                TestCatalog.png(16, 12),
                owner.auth());
    }

    private int listingsOf(UUID ownerId) {
        return jdbc.sql("SELECT count(*) FROM listings WHERE owner_id = ?")
                .param(ownerId)
                .query(Integer.class)
                .single();
    }

    private int photosOf(UUID listingId) {
        return jdbc.sql("SELECT count(*) FROM listing_photos WHERE listing_id = ?")
                .param(listingId)
                .query(Integer.class)
                .single();
    }
}
