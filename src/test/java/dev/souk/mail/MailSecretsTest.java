package dev.souk.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/** A mail's links belong to its recipient: operators see them cut short, and the outbox forgets. */
@SoukTest
class MailSecretsTest {

    @Autowired
    Mailer mailer;

    @Autowired
    MailDelivery delivery;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    WebApplicationContext context;

    MockMvc mvc;

    @BeforeEach
    void browser() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @Test
    @WithMockUser(authorities = {"ROLE_OPERATOR", "FACTOR_TOTP"})
    void operatorsSeeAKeptMailWithItsLinksCutShortAndNoHtmlPart() throws Exception {
        String to = Mails.unique("redacted");
        String link = "http://localhost:8080/verify-email?token=Qx9secretSecretSecret1";
        transactions.executeWithoutResult(tx -> mailer.send(to, Mails.verification(link)));
        await().atMost(Duration.ofSeconds(20)).until(() -> "kept".equals(Mails.status(jdbc, to)));

        MockHttpServletResponse detail = mvc.perform(get("/admin/mail/" + Mails.id(jdbc, to)))
                .andReturn()
                .getResponse();
        assertThat(detail.getStatus()).isEqualTo(200);
        assertThat(detail.getContentAsString())
                .contains(to)
                .contains("http://localhost:8080/verify-email?…")
                .contains("Links are cut short")
                .doesNotContain("Qx9secret")
                .doesNotContain("<iframe");
        assertThat(mvc.perform(get("/admin/mail/" + Mails.id(jdbc, to) + "/html"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
    }

    @Test
    void aLinkIsCutToWhereItLeads() {
        assertThat(MailOutboxPages.redacted(
                        "Open https://market.example/reset-password?token=abc#x or https://market.example/u/"
                                + "AbCdEfGhIjKlMnOpQrStUvWx/prefs, then https://market.example/help."))
                .isEqualTo("Open https://market.example/reset-password?… or https://market.example/u/…/prefs,"
                        + " then https://market.example/help.");
    }

    @Test
    void mailThatIsDoneWithIsForgottenAfterThirtyDaysAndPendingMailNever() {
        String old = Mails.unique("old-kept");
        String recent = Mails.unique("recent-sent");
        String pending = Mails.unique("old-pending");
        add(old, "kept", Duration.ofDays(31));
        add(recent, "sent", Duration.ofDays(29));
        add(pending, "pending", Duration.ofDays(31));

        delivery.forgetOldMail();

        assertThat(count(List.of(old))).isZero();
        assertThat(count(List.of(recent, pending))).isEqualTo(2);
    }

    private void add(String to, String status, Duration age) {
        Timestamp created = Timestamp.from(clock.instant().minus(age));
        jdbc.sql("""
                INSERT INTO mail_outbox (id, sender, recipient, subject, text_body, html_body, status,
                                         next_attempt_at, created_at)
                VALUES (:id, 'Souk <no-reply@localhost>', :to, 'Old news',
                        CASE WHEN :status = 'sent' THEN NULL ELSE 'text' END,
                        CASE WHEN :status = 'sent' THEN NULL ELSE '<p>html</p>' END,
                        :status, CASE WHEN :status = 'pending' THEN CAST(:created AS timestamptz) END, :created)""")
                .param("id", UUID.randomUUID())
                .param("to", to)
                .param("status", status)
                .param("created", created)
                .update();
    }

    private long count(List<String> recipients) {
        return jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient = ANY (:to)")
                .param("to", recipients.toArray(String[]::new))
                .query(Long.class)
                .single();
    }
}
