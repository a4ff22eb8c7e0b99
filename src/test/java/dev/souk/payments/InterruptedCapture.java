package dev.souk.payments;

import dev.souk.marketplace.Marketplace;
import dev.souk.shared.Money;
import java.net.URI;
import java.util.Currency;
import java.util.UUID;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;

/**
 * Named as a source of a Souk process ({@code --spring.main.sources}) beside {@link ScriptedProcessing}:
 * at start it takes a card payment and captures it. With the processor set to hang after a capture,
 * the process then stands between "the processor captured" and "Souk recorded it" until it is killed.
 */
public class InterruptedCapture {

    static final long AMOUNT = 12_500;
    static final long FEE = 1_500;

    @Bean
    ApplicationRunner captureAtStart(Payments payments, Marketplace marketplace) {
        return arguments -> {
            payments.chooseGateway(Gateway.CARD_SIMULATOR);
            Currency currency = marketplace.settings().defaultCurrency();
            PaymentView authorized = payments.start(new StartPayment(
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    new Money(AMOUNT, currency),
                    new Money(FEE, currency),
                    "Three nights by the sea",
                    "crash-" + UUID.randomUUID(),
                    URI.create("http://localhost/back")));
            payments.capture(authorized.id(), null, "capture-" + UUID.randomUUID());
        };
    }
}
