package dev.souk.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.payments.Gateway;
import dev.souk.payments.Payments;
import dev.souk.testing.Browser;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A request to book in Chromium, from the listing page to the end of the stay: the customer picks dates,
 * sees the price, requests, pays at the card simulator's checkout and is brought back; the provider
 * accepts from their sales; both see it accepted, and after the stay both see it completed and review
 * each other, and the listing shows its new rating. Every page
 * on the way passes axe-core's checks, and no page logs a script error or a refused policy.
 */
@SoukTest
@Import(WithMailbox.class)
class TransactionBrowserTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /**
     * The checkout and its way back are absolute addresses made from the base URL, so the app listens
     * where the base URL says.
     */
    private static final int PORT = freePort();

    @DynamicPropertySource
    static void listenWhereTheBaseUrlSays(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("souk.base-url", () -> "http://localhost:" + PORT);
    }

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    Payments payments;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    MutableClock clock;

    final List<String> problems = new ArrayList<>();

    @AfterEach
    void tearDown() {
        clock.reset();
        payments.chooseGateway(Gateway.DIRECT);
    }

    @Test
    void aCustomerRequestsPaysByCardTheProviderAcceptsAndTheStayCompletes() {
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
        Http http = new Http(port);
        Deals deals = new Deals(http, marketplace, listings);
        Signed provider = Members.verifiedMember(http, "Hanna Host");
        Signed customer = Members.verifiedMember(http, "Gustav Guest");
        UUID listing = deals.listing(provider, "stay", 12_000, "flexible", "");
        // soon, so that the stay is over within a week: sessions last no longer than that
        LocalDate checkIn = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(2);
        LocalDate checkOut = checkIn.plusDays(2);
        String base = "http://localhost:" + port;

        try (BrowserContext customerContext = browser.newContext();
                BrowserContext providerContext = browser.newContext()) {
            Page guest = signIn(customerContext, base, customer);
            guest.navigate(base + "/listings/" + listing);
            guest.getByLabel("Check-in").fill(checkIn.toString());
            guest.getByLabel("Check-out").fill(checkOut.toString());
            Locator total = guest.locator("#quote #customer-total");
            total.waitFor();
            String price = total.textContent();
            assertThat(guest.locator("#quote").textContent())
                    .contains("2 nights")
                    .contains("€240")
                    .contains("Flexible: cancel until");
            assertThat(violations(guest)).as("the listing page with its price").isEmpty();

            guest.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request to book"))
                    .click();
            guest.waitForURL(url -> url.contains("/listings/" + listing + "/book?"));
            assertThat(guest.locator("#customer-total").textContent()).isEqualTo(price);
            assertThat(guest.locator("#terms").textContent()).startsWith("Flexible: cancel until");
            assertThat(violations(guest)).as("the confirm page").isEmpty();
            guest.getByLabel("Message to Hanna Host").fill("Hello! Two of us, arriving by train in the evening.");
            guest.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request to book"))
                    .click();

            guest.waitForURL(url -> url.contains("/payments/simulator/"));
            guest.getByLabel("Card number", new Page.GetByLabelOptions().setExact(true))
                    .fill("4242 4242 4242 4242");
            guest.getByLabel("Expiry date", new Page.GetByLabelOptions().setExact(true))
                    .fill(YearMonth.now(clock).plusYears(2).format(DateTimeFormatter.ofPattern("MM/yy")));
            guest.getByLabel("Security code", new Page.GetByLabelOptions().setExact(true))
                    .fill("123");
            guest.getByLabel("Name on card", new Page.GetByLabelOptions().setExact(true))
                    .fill("Gustav Guest");
            guest.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pay " + price))
                    .click();

            guest.waitForURL(url -> url.matches(".*/transactions/[0-9a-f-]{36}\\?returned=1$"));
            String transaction = guest.url().replaceAll(".*/transactions/([0-9a-f-]{36}).*", "$1");
            // the page asks for itself again until the gateway's answer has moved the booking on
            guest.locator("#status", new Page.LocatorOptions().setHasText("Your request is with Hanna Host."))
                    .waitFor(new Locator.WaitForOptions().setTimeout(20_000));
            assertThat(guest.locator("main").textContent())
                    .contains("Requested")
                    .contains("Hello! Two of us, arriving by train in the evening.");
            assertThat(violations(guest)).as("the customer's transaction page").isEmpty();

            Page host = signIn(providerContext, base, provider);
            host.navigate(base + "/sales");
            Locator waiting = host.locator("#pending");
            assertThat(waiting.textContent()).contains("Waiting for you (1)").contains("with Gustav Guest");
            assertThat(violations(host)).as("the sales").isEmpty();
            waiting.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("A stay to deal over"))
                    .click();
            host.waitForURL(base + "/transactions/" + transaction);
            assertThat(host.locator("#provider-total").textContent()).isNotBlank();
            assertThat(violations(host)).as("the provider's transaction page").isEmpty();
            host.locator("#t-accept-message").fill("Welcome! The key is in the box.");
            host.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept the request"))
                    .click();
            host.locator(".alert-success", new Page.LocatorOptions().setHasText("Accepted: the customer is told."))
                    .waitFor();
            assertThat(host.locator("main").textContent())
                    .contains("Confirmed: the dates are reserved for Gustav Guest.")
                    .contains("Accepted");
            assertThat(host.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept the request"))
                            .count())
                    .isZero();

            guest.navigate(base + "/trips");
            assertThat(guest.locator("main").textContent()).contains("Accepted");
            assertThat(violations(guest)).as("the trips").isEmpty();
            guest.navigate(base + "/transactions/" + transaction);
            assertThat(guest.locator("#status").textContent()).contains("Confirmed: Hanna Host expects you.");
            assertThat(guest.locator("main").textContent()).contains("Welcome! The key is in the box.");

            // the stay ends; the booking completes the day after check-out
            clock.advance(Duration.between(
                            clock.instant(),
                            checkOut.plusDays(1).atStartOfDay(BERLIN).toInstant())
                    .plusMinutes(5));
            for (Page party : List.of(guest, host)) {
                party.navigate(base + "/transactions/" + transaction);
                awaitState(party, "Completed");
                assertThat(party.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel the booking"))
                                .count())
                        .as("nothing left to do")
                        .isZero();
            }
            assertThat(guest.locator("#status").textContent()).contains("Thank you for booking with Hanna Host.");
            assertThat(violations(guest)).as("a completed booking").isEmpty();

            // both review each other from the transaction page; the first review waits for the second
            guest.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Review Hanna Host"))
                    .click();
            guest.waitForURL(base + "/transactions/" + transaction + "/review");
            assertThat(violations(guest)).as("the review form").isEmpty();
            guest.locator("#rating-5").check();
            guest.getByLabel("Your review").fill("Spotless flat, a warm welcome and the key where promised.");
            guest.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Post the review"))
                    .click();
            guest.locator(".alert-success", new Page.LocatorOptions().setHasText("Thank you! Your review is saved."))
                    .waitFor();
            assertThat(guest.locator("main").textContent())
                    .contains("Your review stays hidden until Hanna Host has reviewed you too");
            guest.navigate(base + "/listings/" + listing);
            guest.locator("#reviews", new Page.LocatorOptions().setHasText("No reviews yet."))
                    .waitFor();
            assertThat(guest.locator("#reviews").textContent())
                    .as("hidden until both have written")
                    .doesNotContain("Spotless flat");

            host.navigate(base + "/transactions/" + transaction);
            host.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Review Gustav Guest"))
                    .click();
            host.waitForURL(base + "/transactions/" + transaction + "/review");
            host.locator("#rating-4").check();
            host.getByLabel("Your review").fill("A considerate guest who left the place tidy.");
            host.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Post the review"))
                    .click();
            host.locator(".alert-success", new Page.LocatorOptions().setHasText("Thank you! Your review is saved."))
                    .waitFor();
            assertThat(host.locator("main").textContent())
                    .as("both have written: both are public")
                    .contains("Your review is public.")
                    .contains("Spotless flat, a warm welcome and the key where promised.");

            guest.navigate(base + "/listings/" + listing);
            // the section comes from the reviews module once the page has loaded
            guest.locator("#reviews", new Page.LocatorOptions().setHasText("Spotless flat"))
                    .waitFor();
            assertThat(guest.locator("#reviews").textContent())
                    .contains("5.0")
                    .contains("1 review")
                    .contains("Spotless flat, a warm welcome and the key where promised.");
            assertThat(violations(guest)).as("the listing page with its review").isEmpty();
        }
        assertThat(problems)
                .as("no script errors, nothing the page policy refused")
                .isEmpty();
    }

    private Page signIn(BrowserContext context, String base, Signed member) {
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                problems.add(page.url() + ": " + message.text());
            }
        });
        page.onPageError(error -> problems.add(page.url() + ": " + error));
        page.navigate(base + "/sign-in");
        page.getByLabel("Email").fill(member.email());
        page.getByLabel("Password").fill(Members.PASSWORD);
        page.locator("main form button[type=submit]").click();
        page.waitForURL(url -> !url.contains("/sign-in"));
        return page;
    }

    /** Reloads until the state badge says so: the timer that moves it runs on its own. */
    private static void awaitState(Page page, String state) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!page.locator("h1 + .badge").textContent().strip().equals(state)
                && Instant.now().isBefore(deadline)) {
            page.waitForTimeout(250);
            page.reload();
        }
        assertThat(page.locator("h1 + .badge").textContent().strip()).isEqualTo(state);
    }

    private static List<String> violations(Page page) {
        return new AxeBuilder(page)
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze().getViolations().stream()
                        .map(TransactionBrowserTest::describe)
                        .toList();
    }

    private static String describe(Rule rule) {
        return rule.getId() + ": " + rule.getHelp() + " at "
                + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget()))
                        .toList();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
