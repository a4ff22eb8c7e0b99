package dev.souk.listings;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Days (inclusive, in the listing's time zone) that differ from the weekly plan. Zero seats blocks
 * them; where exceptions overlap, the newer one counts.
 */
public record AvailabilityException(UUID id, LocalDate start, LocalDate end, int seats) {

    public boolean blocked() {
        return seats == 0;
    }

    public boolean covers(LocalDate date) {
        return !date.isBefore(start) && !date.isAfter(end);
    }
}
