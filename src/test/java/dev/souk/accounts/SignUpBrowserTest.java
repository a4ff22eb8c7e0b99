package dev.souk.accounts;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.souk.testing.Browser;
import dev.souk.testing.Mailbox;
import dev.souk.testing.Members;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@SoukTest
@Import(WithMailbox.class)
class SignUpBrowserTest {

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void personSignsUpConfirmsTheMailAndSignsIn() {
        String base = "http://localhost:" + port;
        String email = Members.uniqueEmail("browser");
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(base + "/");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign up"))
                    .first()
                    .click();

            page.getByLabel("Your name").fill("Browser Person");
            page.getByLabel("Email address").fill(email);
            page.getByLabel("Password").fill(Members.PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account"))
                    .click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Check your email")))
                    .isVisible();

            String token = Mailbox.token(email, 1, "/verify-email");
            page.navigate(base + "/verify-email?token=" + token);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm my email address"))
                    .click();
            assertThat(page.getByText("Email address confirmed")).isVisible();

            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("Sign in").setExact(true))
                    .first()
                    .click();
            page.getByLabel("Email address").fill(email);
            page.getByLabel("Password").fill(Members.PASSWORD);
            page.getByRole(
                            AriaRole.BUTTON,
                            new Page.GetByRoleOptions().setName("Sign in").setExact(true))
                    .click();

            assertThat(page.locator("header")).containsText("Browser Person");
            page.locator("#member-menu").click();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")))
                    .isVisible();
        }
    }
}
