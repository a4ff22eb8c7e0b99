package dev.souk.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.souk.testing.SoukTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/**
 * Without an SMTP server, mail is kept: logged (without its text) for the developer and listed for the
 * operator, who reads it whole when Souk runs as a local mail catcher.
 */
@SoukTest
@TestPropertySource(properties = "souk.mail.catcher=true")
@ExtendWith(OutputCaptureExtension.class)
class KeptMailTest {

    @Autowired
    Mailer mailer;

    @Autowired
    MailOutbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    WebApplicationContext context;

    MockMvc mvc;

    @BeforeEach
    void browser() {
        // Boot 4 keeps @AutoConfigureMockMvc in spring-boot-webmvc-test, which Souk does not depend on
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @Test
    void mailIsKeptAndLoggedWithoutItsTextWhenNoSmtpServerIsConfigured(CapturedOutput output) {
        String to = Mails.unique("kept");

        transactions.executeWithoutResult(
                tx -> mailer.send(to, Mails.verification("http://localhost:8080/verify?token=kept1")));

        await().atMost(Duration.ofSeconds(20)).until(() -> "kept".equals(Mails.status(jdbc, to)));
        assertThat(output.getAll())
                .contains(to)
                .contains("Confirm your email address")
                .doesNotContain("token=kept1");
    }

    @Test
    @WithMockUser(authorities = {"ROLE_OPERATOR", "FACTOR_TOTP"})
    void operatorSeesKeptMailInTheOutboxAndOpensIt() throws Exception {
        String to = Mails.unique("outbox");
        transactions.executeWithoutResult(
                tx -> mailer.send(to, Mails.verification("http://localhost:8080/verify?token=outbox1")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "kept".equals(Mails.status(jdbc, to)));

        MockHttpServletResponse list =
                mvc.perform(get("/admin/mail")).andReturn().getResponse();
        assertThat(list.getStatus()).isEqualTo(200);
        assertThat(list.getContentAsString())
                .contains("Mail outbox")
                .contains(to)
                .contains("Confirm your email address")
                .contains("Kept, not sent");

        String id = Mails.id(jdbc, to);
        MockHttpServletResponse detail =
                mvc.perform(get("/admin/mail/" + id)).andReturn().getResponse();
        assertThat(detail.getStatus()).isEqualTo(200);
        assertThat(detail.getContentAsString())
                .contains(to)
                .contains("Souk &lt;no-reply@localhost&gt;")
                .contains("http://localhost:8080/verify?token=outbox1")
                .contains("<iframe sandbox src=\"/admin/mail/" + id + "/html\"");
    }

    @Test
    @WithMockUser(authorities = {"ROLE_OPERATOR", "FACTOR_TOTP"})
    void theHtmlPartIsServedUnderAStrictPolicyOfItsOwn() throws Exception {
        String to = Mails.unique("html");
        transactions.executeWithoutResult(
                tx -> mailer.send(to, Mails.verification("http://localhost:8080/verify?token=html1")));

        MockHttpServletResponse html = mvc.perform(get("/admin/mail/" + Mails.id(jdbc, to) + "/html"))
                .andReturn()
                .getResponse();

        assertThat(html.getStatus()).isEqualTo(200);
        assertThat(html.getContentType()).startsWith("text/html");
        assertThat(html.getHeaders("Content-Security-Policy")).containsExactly(MailOutboxPages.HTML_PART_POLICY);
        assertThat(html.getContentAsString()).contains("href=\"http://localhost:8080/verify?token=html1\"");
    }

    @Test
    @WithMockUser(authorities = {"ROLE_OPERATOR", "FACTOR_TOTP"})
    void theOutboxShowsFiftyMailsAPageNewestFirst() throws Exception {
        String batch = UUID.randomUUID().toString().substring(0, 8);
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < MailOutboxPages.PAGE_SIZE + 5; i++) {
                outbox.add(
                        null,
                        "Souk <no-reply@localhost>",
                        "page-" + batch + "-" + i + "@example.org",
                        "Page test " + batch,
                        "Hello",
                        "<p>Hello</p>",
                        null,
                        clock.instant().plusMillis(i));
            }
        });

        String first = mvc.perform(get("/admin/mail")).andReturn().getResponse().getContentAsString();
        assertThat(first.split("<tr>", -1)).hasSize(MailOutboxPages.PAGE_SIZE + 2); // header row and 50 rows
        assertThat(first).contains("page-" + batch + "-54@").doesNotContain("page-" + batch + "-4@");
        assertThat(first.indexOf("page-" + batch + "-54@")).isLessThan(first.indexOf("page-" + batch + "-53@"));
        String older = first.substring(first.indexOf("/admin/mail?before="));
        older = older.substring(0, older.indexOf('"'));

        String second = mvc.perform(get(older)).andReturn().getResponse().getContentAsString();
        assertThat(second).contains("page-" + batch + "-4@").doesNotContain("page-" + batch + "-5@");
    }

    @Test
    @WithMockUser(authorities = {"ROLE_OPERATOR", "FACTOR_TOTP"})
    void anEmptyPageSaysSo() throws Exception {
        String page = mvc.perform(get("/admin/mail?before=" + UUID.randomUUID()))
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page).contains("bi-envelope").contains("There are no older mails.");
    }

    @Test
    @WithMockUser(authorities = {"ROLE_OPERATOR", "FACTOR_TOTP"})
    void anUnknownMailIsNotFound() throws Exception {
        assertThat(mvc.perform(get("/admin/mail/" + UUID.randomUUID()))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
    }

    @Test
    @WithMockUser(roles = "MEMBER")
    void aMemberWhoIsNoOperatorIsRefused() throws Exception {
        assertThat(mvc.perform(get("/admin/mail")).andReturn().getResponse().getStatus())
                .isEqualTo(403);
    }

    @Test
    void aVisitorDoesNotSeeTheOutbox() throws Exception {
        String to = Mails.unique("visitor");
        transactions.executeWithoutResult(tx -> mailer.send(to, Mails.note("Secret subject")));

        for (String path : List.of(
                "/admin/mail", "/admin/mail/" + Mails.id(jdbc, to), "/admin/mail/" + Mails.id(jdbc, to) + "/html")) {
            MockHttpServletResponse response =
                    mvc.perform(get(path)).andReturn().getResponse();
            assertThat(response.getStatus()).as(path).isIn(302, 401, 403);
            assertThat(response.getContentAsString()).as(path).doesNotContain(to);
        }
    }
}
