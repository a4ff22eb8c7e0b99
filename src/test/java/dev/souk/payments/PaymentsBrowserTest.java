package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.souk.accounts.Accounts;
import dev.souk.marketplace.Marketplace;
import dev.souk.shared.Money;
import dev.souk.testing.Browser;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.WithMailbox;
import java.net.URI;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** The payments pages in Chromium: the revenue chart drawn from the ledger, and axe-core's checks on every page. */
@SoukTest
@Import({WithMailbox.class, GatewayDoubles.class})
class PaymentsBrowserTest {

    private static final String PASSWORD = "payments-browser-words";

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    Payments payments;

    @Autowired
    Accounts accounts;

    @Autowired
    Marketplace marketplace;

    @Autowired
    MutableClock clock;

    @Test
    void theRevenueChartIsDrawnWithTheLedgersFiguresAndEveryPaymentsPagePassesTheAccessibilityCheck() {
        payments.chooseGateway(Gateway.DIRECT);
        Http http = new Http(port);
        String email = Members.uniqueEmail("payments-browser");
        UUID operator = accounts.ensureOperator(email, PASSWORD, "Olga Operator");
        Signed customer = Members.verifiedMember(http, "Cleo Customer");
        Signed provider = Members.verifiedMember(http, "Pia Provider");
        // the operator pays one provider and is paid by one customer, so that every list has rows
        PaymentView paid = payments.start(direct(operator, provider.id(), 12_000, 1_200, "Kayak for two"));
        PaymentView earned = payments.start(direct(customer.id(), operator, 30_000, 3_600, "Guided city walk"));
        payments.start(direct(customer.id(), operator, 9_000, 900, "Bread course"));
        payments.markReceived(operator, earned.id());
        YearMonth month =
                YearMonth.from(clock.instant().atZone(marketplace.settings().timeZone()));
        double revenue = payments.revenueByMonth(1).stream()
                .filter(r -> r.month().equals(month)
                        && r.revenue().currency().getCurrencyCode().equals("EUR"))
                .mapToDouble(r -> r.revenue().decimal().doubleValue())
                .sum();
        assertThat(revenue).isGreaterThanOrEqualTo(36.0);

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
            TwoFactor.operator(page, base, email, PASSWORD, clock);

            page.navigate(base + "/admin/payments");
            page.locator("#revenue-chart canvas").waitFor();
            Object drawn = page.evaluate("() => {"
                    + " const chart = echarts.getInstanceByDom(document.getElementById('revenue-chart'));"
                    + " const series = chart.getOption().series.find(s => s.name === 'EUR');"
                    + " return series.data[series.data.length - 1]; }");
            assertThat(((Number) drawn).doubleValue())
                    .as("this month's bar is the ledger's revenue")
                    .isEqualTo(revenue);
            Object painted = page.evaluate("() => {"
                    + " const canvas = document.querySelector('#revenue-chart canvas');"
                    + " const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
                    + " let bar = 0;"
                    + " for (let i = 0; i < pixels.length; i += 4) {"
                    + "   if (pixels[i] === 0xb9 && pixels[i + 1] === 0x3d && pixels[i + 2] === 0x0b) bar++; }"
                    + " return bar; }");
            assertThat(((Number) painted).intValue())
                    .as("pixels of the bars' colour")
                    .isGreaterThan(100);
            assertThat(page.locator("#revenue-table").textContent()).contains("€");
            assertThat(violations(page)).as("/admin/payments").isEmpty();

            for (String path : List.of(
                    "/admin/ledger",
                    "/account/payments",
                    "/account/payments/" + paid.id(),
                    "/account/payments/" + earned.id(),
                    "/account/earnings",
                    "/account/payouts")) {
                page.navigate(base + path);
                assertThat(violations(page)).as(path).isEmpty();
            }
            page.navigate(base + "/account/earnings");
            page.getByRole(
                            com.microsoft.playwright.options.AriaRole.BUTTON,
                            new Page.GetByRoleOptions().setName("Mark received Bread course"))
                    .click();
            page.waitForURL(url -> url.endsWith("/account/earnings"));
            assertThat(page.locator("#earnings-commission").textContent()).isEqualTo("€45");
        }
        assertThat(problems)
                .as("no script errors, nothing the page policy refused")
                .isEmpty();
    }

    private static StartPayment direct(UUID customer, UUID provider, long amount, long fee, String description) {
        return new StartPayment(
                UUID.randomUUID(),
                customer,
                provider,
                Money.of(amount, "EUR"),
                Money.of(fee, "EUR"),
                description,
                "browser-" + UUID.randomUUID(),
                URI.create("http://localhost/back"));
    }

    private static List<String> violations(Page page) {
        return new AxeBuilder(page)
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze().getViolations().stream()
                        .map(PaymentsBrowserTest::describe)
                        .toList();
    }

    private static String describe(Rule rule) {
        return rule.getId() + ": " + rule.getHelp() + " at "
                + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget()))
                        .toList();
    }
}
