package dev.souk.payments;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * How providers are paid: their settings for direct payments and their Stripe connected account
 * (onboarding and its status, asked of Stripe outside any database transaction).
 */
@Component
class PayoutAccounts {

    private static final Logger log = LoggerFactory.getLogger(PayoutAccounts.class);

    private final PaymentStore store;
    private final Clock clock;
    private final TransactionOperations transactions;
    /** Providers' Stripe accounts; there only once a Stripe adapter is part of the application. */
    private final ObjectProvider<ConnectedAccounts> connectedAccounts;

    private final Accounts accounts;

    PayoutAccounts(
            PaymentStore store,
            Clock clock,
            TransactionOperations transactions,
            ObjectProvider<ConnectedAccounts> connectedAccounts,
            Accounts accounts) {
        this.store = store;
        this.clock = clock;
        this.transactions = transactions;
        this.connectedAccounts = connectedAccounts;
        this.accounts = accounts;
    }

    public PayoutSettings payoutSettings(UUID memberId) {
        return store.payoutSettings(memberId).orElse(PayoutSettings.none());
    }

    /** Sets how customers pay this provider directly; the Stripe account, if any, is kept. */
    PayoutSettings updatePayoutSettings(UUID memberId, PayoutSettings.Method method, String instructions) {
        if (instructions.length() > PayoutSettings.INSTRUCTIONS_MAX || !Text.acceptable(instructions)) {
            throw InvalidInput.of("instructions", "payments.instructions.invalid", PayoutSettings.INSTRUCTIONS_MAX);
        }
        PayoutSettings current = payoutSettings(memberId);
        if (method == PayoutSettings.Method.STRIPE && current.stripeAccount() == null) {
            throw InvalidInput.of("method", "payments.method.stripeNotConnected");
        }
        var next = new PayoutSettings(
                method,
                instructions.strip(),
                current.stripeAccount(),
                current.detailsSubmitted(),
                current.payoutsEnabled());
        store.savePayoutSettings(memberId, next, clock.instant());
        return next;
    }

    /** Whether providers can connect a Stripe account now: the marketplace pays them through Stripe. */
    boolean connectsStripeAccounts() {
        return store.gateway() == Gateway.STRIPE_CONNECT && connectedAccounts.getIfAvailable() != null;
    }

    /**
     * Starts or resumes the provider's Stripe onboarding and answers where to send them: Stripe's own
     * pages, which come back to {@code returnUrl} (or to {@code refreshUrl} when the link ran out).
     * The account is created once: the same idempotency key answers the same account if the first
     * answer was lost. Stripe is called outside any database transaction.
     */
    URI connectStripe(UUID memberId, URI returnUrl, URI refreshUrl) {
        if (store.gateway() != Gateway.STRIPE_CONNECT) {
            throw Refusal.invalidState("payments.stripe.notInUse");
        }
        ConnectedAccounts stripe = stripe();
        String account = payoutSettings(memberId).stripeAccount();
        if (account == null) {
            String email = accounts.account(memberId)
                    .map(MemberAccount::email)
                    .orElseThrow(() -> Refusal.notFound("payments.member.notFound"));
            String created = atStripe(() -> stripe.createAccount(memberId, email, "connect-account-" + memberId));
            // two clicks at once create one account (same key); whichever is stored first stays
            account = transactions.execute(status -> store.setStripeAccount(memberId, created, clock.instant()));
        }
        String connected = account;
        return atStripe(() -> stripe.onboardingLink(connected, returnUrl, refreshUrl));
    }

    /** Asks Stripe how far the provider's onboarding went and keeps the answer; nothing to ask without an account. */
    PayoutSettings refreshStripeStatus(UUID memberId) {
        PayoutSettings current = payoutSettings(memberId);
        String account = current.stripeAccount();
        if (account == null) {
            return current;
        }
        ConnectedAccounts stripe = stripe();
        ConnectedAccounts.AccountStatus status = atStripe(() -> stripe.status(account));
        transactions.executeWithoutResult(tx -> store.updateAccountStatus(
                account, status.detailsSubmitted(), status.payoutsEnabled(), clock.instant()));
        return payoutSettings(memberId);
    }

    private ConnectedAccounts stripe() {
        ConnectedAccounts stripe = connectedAccounts.getIfAvailable();
        if (stripe == null) {
            throw Refusal.unavailable("payments.stripe.unavailable", Payments.STRIPE_RETRY);
        }
        return stripe;
    }

    /** A call to Stripe; whatever keeps it from answering (not set up, unreachable) is a refusal to try later. */
    private static <T> T atStripe(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            log.warn("Stripe connected accounts failed: {}", e.toString());
            throw Refusal.unavailable("payments.stripe.unavailable", Payments.STRIPE_RETRY);
        }
    }
}
