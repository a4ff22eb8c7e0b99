package dev.souk.payments;

import dev.souk.shared.Money;
import java.net.URI;
import java.util.UUID;

/**
 * A payment to start, as the module that sells something asks for it.
 *
 * @param reference what it pays for, e.g. a booking
 * @param amount what the customer pays
 * @param fee what the marketplace keeps of it (the provider's commission plus the customer's fee)
 * @param idempotencyKey the same key starts the same payment once
 * @param returnUrl where the customer comes back to after the gateway's checkout
 */
public record StartPayment(
        UUID reference,
        UUID customerId,
        UUID providerId,
        Money amount,
        Money fee,
        String description,
        String idempotencyKey,
        URI returnUrl) {}
