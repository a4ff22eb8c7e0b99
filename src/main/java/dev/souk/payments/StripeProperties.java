package dev.souk.payments;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Stripe Connect gateway's settings ({@code SOUK_STRIPE_*}, see docs/configuration.md). Without a
 * secret key and a webhook secret the gateway is not offered.
 *
 * @param secretKey the platform's secret API key ({@code sk_live_…}, {@code sk_test_…} or a restricted
 *     {@code rk_…})
 * @param webhookSecret the signing secrets of the webhook endpoints pointing at Souk, comma-separated:
 *     the one for events of the platform's account and the one for events of connected accounts
 * @param apiBase where the Stripe API is, changed only for a stand-in in tests
 * @param accountCountry the country new provider accounts are created in (ISO 3166 alpha-2)
 * @param connectTimeout how long to wait for a connection to Stripe
 * @param readTimeout how long to wait for Stripe's answer; past it the call is repeated later with the
 *     same idempotency key
 */
@ConfigurationProperties("souk.stripe")
record StripeProperties(
        @DefaultValue("") String secretKey,
        @DefaultValue("") String webhookSecret,
        @DefaultValue("https://api.stripe.com") URI apiBase,
        @DefaultValue("US") String accountCountry,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout) {

    StripeProperties {
        if (!"https".equals(apiBase.getScheme()) && !"http".equals(apiBase.getScheme())) {
            throw new IllegalArgumentException("souk.stripe.api-base must be an http(s) address: " + apiBase);
        }
        if (!accountCountry.matches("[A-Za-z]{2}")) {
            throw new IllegalArgumentException(
                    "souk.stripe.account-country must be a two-letter country code: " + accountCountry);
        }
        accountCountry = accountCountry.toUpperCase(Locale.ROOT);
        requireMillis("connect-timeout", connectTimeout);
        requireMillis("read-timeout", readTimeout);
    }

    boolean configured() {
        return !secretKey.isBlank() && !webhookSecrets().isEmpty();
    }

    List<String> webhookSecrets() {
        return Arrays.stream(webhookSecret.split(","))
                .map(String::trim)
                .filter(secret -> !secret.isEmpty())
                .toList();
    }

    private static void requireMillis(String name, Duration timeout) {
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("souk.stripe." + name + " must be between 1 ms and 24 days: " + timeout);
        }
    }
}
