package dev.souk.notifications.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.souk.accounts.Accounts;
import dev.souk.testing.Browser;
import dev.souk.testing.Members;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An operator in Chromium: from the console to an endpoint added by form, its secret shown, a delivery
 * with its payload, pausing, resuming and deleting; every page passes axe-core's WCAG 2.1 AA checks.
 */
@SoukTest
class WebhookPagesBrowserTest {

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Webhooks webhooks;

    @Autowired
    MutableClock clock;

    @AfterEach
    void tearDown() {
        webhooks.endpoints().forEach(e -> webhooks.delete(e.id()));
    }

    @Test
    void anOperatorAddsWatchesPausesAndDeletesAnEndpoint() throws Exception {
        String email = Members.uniqueEmail("hook-pages");
        accounts.ensureOperator(email, "hook-pages-check", "Hook Checker");
        try (Receiver receiver = new Receiver();
                BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(url("/sign-in"));
            page.getByLabel("Email address").fill(email);
            page.getByLabel("Password").fill("hook-pages-check");
            page.locator("form[action='/sign-in'] button[type=submit]").click();
            page.waitForURL(u -> u.endsWith("/account/two-factor"));
            TwoFactor.enrol(page, "hook-pages-check", clock);

            page.navigate(url("/admin"));
            page.locator("main a[href='/admin/webhooks']").click();
            page.waitForURL(u -> u.endsWith("/admin/webhooks"));
            assertThat(violations(page)).as("the list").isEmpty();

            page.getByLabel("Endpoint URL").fill(receiver.url("/souk"));
            page.getByLabel("Description (optional)").fill("Chat channel");
            page.locator("#f-events-listing-closed").check();
            page.locator("form[action='/admin/webhooks'] button[type=submit]").click();
            String secret = page.locator("#webhook-secret").textContent();
            assertThat(secret).startsWith("whsec_");
            page.getByText("Endpoint added").waitFor();
            assertThat(violations(page)).as("the new endpoint").isEmpty();
            Endpoint endpoint = webhooks.endpoints().get(0);
            assertThat(webhooks.secret(endpoint.id())).isEqualTo(secret);
            assertThat(endpoint.events()).containsExactly(EventType.LISTING_CLOSED);

            webhooks.record(
                    EventType.LISTING_CLOSED, UUID.randomUUID(), clock.instant(), Map.of("listingId", "a-listing"));
            receiver.await(r -> r.body().contains("a-listing"));
            awaitSucceeded(endpoint.id());
            page.navigate(url("/admin/webhooks/" + endpoint.id()));
            assertThat(page.locator("#webhook-deliveries").textContent())
                    .contains("listing.closed")
                    .contains("Delivered")
                    .contains("200");
            page.locator("#webhook-deliveries summary").first().click();
            assertThat(page.locator("#webhook-deliveries pre").first().textContent())
                    .contains("\"listingId\":\"a-listing\"");
            assertThat(page.locator("#webhook-secret").count())
                    .as("shown on request only")
                    .isZero();
            assertThat(violations(page)).as("the endpoint with a delivery").isEmpty();

            page.getByText("Pause", new Page.GetByTextOptions().setExact(true)).click();
            // the page after the redirect, loaded (content() read mid-load is a part of a page)
            page.getByText("Endpoint paused").waitFor();
            assertThat(webhooks.endpoint(endpoint.id()).paused()).isTrue();
            page.getByText("Resume", new Page.GetByTextOptions().setExact(true)).click();
            page.getByText("Endpoint resumed").waitFor();
            page.getByText("Show signing secret").click();
            assertThat(page.locator("#webhook-secret").textContent()).isEqualTo(secret);

            page.getByText("Delete endpoint", new Page.GetByTextOptions().setExact(true))
                    .last()
                    .click();
            page.waitForURL(u -> u.endsWith("/admin/webhooks"));
            page.getByText("Endpoint deleted").waitFor();
            page.getByText("No endpoints yet").waitFor();
            assertThat(webhooks.endpoints()).isEmpty();
        }
    }

    private void awaitSucceeded(UUID endpointId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (webhooks.deliveries(endpointId).stream().anyMatch(d -> d.status() == Delivery.Status.SUCCEEDED)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not delivered within 20 s");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static List<String> violations(Page page) {
        return new AxeBuilder(page)
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze().getViolations().stream()
                        .map(rule -> rule.getId() + ": " + rule.getHelp() + " at "
                                + rule.getNodes().stream()
                                        .map(node -> String.valueOf(node.getTarget()))
                                        .toList())
                        .toList();
    }
}
