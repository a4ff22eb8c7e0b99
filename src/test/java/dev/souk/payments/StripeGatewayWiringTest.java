package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.payments.PaymentGateway.Unavailable;
import dev.souk.shared.Money;
import dev.souk.testing.SoukTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The application has the Stripe Connect gateway even without keys; it is then not offered. */
@SoukTest
class StripeGatewayWiringTest {

    @Autowired
    StripeConnectGateway stripe;

    @Test
    void withoutKeysTheGatewayIsThereButNotOffered() {
        assertThat(stripe.gateway()).isEqualTo(Gateway.STRIPE_CONNECT);
        assertThat(stripe.configured()).isFalse();
        assertThat(stripe.capture("cs_test_1", Money.of(100, "EUR"), "key"))
                .isEqualTo(new Unavailable("not configured"));
    }
}
