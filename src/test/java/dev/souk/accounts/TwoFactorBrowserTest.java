package dev.souk.accounts;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Browser;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.WithMailbox;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** Turning on two-step verification in Chromium: the QR code an app would scan, then signing in with a code. */
@SoukTest
@Import(WithMailbox.class)
class TwoFactorBrowserTest {

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Marketplace marketplace;

    @Test
    void theQrCodeHoldsTheShownSecretAndACodeFromItSignsIn() throws Exception {
        Signed member = Members.verifiedMember(new Http(port), "Scanning Person");
        String base = "http://localhost:" + port;
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            List<String> problems = new ArrayList<>();
            page.onConsoleMessage(message -> {
                if ("error".equals(message.type())) {
                    problems.add(message.text());
                }
            });
            page.onPageError(problems::add);

            page.navigate(base + "/sign-in");
            page.getByLabel("Email address").fill(member.email());
            page.getByLabel("Password").fill(Members.PASSWORD);
            page.locator("form[action='/sign-in'] button[type=submit]").click();
            page.waitForURL(url -> !url.contains("/sign-in"));

            page.navigate(base + "/account/two-factor");
            String shown = page.locator("#totp-secret").textContent().replace(" ", "");
            URI scanned = URI.create(scan(page.locator("#totp-qr").screenshot()));
            assertThat(scanned.getScheme()).isEqualTo("otpauth");
            assertThat(scanned.getHost()).isEqualTo("totp");
            String name = marketplace.settings().name().replace(':', ' ').strip();
            assertThat(scanned.getPath()).isEqualTo("/" + name + ":" + member.email());
            assertThat(query(scanned))
                    .contains("secret=" + shown)
                    .contains("issuer=" + name)
                    .contains("algorithm=SHA1", "digits=6", "period=30");
            assertThat(violations(page)).isEmpty();

            TwoFactor.enrol(page, Members.PASSWORD, clock);
            assertThat(page.locator("#recovery-codes li")).hasCount(10);

            context.clearCookies(); // as another browser
            page.navigate(base + "/sign-in");
            page.getByLabel("Email address").fill(member.email());
            page.getByLabel("Password").fill(Members.PASSWORD);
            page.locator("form[action='/sign-in'] button[type=submit]").click();
            page.waitForURL(url -> url.endsWith("/sign-in/second-factor"));
            assertThat(violations(page)).isEmpty();

            page.getByLabel("Code").fill(TwoFactor.code(shown, clock.instant().plusSeconds(30)));
            page.locator("form[action='/sign-in/second-factor'] button[type=submit]")
                    .click();
            page.waitForURL(url -> !url.contains("/sign-in"));
            assertThat(page.locator("form[action='/sign-out']")).hasCount(1);
            assertThat(problems).as("console errors, e.g. CSP violations").isEmpty();
        }
    }

    /** Reads the QR code in a screenshot as a scanner would. */
    private static String scan(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(
                new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap).getText();
    }

    private static List<String> query(URI uri) {
        return List.of(
                URLDecoder.decode(uri.getRawQuery(), StandardCharsets.UTF_8).split("&"));
    }

    private static List<String> violations(Page page) {
        return new AxeBuilder(page)
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze().getViolations().stream()
                        .map(rule -> rule.getId() + ": " + rule.getHelp())
                        .toList();
    }
}
