package dev.souk.notifications;

import static dev.souk.testing.Pause.pause;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.souk.payments.PaymentFailed;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukProcess;
import dev.souk.testing.SoukTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** Notifications made while the SMTP server is down are mailed once it is back, each once. */
@SoukTest
class NotificationDeliveryTest {

    static final int SMTP_PORT = SoukProcess.freePort();

    @RegisterExtension
    static GreenMailExtension smtpServer =
            new GreenMailExtension(new ServerSetup(SMTP_PORT, "localhost", ServerSetup.PROTOCOL_SMTP));

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("spring.mail.properties.mail.smtp.starttls.enable", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ApplicationEventPublisher events;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void mailsOfNotificationsMadeWhileSmtpIsDownArriveOnceItIsBack() throws Exception {
        Signed member = Members.unverifiedMember(new Http(port), "Patient Person");
        smtpServer.stop();
        for (String code : List.of("card_declined", "insufficient_funds")) {
            transactions.executeWithoutResult(
                    tx -> events.publishEvent(new PaymentFailed(UUID.randomUUID(), null, member.id(), code)));
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (failedAttempts(member) < 2 && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(100));
        }
        assertThat(failedAttempts(member))
                .as("both tried and failed while SMTP was down")
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE member_id = :member")
                        .param("member", member.id())
                        .query(Long.class)
                        .single())
                .as("under the bell meanwhile")
                .isEqualTo(2);

        smtpServer.start();
        clock.advance(Duration.ofMinutes(1));
        deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (received(member).size() < 2 && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(200));
        }
        pause(Duration.ofSeconds(6)); // another sweep: nothing more may come
        assertThat(received(member))
                .hasSize(2)
                .allSatisfy(mail -> assertThat(mail.getSubject()).isEqualTo("Your payment didn’t go through"));
    }

    private long failedAttempts(Signed member) {
        return jdbc.sql("""
                SELECT count(*) FROM mail_outbox
                 WHERE member_id = :member AND subject LIKE 'Your payment%'
                   AND status = 'pending' AND attempts = 1 AND last_error IS NOT NULL""").param("member", member.id()).query(Long.class).single();
    }

    private static List<MimeMessage> received(Signed member) {
        return Arrays.stream(smtpServer.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                                .anyMatch(a -> a.toString().equalsIgnoreCase(member.email()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
