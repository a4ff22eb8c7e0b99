package dev.souk.search;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.souk.accounts.Accounts;
import dev.souk.listings.ListingDraft;
import dev.souk.listings.Listings;
import dev.souk.listings.Location;
import dev.souk.marketplace.Marketplace;
import dev.souk.shared.Money;
import dev.souk.testing.Browser;
import dev.souk.testing.Members;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.LinkedMultiValueMap;

@SoukTest
class SearchBrowserTest {

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Search search;

    @Test
    void visitorSearchesFiltersByCategoryMovesToTheSecondPageAndOpensAResult() throws InterruptedException {
        TestCatalog catalog = new TestCatalog(marketplace);
        UUID owner = accounts.ensureOperator(Members.uniqueEmail("browse-owner"), "browse-owner-words", "Browse Owner");
        String word = "zb" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        byte[] photo = TestCatalog.png(120, 90);
        // 30 rooms and 4 lessons with the same word: 24 rooms on the first page, 6 on the second
        for (int i = 0; i < 30; i++) {
            UUID id = listings.create(
                            owner,
                            new ListingDraft(
                                    catalog.stays,
                                    catalog.rooms,
                                    "Room " + (i + 1) + " " + word,
                                    "Bright and calm.",
                                    Map.of(catalog.guests, 2),
                                    Money.of(4000 + i * 100, "EUR"),
                                    new Location("Lisbon", 38.70 + i * 0.001, -9.13),
                                    null,
                                    null,
                                    null,
                                    null))
                    .id();
            listings.addPhoto(owner, id, new ByteArrayInputStream(photo));
            listings.publish(owner, id);
        }
        for (int i = 0; i < 4; i++) {
            UUID id = listings.create(
                            owner,
                            new ListingDraft(
                                    catalog.lessons,
                                    catalog.classes,
                                    "Lesson " + (i + 1) + " " + word,
                                    "Patient teacher.",
                                    Map.of(),
                                    Money.of(3000, "EUR"),
                                    new Location("Porto", 41.15, -8.61),
                                    null,
                                    null,
                                    null,
                                    null))
                    .id();
            listings.publish(owner, id);
        }

        // each listing becomes findable right after its own commit; the burst of 34 takes a moment
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (search.find(SearchQuery.parse(new LinkedMultiValueMap<>(Map.of("q", List.of(word)))))
                                .total()
                        < 34
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        String base = "http://localhost:" + port;
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            List<String> problems = new ArrayList<>();
            page.onConsoleMessage(message -> {
                // map tiles can't load offline; that is the network, not the page
                if ("error".equals(message.type()) && !message.text().contains("Failed to load resource")) {
                    problems.add(message.text());
                }
            });
            page.onPageError(problems::add);

            // the header's search box leads to the search page
            page.navigate(base + "/");
            page.locator("header input[name=q]").fill(word);
            page.locator("header input[name=q]").press("Enter");
            page.waitForURL(url -> url.contains("/search") && url.contains(word));
            assertThat(page.locator("#search-total")).containsText("34 listings");
            assertThat(page.locator("#search-results article")).hasCount(24);
            assertThat(page.locator(".souk-price-marker")).hasCount(24);

            // choosing a category runs the search again in place and puts it in the URL
            page.locator("#s-category").selectOption(catalog.rooms);
            page.waitForURL(url -> url.contains("category=" + catalog.rooms));
            assertThat(page.locator("#search-total")).containsText("30 listings");
            assertThat(page.locator("#search-results .souk-chip")).hasCount(2);
            Set<String> firstPage =
                    new HashSet<>(page.locator("#search-results h2").allTextContents());
            assertThat(firstPage).hasSize(24).allMatch(title -> title.startsWith("Room "));

            page.getByRole(
                            com.microsoft.playwright.options.AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("Next page"))
                    .click();
            page.waitForURL(url -> url.contains("cursor="));
            assertThat(page.locator("#search-results article")).hasCount(6);
            List<String> secondPage = page.locator("#search-results h2").allTextContents();
            assertThat(secondPage).allMatch(title -> title.startsWith("Room ")).noneMatch(firstPage::contains);

            // the back button returns to the first page of the filtered search
            page.goBack();
            page.waitForURL(url -> !url.contains("cursor="));
            assertThat(page.locator("#search-results article")).hasCount(24);
            page.goForward();
            page.waitForURL(url -> url.contains("cursor="));

            String opened = page.locator("#search-results h2").first().textContent();
            page.locator("#search-results article a").first().click();
            page.waitForURL(url -> url.contains("/listings/"));
            assertThat(page.locator("main h1")).hasText(opened);
            assertThat(problems).isEmpty();
        }
    }
}
