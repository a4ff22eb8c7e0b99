package dev.souk.payments;

import dev.souk.shared.Money;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** A payment as the card simulator keeps it: the checkout, the hold, and what became of the hold. */
record SimulatedCharge(
        String reference,
        Money amount,
        String description,
        URI returnUrl,
        Status status,
        @Nullable String cardBrand,
        @Nullable String cardLast4,
        @Nullable String failureCode,
        @Nullable Instant heldUntil,
        long captured,
        long refunded,
        long paidOut) {

    enum Status {
        /** Waiting for the customer's card (again, after a refused one). */
        OPEN,
        /** The card asks for 3-D Secure; waiting for the customer to complete it. */
        AUTHENTICATING,
        HELD,
        CAPTURED,
        CANCELLED,
        EXPIRED;

        String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status fromDb(String value) {
            return Arrays.stream(values())
                    .filter(s -> s.dbValue().equals(value))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("unknown charge status " + value));
        }

        /** Whether the customer may still give a card. */
        boolean payable() {
            return this == OPEN || this == AUTHENTICATING;
        }
    }

    boolean heldAt(Instant now) {
        return status == Status.HELD && heldUntil != null && now.isBefore(heldUntil);
    }
}
