package dev.souk.marketplace;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How a listing type is transacted; decides the unit its price is per. */
public enum TransactionKind {
    /** Stays: check-in and check-out dates, priced per night. */
    NIGHTLY("night"),
    /** Rentals: inclusive days, priced per day. */
    DAILY("day"),
    /** Services: time slots, priced per hour. */
    HOURLY("hour"),
    /** Goods with stock, priced per item. */
    PURCHASE("item"),
    /** Contact only: no booking, no price needed. */
    INQUIRY(null);

    private final @Nullable String unit;

    TransactionKind(@Nullable String unit) {
        this.unit = unit;
    }

    /** {@code night}, {@code day}, {@code hour}, {@code item}; none for inquiries. */
    public @Nullable String unit() {
        return unit;
    }

    /** Whether listings of this kind have a calendar of availability. */
    public boolean bookable() {
        return this == NIGHTLY || this == DAILY || this == HOURLY;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransactionKind ofKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
