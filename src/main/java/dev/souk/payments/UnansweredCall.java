package dev.souk.payments;

import java.util.UUID;

/**
 * A gateway call whose answer never came, even after a day of asking again.
 *
 * @param kind authorize, capture, cancel, refund or payout
 * @param amount in the payment's minor units
 * @param idempotencyKey the key the call carried, to look it up at the gateway
 */
public record UnansweredCall(UUID paymentId, String kind, long amount, String idempotencyKey) {}
