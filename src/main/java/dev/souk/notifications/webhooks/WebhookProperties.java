package dev.souk.notifications.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of outbound webhooks ({@code SOUK_WEBHOOKS_*}).
 *
 * @param allowPrivateAddresses whether endpoints may be on loopback, private or link-local addresses:
 *     off in production, so that an operator's account can't be used to reach the servers next to Souk
 * @param timeout how long one attempt may take, connecting included, before it counts as failed
 */
@ConfigurationProperties("souk.webhooks")
record WebhookProperties(
        @DefaultValue("false") boolean allowPrivateAddresses,
        @DefaultValue("10s") Duration timeout) {}
