package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.souk.payments.Checkouts.Checkout;
import dev.souk.testing.Browser;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** The checkout and the 3-D Secure step in Chromium: usable by label, accessible, and back to Souk at the end. */
@SoukTest
@Import(WithWebhookReceiver.class)
class CardSimulatorBrowserTest {

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    CardSimulator simulator;

    @Autowired
    MutableClock clock;

    @Test
    void aCustomerCorrectsATypoThenPaysWithACardThatAsksFor3DSecure() {
        Checkouts checkouts = new Checkouts(simulator, port, clock);
        Checkout checkout = checkouts.start(42_00, URI.create(url("/")));

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(url(checkout.path()));
            assertThat(violations(page)).as("the checkout").isEmpty();

            label(page, "Card number").fill("4242 4242 4242 4241");
            label(page, "Expiry date").fill(checkouts.expiry());
            label(page, "Security code").fill("123");
            label(page, "Name on card").fill("Chris Customer");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pay €42"))
                    .click();

            assertThat(page.locator("#f-number-error").textContent()).contains("This card number isn't valid.");
            assertThat(label(page, "Name on card").inputValue()).isEqualTo("Chris Customer");
            assertThat(violations(page)).as("the checkout with an error").isEmpty();

            label(page, "Card number").fill("4000 0027 6000 3184");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pay €42"))
                    .click();
            page.waitForURL(url(checkout.path() + "/authenticate"));
            assertThat(violations(page)).as("the 3-D Secure step").isEmpty();

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Complete authentication"))
                    .click();
            page.waitForURL(url("/"));
        }
        WebhookReceiver.await(checkout.reference(), "AUTHORIZED");
    }

    private static com.microsoft.playwright.Locator label(Page page, String text) {
        return page.getByLabel(text, new Page.GetByLabelOptions().setExact(true));
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
