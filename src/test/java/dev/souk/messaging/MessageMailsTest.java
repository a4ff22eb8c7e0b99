package dev.souk.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Mailbox;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@SoukTest
@Import(WithMailbox.class)
class MessageMailsTest {

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Messaging messaging;

    @Autowired
    MessageMails mails;

    @Autowired
    MutableClock clock;

    Signed provider;
    Signed customer;
    UUID listing;

    @BeforeEach
    void setUp() {
        Http http = new Http(port);
        provider = Members.verifiedMember(http, "Mia Provider");
        customer = Members.verifiedMember(http, "Max Customer");
        listing = new TestListings(marketplace, listings).published(provider.id(), "Sewing machine");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anAbsentRecipientGetsAtMostOneMailPerConversationEveryFifteenMinutes() throws Exception {
        UUID id = messaging
                .contact(customer.id(), listing, "Does it do zigzag?")
                .conversation()
                .id();
        mails.sendDue();
        assertThat(messageMails(provider))
                .as("the recipient may be reading along")
                .isEmpty();

        clock.advance(Duration.ofMinutes(3));
        mails.sendDue();
        MimeMessage first = Mailbox.await(provider.email(), 2);
        assertThat(Mailbox.subject(first)).isEqualTo("New message from Max Customer");
        assertThat(Mailbox.text(first))
                .contains("Does it do zigzag?")
                .contains("Sewing machine")
                .contains("http://localhost:8080/conversations/" + id)
                .contains("Turn these mails off")
                .contains("http://localhost:8080/account/notifications")
                .doesNotContain(customer.email());
        assertThat(first.getHeader("List-Unsubscribe")[0])
                .as("one-click unsubscribe from message mails")
                .matches("<http://localhost:8080/unsubscribe/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+>");
        assertThat(first.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");

        messaging.send(customer.id(), id, "And buttonholes?");
        clock.advance(Duration.ofMinutes(3));
        mails.sendDue();
        assertThat(messageMails(provider)).as("one mail per 15 minutes").hasSize(1);

        clock.advance(Duration.ofMinutes(13));
        mails.sendDue();
        MimeMessage second = Mailbox.await(provider.email(), 3);
        assertThat(Mailbox.subject(second)).isEqualTo("New message from Max Customer");
        assertThat(Mailbox.text(second)).contains("2 messages").contains("And buttonholes?");

        clock.advance(Duration.ofMinutes(20));
        mails.sendDue();
        assertThat(messageMails(provider)).as("nothing new since the last mail").hasSize(2);
    }

    @Test
    void aRecipientWhoReadTheMessageOrSaidNoGetsNoMail() {
        UUID id = messaging
                .contact(customer.id(), listing, "Read me now")
                .conversation()
                .id();
        messaging.markRead(provider.id(), id);
        messaging.send(provider.id(), id, "Read it, thanks");
        assertThat(messaging.messageEmails(customer.id())).isTrue();
        messaging.setMessageEmails(customer.id(), false);

        clock.advance(Duration.ofMinutes(5));
        mails.sendDue();
        assertThat(messageMails(provider)).isEmpty();
        assertThat(messageMails(customer)).isEmpty();

        messaging.setMessageEmails(customer.id(), true);
        mails.sendDue();
        assertThat(Mailbox.subject(Mailbox.await(customer.email(), 2))).isEqualTo("New message from Mia Provider");
        assertThat(messageMails(provider)).isEmpty();
    }

    private static List<MimeMessage> messageMails(Signed member) {
        return Mailbox.to(member.email()).stream()
                .filter(m -> Mailbox.subject(m).startsWith("New message"))
                .toList();
    }
}
