package dev.souk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.listings.ListingPhoto;
import dev.souk.listings.ListingStatus;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.SoukTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@SoukTest
class ListingGeneratorTest {

    @Autowired
    ListingGenerator generator;

    @Autowired
    Listings listings;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void generatedListingsArePublishedValidAndShowTheirPhotos() {
        var progress = new ByteArrayOutputStream();

        ListingGenerator.Summary summary = generator.generate(200, 42, new PrintStream(progress));

        assertThat(summary.listings()).isEqualTo(200);
        assertThat(progress.toString()).contains("listings 200 / 200 (100%)");
        List<UUID> ids = jdbc.sql("""
                SELECT l.id FROM listings l JOIN members m ON m.id = l.owner_id
                 WHERE m.email LIKE :pattern""")
                .param("pattern", "member-" + summary.tag() + "-%")
                .query(UUID.class)
                .list();
        assertThat(ids).hasSize(200).containsAll(summary.sample());
        Instant now = Instant.now();
        for (UUID id : ids) {
            ListingView listing = listings.findPublic(id).orElseThrow();
            assertThat(listing.status()).isEqualTo(ListingStatus.PUBLISHED);
            assertThat(listing.publishedAt()).isBetween(now.minus(Duration.ofDays(366)), now);
            assertThat(listing.photos()).hasSizeBetween(1, 3);
            // refuses (throws) any value the schema doesn't allow
            assertThat(marketplace.checkFieldValues(listing.listingType(), listing.category(), listing.fields()))
                    .containsOnlyKeys(listing.fields().keySet());
            assertThat(marketplace.missingRequiredFields(listing.listingType(), listing.category(), listing.fields()))
                    .isEmpty();
            assertThat(marketplace.category(listing.category()).orElseThrow().allows(listing.listingType()))
                    .isTrue();
            var location = listing.location();
            assertThat(location).isNotNull();
            assertThat(City.ALL)
                    .anyMatch(c -> c.kilometresTo(location.latitude(), location.longitude())
                            <= ListingGenerator.JITTER_KM + 0.1);
        }
        // spread over the catalogue the tests before this one left behind, or the demo one
        assertThat(ids.stream()
                        .map(id -> listings.findPublic(id).orElseThrow().listingType())
                        .collect(java.util.stream.Collectors.toSet()))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(accounts.hasPassword(ListingGenerator.BENCH_EMAIL, ListingGenerator.BENCH_PASSWORD))
                .isTrue();

        var http = new Http(port);
        ListingView shown = listings.findPublic(ids.get(0)).orElseThrow();
        var page = http.get("/listings/" + shown.id());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(shown.title());
        for (ListingPhoto photo : shown.photos()) {
            assertThat(http.get(photo.url()).statusCode()).isEqualTo(200);
            assertThat(http.get(photo.thumbnailUrl()).statusCode()).isEqualTo(200);
        }
    }
}
