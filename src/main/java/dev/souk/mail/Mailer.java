package dev.souk.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.util.UUID;
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
        String recipient = address(to);
        MailRenderer.Rendered mail = renderer.render(message);
        UUID id = outbox.add(mail.sender(), recipient, message.subject(), mail.text(), mail.html(), clock.instant());
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
