package dev.souk.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
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
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.TwoFactor;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every page type passes axe-core's checks for WCAG 2.1 A and AA. */
@SoukTest
class AccessibilityBrowserTest {

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
    MutableClock clock;

    @Test
    void publicPagesHaveNoAccessibilityViolations() {
        UUID member =
                accounts.ensureOperator(Members.uniqueEmail("a11y-public"), "public-pages-check", "Public Checker");
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            for (String path : List.of(
                    "/",
                    "/sign-in",
                    "/sign-up",
                    "/forgot-password",
                    "/verify-email/resend",
                    "/members/" + member,
                    "/no/such/page",
                    "/search",
                    "/search?q=nothing-like-this-anywhere")) {
                page.navigate(url(path));
                assertThat(violations(page)).as(path).isEmpty();
            }
        }
    }

    @Test
    void memberAndOperatorPagesHaveNoAccessibilityViolations() {
        String email = Members.uniqueEmail("a11y-operator");
        UUID operator = accounts.ensureOperator(email, "operator-pages-check", "Operator Checker");
        UUID listing = publishedStay(operator);
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(url("/sign-in"));
            page.getByLabel("Email address").fill(email);
            page.getByLabel("Password").fill("operator-pages-check");
            page.locator("form[action='/sign-in'] button[type=submit]").click();
            page.waitForURL(url -> url.endsWith("/account/two-factor"));
            assertThat(violations(page))
                    .as("/account/two-factor, turning it on")
                    .isEmpty();
            TwoFactor.enrol(page, "operator-pages-check", clock);
            assertThat(violations(page))
                    .as("/account/two-factor, the recovery codes")
                    .isEmpty();
            for (String path : List.of(
                    "/",
                    "/account",
                    "/account/email",
                    "/account/password",
                    "/account/security",
                    "/account/two-factor",
                    "/account/delete",
                    "/account/notifications",
                    "/notifications",
                    "/inbox",
                    "/account/payments",
                    "/account/earnings",
                    "/account/payouts",
                    "/trips",
                    "/sales",
                    "/listings/new",
                    "/listings/mine",
                    "/listings/" + listing,
                    "/listings/" + listing + "/edit",
                    "/listings/" + listing + "/availability",
                    "/admin",
                    "/admin/members",
                    "/admin/mail",
                    "/admin/listings",
                    "/admin/conversations/reported",
                    "/admin/payments",
                    "/admin/ledger",
                    "/admin/transactions",
                    "/admin/webhooks",
                    "/admin/marketplace",
                    "/admin/marketplace/listing-types",
                    "/admin/marketplace/categories",
                    "/admin/marketplace/fields")) {
                page.navigate(url(path));
                assertThat(violations(page)).as(path).isEmpty();
            }
        }
    }

    @Test
    void aListingPageSeenByAVisitorHasNoAccessibilityViolations() {
        UUID listing =
                publishedStay(accounts.ensureOperator(Members.uniqueEmail("a11y-owner"), "owner-pages-check", "Owner"));
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(url("/listings/" + listing));
            assertThat(violations(page)).isEmpty();
        }
    }

    private UUID publishedStay(UUID owner) {
        TestCatalog catalog = new TestCatalog(marketplace);
        UUID id = listings.create(
                        owner,
                        new ListingDraft(
                                catalog.stays,
                                catalog.rooms,
                                "Quiet room with a view",
                                "Bright and calm.\n\nNear the river.",
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
        return id;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static List<String> violations(Page page) {
        return new AxeBuilder(page)
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze().getViolations().stream()
                        .map(AccessibilityBrowserTest::describe)
                        .toList();
    }

    private static String describe(Rule rule) {
        return rule.getId() + ": " + rule.getHelp() + " at "
                + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget()))
                        .toList();
    }
}
