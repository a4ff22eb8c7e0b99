package dev.souk.listings;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Browser;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@SoukTest
@Import(WithMailbox.class)
class ListingBrowserTest {

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Test
    void memberListsARoomWithAPhotoAndSeesItsPublicPageWithAMap() {
        TestCatalog catalog = new TestCatalog(marketplace);
        Signed owner = Members.verifiedMember(new Http(port), "Browser Owner");
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

            page.navigate(base + "/sign-in");
            page.getByLabel("Email").fill(owner.email());
            page.getByLabel("Password").fill(Members.PASSWORD);
            page.locator("main form button[type=submit]").click();
            page.waitForURL(url -> !url.contains("/sign-in"));

            page.navigate(base + "/listings/new");
            page.locator("#f-listingType").selectOption(catalog.stays);
            page.locator("#f-category").selectOption(catalog.rooms);
            page.locator("#f-title").fill("Browser room");
            page.locator("main form button[type=submit]").click();
            page.waitForURL("**/edit");

            page.locator("#f-file").setInputFiles(new FilePayload("room.png", "image/png", TestCatalog.png(80, 60)));
            page.locator(".souk-photo-upload button[type=submit]").click();
            page.waitForURL("**/edit#photos");
            assertThat(page.locator(".souk-photo")).hasCount(1);

            page.locator("#f-description").fill("A calm room.\n\nNear the river.");
            page.locator("#f-field-" + catalog.guests).fill("2");
            page.locator("#f-price").fill("85");
            page.locator("#f-address").fill("Rua dos Remédios 12, Lisbon");
            page.locator("#f-latitude").fill("38.7115");
            page.locator("#f-longitude").fill("-9.1290");
            page.getByLabel("Fee 1: what it is for").fill("Cleaning fee");
            page.getByLabel("Amount of fee 1").fill("40");
            page.locator(".souk-listing-form button[type=submit]").click();
            page.waitForURL("**/edit");
            assertThat(page.locator("#f-fee-0-label")).hasValue("Cleaning fee");

            page.getByRole(
                            com.microsoft.playwright.options.AriaRole.BUTTON,
                            new Page.GetByRoleOptions().setName("Publish"))
                    .click();
            page.waitForURL(url -> !url.contains("/edit") && url.contains("/listings/"));

            assertThat(page.locator("h1")).containsText("Browser room");
            assertThat(page.locator("#listing-map")).isVisible();
            assertThat(page.locator("#listing-map.leaflet-container")).hasCount(1);
            assertThat(page.locator("img[alt='Browser room 1']")).isVisible();
            assertThat(page.locator("#calendar")).isVisible();
            assertThat(page.locator(".souk-aside li")).hasText("Cleaning fee€40");
            assertThat(problems).as("console errors, e.g. CSP violations").isEmpty();
        }
    }

    @Test
    void aTitleWithMarkupIsShownAsTextOnTheMapsAndBecomesNoElement() {
        TestCatalog catalog = new TestCatalog(marketplace);
        Http http = new Http(port);
        Signed owner = Members.verifiedMember(http, "Markup Owner");
        String title = "<b id=injected>Bold</b><img src=x id=injected-img> loft " + catalog.suffix;
        HttpResponse<String> created = http.postJson("/api/v1/listings", catalog.completeStay(title), owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Members.field(created.body(), "id");
        assertThat(http.upload(
                                "/api/v1/listings/" + id + "/photos",
                                "file",
                                "loft.png",
                                "image/png",
                                TestCatalog.png(80, 60),
                                owner.auth())
                        .statusCode())
                .isEqualTo(201);
        assertThat(http.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth())
                        .statusCode())
                .isEqualTo(200);
        String base = "http://localhost:" + port;
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();

            page.navigate(base + "/listings/" + id);
            page.locator("#listing-map .leaflet-interactive").hover();
            assertThat(page.locator(".leaflet-tooltip")).hasText(title);
            assertThat(page.locator("#injected")).hasCount(0);
            assertThat(page.locator("#injected-img")).hasCount(0);

            page.navigate(base + "/search?q=" + catalog.suffix);
            assertThat(page.locator("#search-map .souk-price-marker")).hasCount(1);
            assertThat(page.locator("#search-map .souk-price-marker")).hasAttribute("title", title);
            assertThat(page.locator("#injected")).hasCount(0);
            assertThat(page.locator("#injected-img")).hasCount(0);
        }
    }
}
