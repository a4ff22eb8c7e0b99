package dev.souk.site;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.souk.testing.Browser;
import dev.souk.testing.SoukTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

@SoukTest
class HomePageBrowserTest {

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void homePageRendersTheHeaderWithoutConsoleErrors() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            List<String> problems = new ArrayList<>();
            page.onConsoleMessage(message -> {
                if ("error".equals(message.type())) {
                    problems.add(message.text());
                }
            });
            page.onPageError(problems::add);

            page.navigate("http://localhost:" + port + "/");

            assertThat(page.locator("header")).isVisible();
            assertThat(page.locator("header .navbar-brand")).containsText("Souk");
            assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.SEARCHBOX)
                            .first())
                    .isVisible();
            assertThat(page.locator("footer")).isVisible();
            assertThat(page).hasTitle("Home · Souk");
            assertThat(problems).as("console errors, e.g. CSP violations").isEmpty();
        }
    }
}
