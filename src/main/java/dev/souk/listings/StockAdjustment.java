package dev.souk.listings;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One change of a purchase listing's stock and the quantity it left.
 *
 * @param adjustedBy the member who changed it; none when an order reserved or gave back stock
 * @param orderId the order that reserved or gave back stock, if one did
 */
public record StockAdjustment(
        UUID id,
        int change,
        int quantity,
        String reason,
        @Nullable UUID adjustedBy,
        Instant adjustedAt,
        @Nullable UUID orderId) {}
