package dev.souk.listings;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One change of a purchase listing's stock and the quantity it left. */
public record StockAdjustment(
        UUID id,
        int change,
        int quantity,
        String reason,
        @Nullable UUID adjustedBy,
        Instant adjustedAt) {}
