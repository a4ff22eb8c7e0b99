package dev.souk.notifications;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignUp;
import dev.souk.payments.PaymentFailed;
import dev.souk.testing.Members;
import java.util.UUID;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Named as a source of a Souk process ({@code --spring.main.sources}): with {@code souk.test.notify}
 * set to an address, it makes that member at start and publishes a failed payment of theirs, as the
 * payments module would, so the process has one notification to tell and one mail to send.
 */
public class NotifyAtStart {

    @Bean
    ApplicationRunner tellAtStart(
            Accounts accounts, ApplicationEventPublisher events, TransactionTemplate transactions, Environment env) {
        return arguments -> {
            String email = env.getProperty("souk.test.notify");
            if (email == null) {
                return;
            }
            UUID member = accounts.register(new SignUp(email, Members.PASSWORD, "Crash Member"), true);
            transactions.executeWithoutResult(
                    tx -> events.publishEvent(new PaymentFailed(UUID.randomUUID(), null, member, "card_declined")));
        };
    }
}
