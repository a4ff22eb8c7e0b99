package dev.souk.listings;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Seats taken by active bookings, which the transactions module keeps; the listings module subtracts
 * them from a listing's availability and knows nothing else of bookings.
 */
public interface BookedSeats {

    /**
     * Seats taken from {@code from} (inclusive) to {@code to} (exclusive), local times in the listing's
     * time zone: per day (at midnight) for nightly and daily listings, per one-hour slot start for
     * hourly ones. Times with nothing taken are absent.
     */
    Map<LocalDateTime, Integer> taken(UUID listingId, LocalDateTime from, LocalDateTime to);
}
