package dev.souk.mail;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.souk.accounts.Accounts;
import dev.souk.testing.Browser;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The HTML part really shows in its frame: Spring Security still sends {@code X-Frame-Options: DENY}
 * with it, which browsers ignore because the part's own policy has {@code frame-ancestors 'self'}.
 */
@SoukTest
@TestPropertySource(properties = "souk.mail.catcher=true")
class OutboxBrowserTest {

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    Mailer mailer;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @Autowired
    MutableClock clock;

    @Test
    void operatorReadsTheHtmlPartInItsSandboxedFrame() {
        String to = "browser-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        transactions.executeWithoutResult(
                tx -> mailer.send(to, Mails.verification("http://localhost:8080/verify?token=frame1")));
        UUID id = jdbc.sql("SELECT id FROM mail_outbox WHERE recipient = :to")
                .param("to", to)
                .query(UUID.class)
                .single();

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            List<String> problems = new ArrayList<>();
            page.onConsoleMessage(message -> {
                if ("error".equals(message.type())) {
                    problems.add(message.text());
                }
            });
            page.onPageError(problems::add);

            String operator = "outbox-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            accounts.ensureOperator(operator, "outbox-reader-words", "Outbox Reader");
            TwoFactor.operator(page, "http://localhost:" + port, operator, "outbox-reader-words", clock);
            page.navigate("http://localhost:" + port + "/admin/mail/" + id);

            assertThat(page.locator("h1")).containsText("Confirm your email address");
            assertThat(page.frameLocator("iframe").locator("h1")).containsText("Welcome to the marketplace");
            assertThat(page.frameLocator("iframe")
                            .locator(
                                    "a",
                                    new com.microsoft.playwright.FrameLocator.LocatorOptions()
                                            .setHasText("Confirm my address")))
                    .hasAttribute("href", "http://localhost:8080/verify?token=frame1");
            assertThat(problems).isEmpty();
        }
    }
}
