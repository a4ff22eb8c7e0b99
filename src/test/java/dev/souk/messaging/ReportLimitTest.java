package dev.souk.messaging;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.RateLimited;
import dev.souk.testing.StrictLimits;
import dev.souk.testing.Web;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A member files at most 10 reports a day (the default), so nobody can bury the operator in them. */
@StrictLimits
class ReportLimitTest {

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    @Test
    void aMemberFilesAtMostTenReportsADay() {
        Http http = new Http(port, "10.74.0.1");
        Signed provider = Members.verifiedMember(http, "Reported Provider");
        Signed customer = Members.verifiedMember(http, "Reporting Customer");
        UUID listing = new TestListings(marketplace, listings).published(provider.id(), "Kayak");
        HttpResponse<String> contact = http.postJson("/api/v1/conversations", """
                {"listingId": "%s", "text": "Is it still free?"}""".formatted(listing), customer.auth());
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(201);
        String id = Members.field(contact.body(), "id");
        clock.stop();
        for (int i = 0; i < 10; i++) {
            assertThat(report(http, customer, id, "Report " + i).statusCode()).isEqualTo(201);
        }

        // one more every 2.4 hours
        RateLimited.api(report(http, customer, id, "One too many"), 8640);
        Web web = new Web(port, "10.74.0.2");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", customer.email(), "password", PASSWORD));
        web.get("/conversations/" + id);
        RateLimited.page(web.post("/conversations/" + id + "/report", Map.of("reason", "On the page")), "reason", 8640);
        assertThat(reportsBy(customer.id())).isEqualTo(10);

        assertThat(report(http, provider, id, "The other side may still report").statusCode())
                .isEqualTo(201);
    }

    private static HttpResponse<String> report(Http http, Signed who, String conversationId, String reason) {
        return http.postJson(
                "/api/v1/conversations/" + conversationId + "/report", "{\"reason\": \"" + reason + "\"}", who.auth());
    }

    private int reportsBy(UUID memberId) {
        return jdbc.sql("SELECT count(*) FROM conversation_reports WHERE reporter_id = ?")
                .param(memberId)
                .query(Integer.class)
                .single();
    }
}
