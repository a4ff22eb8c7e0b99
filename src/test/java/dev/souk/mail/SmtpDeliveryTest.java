package dev.souk.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

@SoukTest
class SmtpDeliveryTest {

    static final int SMTP_PORT = freePort();

    @RegisterExtension
    static GreenMailExtension smtpServer =
            new GreenMailExtension(new ServerSetup(SMTP_PORT, "localhost", ServerSetup.PROTOCOL_SMTP));

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("spring.mail.properties.mail.smtp.starttls.enable", () -> "false");
        registry.add("souk.mail-from", () -> "Whatever Name <market@example.org>");
        registry.add("souk.base-url", () -> "https://market.example");
    }

    @Autowired
    Mailer mailer;

    @Autowired
    MailDelivery delivery;

    @Autowired
    MailOutbox outbox;

    @Autowired
    MutableClock clock;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void mailSentInACommittedTransactionArrivesAsTextAndHtmlFromTheMarketplace() throws Exception {
        String to = unique("ada");
        String link = "https://market.example/verify?token=abc123";

        transactions.executeWithoutResult(tx -> mailer.send(to, Mails.verification(link)));

        MimeMessage mail = awaitArrival(to);
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("market@example.org");
        assertThat(from.getPersonal()).isEqualTo("Souk");
        assertThat(mail.getSubject()).isEqualTo("Confirm your email address");

        var parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        // SMTP carries CRLF line ends
        String text = ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n");
        String html = (String) parts.getBodyPart(1).getContent();

        assertThat(text)
                .startsWith("Welcome to the marketplace\n")
                .contains("Confirm it to start listing and booking.")
                .contains("\n" + link + "\n")
                .contains("If you didn't sign up, ignore this mail.");
        assertThat(html)
                .contains("Welcome to the marketplace")
                .contains("href=\"" + link + "\"")
                .contains("Confirm my address")
                .contains(">Souk<")
                .doesNotContain("<script")
                .doesNotContain("<table");
        assertThat(links(html)).isNotEmpty().allSatisfy(href -> assertThat(href).startsWith("https://market.example"));

        assertThat(row(to))
                .containsEntry("status", "sent")
                .containsEntry("attempts", 1)
                .containsEntry("next_attempt_at", null)
                .as("a sent mail's links are not kept")
                .containsEntry("text_body", null)
                .containsEntry("html_body", null);
    }

    @Test
    void mailSentInARolledBackTransactionIsNeitherStoredNorSent() {
        String to = unique("rolled-back");

        transactions.executeWithoutResult(tx -> {
            mailer.send(to, Mails.note("You signed up"));
            tx.setRollbackOnly();
        });
        delivery.sweep();

        assertThat(jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient = :to")
                        .param("to", to)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(received(to)).isEmpty();
    }

    @Test
    void aFailedAttemptLeavesTheMailPendingUntilItsRetryIsDue() {
        String to = unique("retry");
        smtpServer.stop();

        Instant before = clock.instant();
        transactions.executeWithoutResult(tx -> mailer.send(to, Mails.note("Your listing is live")));

        // an attempt is counted when it is claimed; its error is written once SMTP has refused it
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Map<String, Object> row = row(to);
            return (Integer) row.get("attempts") == 1 && row.get("last_error") != null;
        });
        Instant after = clock.instant();
        Map<String, Object> failed = row(to);
        assertThat(failed).containsEntry("status", "pending");
        assertThat(failed.get("last_error")).isNotNull();
        assertThat(instant(failed.get("next_attempt_at")))
                .isBetween(before.plus(Duration.ofMinutes(1)), after.plus(Duration.ofMinutes(1)));

        smtpServer.start();
        delivery.sweep();
        assertThat(row(to)).containsEntry("status", "pending").containsEntry("attempts", 1);

        clock.advance(Duration.ofMinutes(1));
        delivery.sweep();

        awaitArrival(to);
        assertThat(row(to))
                .containsEntry("status", "sent")
                .containsEntry("attempts", 2)
                .containsEntry("last_error", null);
    }

    @Test
    void twoSweepsAtOnceNeverSendTheSameMailTwice() throws Exception {
        String batch = UUID.randomUUID().toString().substring(0, 8);
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            recipients.add("batch-" + batch + "-" + i + "@example.org");
        }
        // straight into the outbox: no hand-off after commit, so only the sweeps deliver them
        transactions.executeWithoutResult(tx -> recipients.forEach(to -> outbox.add(
                null,
                "Souk <market@example.org>",
                to,
                "Batch " + batch,
                "Hello",
                "<p>Hello</p>",
                null,
                clock.instant())));

        var start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> sweeps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sweeps.add(threads.submit(() -> {
                    start.await();
                    delivery.sweep();
                    return null;
                }));
            }
            for (Future<?> sweep : sweeps) {
                sweep.get();
            }
        } finally {
            threads.shutdown();
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("SELECT count(*) FROM mail_outbox WHERE subject = :subject AND status = 'sent'")
                                .param("subject", "Batch " + batch)
                                .query(Long.class)
                                .single()
                        == recipients.size());
        Map<String, Long> received = Arrays.stream(smtpServer.getReceivedMessages())
                .filter(message -> subject(message).equals("Batch " + batch))
                .collect(Collectors.groupingBy(SmtpDeliveryTest::recipient, Collectors.counting()));
        assertThat(received)
                .hasSize(recipients.size())
                .allSatisfy((to, count) -> assertThat(count).isEqualTo(1));
        assertThat(jdbc.sql("SELECT max(attempts) FROM mail_outbox WHERE subject = :subject")
                        .param("subject", "Batch " + batch)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    private MimeMessage awaitArrival(String to) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> received(to), list -> !list.isEmpty())
                .get(0);
    }

    private List<MimeMessage> received(String to) {
        return Arrays.stream(smtpServer.getReceivedMessages())
                .filter(message -> recipient(message).equals(to))
                .toList();
    }

    private Map<String, Object> row(String to) {
        return jdbc.sql(
                        "SELECT status, attempts, next_attempt_at, last_error, text_body, html_body FROM mail_outbox WHERE recipient = :to")
                .param("to", to)
                .query((rs, n) -> {
                    var row = new java.util.HashMap<String, Object>();
                    row.put("status", rs.getString("status"));
                    row.put("attempts", rs.getInt("attempts"));
                    row.put("text_body", rs.getString("text_body"));
                    row.put("html_body", rs.getString("html_body"));
                    row.put("next_attempt_at", rs.getTimestamp("next_attempt_at"));
                    row.put("last_error", rs.getString("last_error"));
                    return (Map<String, Object>) row;
                })
                .single();
    }

    private static Instant instant(Object timestamp) {
        return ((java.sql.Timestamp) timestamp).toInstant();
    }

    private static List<String> links(String html) {
        Matcher matcher = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        List<String> links = new ArrayList<>();
        while (matcher.find()) {
            links.add(matcher.group(1));
        }
        return links;
    }

    private static String recipient(MimeMessage message) {
        return unchecked(m -> m.getRecipients(Message.RecipientType.TO)[0].toString(), message);
    }

    private static String subject(MimeMessage message) {
        return unchecked(MimeMessage::getSubject, message);
    }

    private static String unchecked(ThrowingFunction<MimeMessage, String> read, MimeMessage message) {
        try {
            return read.apply(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface ThrowingFunction<T, R> {
        R apply(T value) throws Exception;
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
