package dev.souk.payments;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stripe's connected accounts as Stripe answers them, so the payout pages can be followed through
 * onboarding without Stripe. The pages and the facade under test are the real ones.
 */
@TestConfiguration(proxyBeanMethods = false)
class GatewayDoubles {

    /** Primary: a real Stripe adapter, where there is one, also offers connected accounts. */
    @Bean
    @Primary
    StripeAccountsDouble stripeAccountsDouble() {
        return new StripeAccountsDouble();
    }

    /**
     * Connected accounts as Stripe keeps them: one account per idempotency key, onboarding links to
     * Stripe's pages, a status the test sets. Unreachable, every call fails as a network error would.
     */
    static final class StripeAccountsDouble implements ConnectedAccounts {

        final Map<String, String> accountsByKey = new ConcurrentHashMap<>();
        final Map<String, String> emails = new ConcurrentHashMap<>();
        final Map<String, AccountStatus> statuses = new ConcurrentHashMap<>();
        volatile boolean reachable = true;

        @Override
        public String createAccount(UUID memberId, String email, String idempotencyKey) {
            requireReachable();
            String account = accountsByKey.computeIfAbsent(
                    idempotencyKey,
                    key -> "acct_"
                            + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
            emails.put(account, email);
            return account;
        }

        @Override
        public URI onboardingLink(String accountId, URI returnUrl, URI refreshUrl) {
            requireReachable();
            return URI.create("https://connect.stripe.test/setup/" + accountId + "?return=" + returnUrl);
        }

        @Override
        public AccountStatus status(String accountId) {
            requireReachable();
            return statuses.getOrDefault(accountId, new AccountStatus(false, false));
        }

        private void requireReachable() {
            if (!reachable) {
                throw new IllegalStateException("connect timed out");
            }
        }
    }
}
