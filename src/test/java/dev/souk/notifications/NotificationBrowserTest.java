package dev.souk.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Browser;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The bell in the page header counts up live when something happens, without a reload. */
@SoukTest
@Import(WithMailbox.class)
class NotificationBrowserTest {

    @RegisterExtension
    static Browser browser = new Browser();

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

    @Test
    void theBellCountsUpLiveWhenAnotherMemberRequestsABookingAndItsPageListsIt() {
        Http http = new Http(port);
        Dealings deals = new Dealings(http, marketplace, listings, jdbc, clock);
        Signed provider = Members.verifiedMember(http, "Bella Bell");
        Signed customer = Members.verifiedMember(http, "Carl Caller");
        UUID listing = deals.listing(provider, "stay", 7_000, "flexible");
        String base = "http://localhost:" + port;
        List<String> problems = new ArrayList<>();

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.onConsoleMessage(message -> {
                if ("error".equals(message.type())) {
                    problems.add(message.text());
                }
            });
            page.onPageError(problems::add);
            page.navigate(base + "/sign-in");
            page.getByLabel("Email").fill(provider.email());
            page.getByLabel("Password").fill(Members.PASSWORD);
            page.locator("main form button[type=submit]").click();
            page.waitForURL(url -> !url.contains("/sign-in"));
            page.navigate(base + "/listings/mine");
            assertThat(page.locator("#bell-count").innerText()).isEmpty();
            page.waitForFunction("() => { const el = document.querySelector('#bell');"
                    + " return el && el['htmx-internal-data'] && el['htmx-internal-data'].sseEventSource"
                    + " && el['htmx-internal-data'].sseEventSource.readyState === 1; }");
            String before = page.url();

            LocalDate checkIn = deals.today().plusDays(15);
            deals.book(customer, listing, checkIn, checkIn.plusDays(2));

            Locator badge = page.locator("#bell-count .badge");
            badge.waitFor(new Locator.WaitForOptions().setTimeout(10_000));
            assertThat(badge.innerText()).startsWith("1");
            assertThat(badge.locator(".visually-hidden").innerText()).contains("1 unread notification");
            assertThat(page.url()).as("no reload").isEqualTo(before);

            page.locator("#bell").click();
            page.waitForURL(base + "/notifications");
            Locator item = page.locator(".souk-notifications li.souk-unread");
            assertThat(item.count()).isEqualTo(1);
            assertThat(item.innerText()).contains("New booking request for A stay to deal over");
            item.locator("form[action$='/open'] button").click();
            page.waitForURL(url -> url.contains("/transactions/"));
            assertThat(page.locator("#bell-count").innerText())
                    .as("read once opened")
                    .isEmpty();
        }
        assertThat(problems).isEmpty();
    }
}
