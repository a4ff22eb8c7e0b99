package dev.souk.payments;

import java.net.URI;
import java.util.UUID;

/**
 * Providers' accounts with a gateway that pays them itself (Stripe Connect). Every method throws
 * {@link GatewayUnavailable} when the gateway can't be asked or refuses, so the member is asked to try
 * again.
 */
interface ConnectedAccounts {

    /** Opens an account for the member; its id is kept to send them money. */
    String createAccount(UUID memberId, String email, String idempotencyKey);

    /**
     * A short-lived link to the gateway's pages where the member gives what the account needs (identity,
     * bank account). They come back to {@code returnUrl}; {@code refreshUrl} is opened when the link has
     * expired or was already used, and should ask for a new one.
     */
    URI onboardingLink(String accountId, URI returnUrl, URI refreshUrl);

    AccountStatus status(String accountId);

    /**
     * @param detailsSubmitted the member finished the gateway's onboarding
     * @param payoutsEnabled the gateway sends money to the member's bank
     */
    record AccountStatus(boolean detailsSubmitted, boolean payoutsEnabled) {}
}
