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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@SoukTest
class SearchPageTest {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    Http http;
    TestCatalog catalog;
    UUID owner;
    String word;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
        owner = accounts.ensureOperator(Members.uniqueEmail("search-owner"), "search-owner-words", "Search Owner");
        // a word of its own, so results from other tests' listings don't interfere
        word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    @Test
    void keywordsFindPublishedListingsIgnoringAccentsAndCompletingTheLastWord() {
        UUID café = publish("Café corner room " + word);

        assertThat(searchFor("cafe " + word)).contains(café.toString());
        assertThat(searchFor("Café " + word.substring(0, 6)))
                .as("the last word as a prefix")
                .contains(café.toString());
        assertThat(searchFor("kitchen garden")).doesNotContain(café.toString());
    }

    @Test
    void aClosedListingDisappearsAndAnEditedOneIsFoundByItsNewTitle() {
        UUID room = publish("Sunny room " + word);
        assertThat(searchFor(word)).contains(room.toString());

        listings.update(
                owner,
                room,
                new ListingDraft(null, null, "Shady loft " + word, null, null, null, null, null, null, null, null));
        eventually(() -> searchFor("loft " + word).contains(room.toString()));

        listings.close(owner, room);
        eventually(() -> !searchFor(word).contains(room.toString()));
    }

    @Test
    void theListingTypeAndCategoryNamesAreSearchableToo() {
        UUID room = publish("Attic " + word);
        String category =
                marketplace.category(catalog.rooms).orElseThrow().name().split(" ")[0];
        assertThat(searchFor(category + " " + word)).contains(room.toString());
    }

    @Test
    void misspelledQueriesStillFindCloseTitles() {
        UUID harbour = publish("Harbourview " + word);
        assertThat(searchFor("Harbuorview " + word)).contains(harbour.toString());
    }

    @Test
    void categoryFilterAndChipsAreInTheUrl() {
        UUID room = publish("Filtered room " + word);
        HttpResponse<String> page = http.get("/search?q=" + word + "&category=" + catalog.rooms);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(room.toString()).contains("aria-label=\"Active filters\"");
        assertThat(http.get("/search?q=" + word + "&category=" + catalog.crafts).body())
                .doesNotContain(room.toString());
    }

    @Test
    void oddInputIsHarmless() {
        assertThat(http.get("/search?q=%27%29%3B%20DROP%20TABLE%20listings%3B%20--%20%26%7C%21%3A*")
                        .statusCode())
                .isEqualTo(200);
        // a mangled cursor starts over; an unknown category is named like any bad filter
        assertThat(http.get("/search?cursor=not-a-cursor&category=nope").statusCode())
                .isEqualTo(400);
    }

    @Test
    void badFiltersAreNamedUnderTheirFieldsAndTheRestIsKept() {
        HttpResponse<String> huge = http.get("/search?q=" + word + "&price_from=99999999999999999999999&price_to=abc");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(huge.body())
                .contains("id=\"s-price-from-error\"")
                .contains("id=\"s-price-to-error\"")
                .contains("value=\"" + word + "\"")
                .contains("Some filters need fixing");

        HttpResponse<String> dates = http.get("/search?start=2027-03-10&end=2027-03-01&seats=0");
        assertThat(dates.statusCode()).isEqualTo(400);
        assertThat(dates.body())
                .contains("id=\"s-end-error\"")
                .contains("id=\"s-seats-error\"")
                .contains("value=\"2027-03-10\"");

        // htmx swaps in only successful answers: the filters it sends get their errors as a 200
        HttpResponse<String> swapped = http.get("/search?seats=0", "HX-Request", "true");
        assertThat(swapped.statusCode()).isEqualTo(200);
        assertThat(swapped.body()).contains("id=\"s-seats-error\"");
    }

    private UUID publish(String title) {
        UUID id = listings.create(
                        owner,
                        new ListingDraft(
                                catalog.stays,
                                catalog.rooms,
                                title,
                                "Bright and calm.",
                                Map.of(catalog.guests, 2),
                                Money.of(8500, "EUR"),
                                new Location("Rua dos Remédios 12, Lisbon", 38.7115, -9.1290),
                                null,
                                null,
                                null,
                                null))
                .id();
        listings.addPhoto(owner, id, new ByteArrayInputStream(TestCatalog.png(120, 90)));
        listings.publish(owner, id);
        eventually(() -> searchFor(word).contains(id.toString()));
        return id;
    }

    private String searchFor(String query) {
        HttpResponse<String> page =
                http.get("/search?q=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    /** The index follows listings right after their transaction commits: within a second. */
    private static void eventually(Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(1));
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not true within 1 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
