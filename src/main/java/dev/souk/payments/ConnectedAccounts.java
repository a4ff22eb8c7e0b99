package dev.souk.payments;

import java.net.URI;
import java.util.UUID;

/** Providers' own accounts with a gateway that pays them (Stripe Connect's Express accounts). */
interface ConnectedAccounts {

    String createAccount(UUID memberId, String email, String idempotencyKey);

    URI onboardingLink(String accountId, URI returnUrl, URI refreshUrl);

    AccountStatus status(String accountId);

    record AccountStatus(boolean detailsSubmitted, boolean payoutsEnabled) {}
}
