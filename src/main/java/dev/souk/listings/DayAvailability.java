package dev.souk.listings;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * Free seats on one day; for hourly listings also per one-hour slot (the day's seats are then those of
 * its freest slot).
 */
public record DayAvailability(LocalDate date, int seats, List<Slot> slots) {

    public DayAvailability {
        slots = List.copyOf(slots);
    }

    public record Slot(LocalTime start, LocalTime end, int seats) {}

    public boolean open() {
        return seats > 0;
    }
}
