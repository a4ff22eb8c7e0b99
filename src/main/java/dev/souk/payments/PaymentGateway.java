package dev.souk.payments;

import dev.souk.shared.Money;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The port every payment gateway adapter implements. Each call carries an idempotency key: calling
 * again with the same key must not move money twice, and must answer what the first call did, so a
 * call whose answer was lost (timeout, crash) is simply repeated. Calls never run inside a database
 * transaction.
 */
interface PaymentGateway {

    Gateway gateway();

    /**
     * How long the gateway remembers an idempotency key; empty if for good. A call still unanswered
     * near the end of that time is no longer repeated, since repeating it could move money twice.
     */
    default java.util.Optional<java.time.Duration> keysKeptFor() {
        return java.util.Optional.empty();
    }

    /** Whether this install has what the gateway needs (keys, for instance) to be chosen. */
    boolean configured();

    /**
     * Starts a payment: the customer is sent to the gateway's checkout (card entry, 3-D Secure) and
     * comes back to {@code returnUrl}; a hold for the amount follows, confirmed by a webhook.
     */
    Outcome authorize(Authorization request);

    /** Takes {@code amount} (at most what is held) from a hold; what is left of the hold is released. */
    Outcome capture(String reference, Money amount, String idempotencyKey);

    /** Releases a hold that was not captured. */
    Outcome cancel(String reference, String idempotencyKey);

    /** Gives back part or all of what was captured. */
    Outcome refund(String reference, Money amount, String idempotencyKey);

    /** Sends the provider's share to the provider's account with the gateway. */
    Outcome payout(Payout request);

    /**
     * Checks a webhook's signature and reads it. Throws {@link BadSignature} if the body was not sent
     * by the gateway, or is too old to be trusted.
     */
    WebhookEvent verify(Map<String, String> headers, byte[] body);

    record Authorization(
            UUID paymentId,
            String idempotencyKey,
            Money amount,
            /** What the marketplace keeps of the amount. */
            Money applicationFee,
            /** The provider's account with the gateway, if the gateway pays providers itself. */
            @Nullable String providerAccount,
            String description,
            URI returnUrl) {}

    record Payout(
            UUID paymentId,
            String idempotencyKey,
            /** The captured payment the money comes from. */
            String reference,
            Money amount,
            @Nullable String providerAccount) {}

    /** What a gateway call did. */
    sealed interface Outcome {}

    /** Done: money moved (or the hold is placed) and {@code reference} names it at the gateway. */
    record Succeeded(String reference) implements Outcome {}

    /** Accepted; the result arrives later by webhook. */
    record Pending(String reference) implements Outcome {}

    /** The customer must act first (checkout, 3-D Secure) at {@code url}; a webhook tells the result. */
    record RequiresAction(String reference, URI url) implements Outcome {}

    /** Refused for good, e.g. a declined card or insufficient funds; the code is shown to the payer. */
    record Declined(String code) implements Outcome {}

    /**
     * The gateway could not be reached or answered with an error that may pass: the outcome is
     * unknown, so the same call is repeated later with the same idempotency key.
     */
    record Unavailable(String reason) implements Outcome {}

    /** A gateway's notice, as the payments module understands it. */
    record WebhookEvent(
            /** Unique per gateway; a replayed event is recognised by it. */
            String id,
            Kind kind,
            /** The payment's (or, for {@link Kind#ACCOUNT_UPDATED}, the provider account's) reference. */
            String reference,
            @Nullable Money amount,
            @Nullable String failureCode,
            Instant createdAt) {

        public enum Kind {
            AUTHORIZED,
            AUTHORIZATION_FAILED,
            CAPTURED,
            CANCELLED,
            /** The hold ran out before it was captured. */
            EXPIRED,
            REFUNDED,
            PAYOUT_PAID,
            PAYOUT_FAILED,
            ACCOUNT_UPDATED,
            /** An event this module has no use for; acknowledged and ignored. */
            OTHER
        }
    }

    /** A webhook that was not sent by the gateway; nothing of it is recorded. */
    final class BadSignature extends RuntimeException {
        BadSignature(String message) {
            super(message);
        }
    }
}
