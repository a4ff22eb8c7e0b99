package dev.souk.notifications.webhooks;

import java.util.Arrays;
import java.util.Optional;

/** The events an endpoint may subscribe to, by the name integrators see ({@code Souk-Event-Type}). */
public enum EventType {
    TRANSACTION_MOVED("transaction.moved"),
    PAYMENT_FAILED("payment.failed"),
    PAYMENT_REFUNDED("payment.refunded"),
    PAYOUT_SENT("payout.sent"),
    REVIEW_PUBLISHED("review.published"),
    LISTING_PUBLISHED("listing.published"),
    LISTING_CLOSED("listing.closed"),
    MESSAGE_SENT("message.sent");

    private final String key;

    EventType(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<EventType> byKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }
}
