package dev.souk.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The facade of the mail module: every mail Souk sends goes through {@link #send}. */
@Service
public class Mailer {

    private final MailRenderer renderer;
    private final MailOutbox outbox;
    private final MailDelivery delivery;
    private final Clock clock;

    Mailer(MailRenderer renderer, MailOutbox outbox, MailDelivery delivery, Clock clock) {
        this.renderer = renderer;
        this.outbox = outbox;
        this.delivery = delivery;
        this.clock = clock;
    }

    /**
     * Queues a mail in the caller's transaction: it goes out soon after that transaction commits, and
     * never if it rolls back. Delivery failures are retried later; they never reach the caller.
     *
     * @param to a single mail address
     * @throws IllegalArgumentException if {@code to} is not a single valid mail address
     */
    @Transactional
    public void send(String to, MailMessage message) {
        queue(null, to, message);
    }

    /**
     * As {@link #send(String, MailMessage)}, for mail to a member: it goes with the member's other
     * personal data, into their export ({@link #mailOf}) and away with their account ({@link #forget}).
     */
    @Transactional
    public void send(UUID memberId, String to, MailMessage message) {
        queue(memberId, to, message);
    }

    /** A mail Souk sent or is about to send a member, without its text: that may hold links that still work. */
    public record SentMail(
            UUID id,
            String recipient,
            String subject,
            String status,
            Instant createdAt,
            @Nullable Instant sentAt) {}

    /** The mails the outbox keeps for the member, or that went to this address of theirs; oldest first. */
    @Transactional(readOnly = true)
    public List<SentMail> mailOf(UUID memberId, @Nullable String address) {
        return outbox.ofMember(memberId, address).stream()
                .map(m -> new SentMail(
                        m.id(), m.recipient(), m.subject(), m.status().dbValue(), m.createdAt(), m.sentAt()))
                .toList();
    }

    /** Deletes what {@link #mailOf} finds, also mail not sent yet. */
    @Transactional
    public void forget(UUID memberId, @Nullable String address) {
        outbox.deleteOfMember(memberId, address);
    }

    private void queue(@Nullable UUID memberId, String to, MailMessage message) {
        String recipient = address(to);
        MailRenderer.Rendered mail = renderer.render(message);
        UUID id = outbox.add(
                memberId,
                mail.sender(),
                recipient,
                message.subject(),
                mail.text(),
                mail.html(),
                message.unsubscribe() == null ? null : message.unsubscribe().toString(),
                clock.instant());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                delivery.deliverSoon(id);
            }
        });
    }

    private static String address(String to) {
        try {
            InternetAddress address = new InternetAddress(to.strip(), true);
            address.validate();
            if (address.getAddress().indexOf('@') < 1) {
                throw new AddressException("no domain", to);
            }
            return address.getAddress();
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a mail address: " + to, e);
        }
    }
}
