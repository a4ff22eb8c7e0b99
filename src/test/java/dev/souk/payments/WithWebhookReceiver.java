package dev.souk.payments;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** Import it next to {@code @SoukTest} to have the card simulator post its webhooks to {@link WebhookReceiver}. */
@TestConfiguration(proxyBeanMethods = false)
class WithWebhookReceiver {

    @Bean
    DynamicPropertyRegistrar webhookReceiver() {
        return registry -> registry.add("souk.payments.simulator.webhook-url", WebhookReceiver::url);
    }
}
