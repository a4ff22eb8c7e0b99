package dev.souk.transactions;

import dev.souk.marketplace.TransactionKind;
import dev.souk.shared.Money;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a booking or an order costs, line by line, with the cancellation terms the customer agrees to.
 *
 * @param start local time in the listing's time zone where the booking begins (check-in day, first day,
 *     first hour); none for purchases
 * @param end where it ends, exclusive (check-out day, the day after the last, the end of the last hour)
 * @param units nights, days, hours or items
 * @param timeZone the listing's, which its dates and terms are in
 */
public record Quote(
        UUID listingId,
        TransactionKind kind,
        @Nullable LocalDateTime start,
        @Nullable LocalDateTime end,
        int seats,
        @Nullable Integer quantity,
        long units,
        List<LineItem> lineItems,
        Money customerTotal,
        Money providerTotal,
        Money marketplaceTotal,
        Cancellation cancellation,
        ZoneId timeZone) {

    public Quote {
        lineItems = List.copyOf(lineItems);
    }

    /**
     * @param policy {@code flexible}, {@code moderate}, {@code strict}; {@code purchase} for orders
     * @param refundableUntil the last moment a customer's cancellation gets {@code refundPercent} back
     * @param refundPercent what a customer's cancellation until then gives back; nothing after it
     */
    public record Cancellation(String policy, @Nullable Instant refundableUntil, int refundPercent) {}
}
