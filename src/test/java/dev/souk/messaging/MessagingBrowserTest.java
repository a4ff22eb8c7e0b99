package dev.souk.messaging;

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
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@SoukTest
@Import(WithMailbox.class)
class MessagingBrowserTest {

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Messaging messaging;

    @Test
    void aMessageAppearsLiveOnTheOtherMembersOpenPageAndComesBackSeen() {
        Http http = new Http(port);
        Signed provider = Members.verifiedMember(http, "Lena Live");
        Signed customer = Members.verifiedMember(http, "Kai Live");
        UUID listing = new TestListings(marketplace, listings).published(provider.id(), "Bread oven");
        UUID id = messaging
                .contact(customer.id(), listing, "Is the oven wood-fired?")
                .conversation()
                .id();
        String base = "http://localhost:" + port;
        List<String> problems = new ArrayList<>();

        try (BrowserContext providerContext = browser.newContext();
                BrowserContext customerContext = browser.newContext()) {
            Page providerPage = signIn(providerContext, base, provider, problems);
            Page customerPage = signIn(customerContext, base, customer, problems);
            providerPage.navigate(base + "/conversations/" + id);
            customerPage.navigate(base + "/conversations/" + id);
            awaitLive(providerPage);
            awaitLive(customerPage);

            providerPage.locator("#f-text").fill("Yes, oak only. See https://example.org/oven");
            long sent = System.nanoTime();
            providerPage.locator("#send-form button[type=submit]").click();

            Locator arrived =
                    customerPage.locator("#messages li", new Page.LocatorOptions().setHasText("Yes, oak only."));
            arrived.waitFor(new Locator.WaitForOptions().setTimeout(5_000));
            long millis = (System.nanoTime() - sent) / 1_000_000;
            assertThat(millis).as("delivery took %d ms", millis).isLessThan(1_000);
            assertThat(arrived.locator("a[rel='nofollow noopener ugc']").getAttribute("href"))
                    .isEqualTo("https://example.org/oven");

            Locator own = providerPage.locator("#messages li", new Page.LocatorOptions().setHasText("Yes, oak only."));
            own.first().waitFor();
            assertThat(own.count())
                    .as("the sender's page shows its message once")
                    .isEqualTo(1);
            assertThat(providerPage.locator("#f-text").inputValue())
                    .as("the send box is cleared")
                    .isEmpty();

            // the customer's open page read it, so the provider's page says so
            providerPage
                    .locator("#seen-status", new Page.LocatorOptions().setHasText("Seen"))
                    .waitFor(new Locator.WaitForOptions().setTimeout(5_000));
            assertThat(messaging.unreadCount(customer.id())).isZero();
        }
        assertThat(problems).isEmpty();
    }

    private static Page signIn(BrowserContext context, String base, Signed member, List<String> problems) {
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                problems.add(message.text());
            }
        });
        page.onPageError(problems::add);
        page.navigate(base + "/sign-in");
        page.getByLabel("Email").fill(member.email());
        page.getByLabel("Password").fill(Members.PASSWORD);
        page.locator("main form button[type=submit]").click();
        page.waitForURL(url -> !url.contains("/sign-in"));
        return page;
    }

    /** The page's event stream is open once htmx's extension has connected it. */
    private static void awaitLive(Page page) {
        page.waitForFunction("() => { const el = document.querySelector('main [sse-connect]');"
                + " return el && htmx && el['htmx-internal-data'] && el['htmx-internal-data'].sseEventSource"
                + " && el['htmx-internal-data'].sseEventSource.readyState === 1; }");
    }
}
