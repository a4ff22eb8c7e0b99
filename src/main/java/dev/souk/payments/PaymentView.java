package dev.souk.payments;

import dev.souk.shared.Money;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A payment as its customer, its provider and the modules that start payments see it.
 *
 * @param reference what it pays for, e.g. a booking
 * @param fee what the marketplace keeps of the amount
 * @param nextActionUrl where the customer completes the payment, while {@link PaymentState#REQUIRES_ACTION}
 * @param failureCode why the gateway last refused it, e.g. {@code card_declined}
 */
public record PaymentView(
        UUID id,
        @Nullable UUID reference,
        Gateway gateway,
        UUID customerId,
        UUID providerId,
        String description,
        Money amount,
        Money fee,
        PaymentState state,
        Money authorized,
        Money captured,
        Money refunded,
        Money paidOut,
        @Nullable URI nextActionUrl,
        @Nullable String failureCode,
        @Nullable Instant holdExpiresAt,
        @Nullable Instant receivedAt,
        Instant createdAt) {

    /** What may still be refunded: captured and neither refunded nor paid out. */
    public Money refundable() {
        return new Money(captured.amount() - refunded.amount() - paidOut.amount(), captured.currency());
    }

    /** What the provider receives of it. */
    public Money providerShare() {
        return new Money(amount.amount() - fee.amount(), amount.currency());
    }
}
