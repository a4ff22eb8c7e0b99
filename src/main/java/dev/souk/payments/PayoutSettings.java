package dev.souk.payments;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a provider gets paid.
 *
 * @param instructions for direct payments: how customers pay this provider (bank details, cash on arrival)
 * @param stripeAccount the provider's Stripe connected account, once onboarding started
 */
public record PayoutSettings(
        Method method,
        String instructions,
        @Nullable String stripeAccount,
        boolean detailsSubmitted,
        boolean payoutsEnabled) {

    public static final int INSTRUCTIONS_MAX = 2000;

    public enum Method {
        /** Customers pay the provider directly, following the instructions. */
        DIRECT,
        /** The gateway pays the provider's connected account. */
        STRIPE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Method> byKey(String key) {
            return Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst();
        }
    }

    static PayoutSettings none() {
        return new PayoutSettings(Method.DIRECT, "", null, false, false);
    }
}
