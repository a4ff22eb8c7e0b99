package dev.souk.listings;

import org.jspecify.annotations.Nullable;

/**
 * The owner's terms for bookings.
 *
 * @param minDuration in the listing type's unit (nights, days, hours); none: no minimum
 * @param advanceNoticeDays how many days ahead a booking must start; 0: same day
 */
public record Rules(
        @Nullable Integer minDuration,
        @Nullable Integer maxDuration,
        int advanceNoticeDays,
        CancellationPolicy cancellationPolicy,
        String houseRules) {

    public static Rules defaults() {
        return new Rules(null, null, 0, CancellationPolicy.FLEXIBLE, "");
    }
}
