package dev.souk.payments;

/** Where a payment stands. */
public enum PaymentState {
    /** Recorded; the gateway has not answered yet. */
    PENDING,
    /** The customer has to act at the gateway (checkout, 3-D Secure). */
    REQUIRES_ACTION,
    /** A hold is placed on the customer's card for the amount. */
    AUTHORIZED,
    /** The gateway refused it for good. */
    FAILED,
    /** Released before anything was captured. */
    CANCELLED,
    /** The hold ran out before it was captured. */
    EXPIRED,
    /** Money taken; held for the provider until the payout. */
    CAPTURED,
    /** Everything captured was given back. */
    REFUNDED,
    /** The provider's share is on its way to the provider. */
    PAYOUT_PENDING,
    PAID_OUT,
    /** Direct payment: the customer pays the provider as they agreed; not yet received. */
    AGREED,
    /** Direct payment: the provider says the money arrived; the commission is now owed. */
    RECEIVED;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static PaymentState of(String key) {
        return valueOf(key.toUpperCase(java.util.Locale.ROOT));
    }
}
