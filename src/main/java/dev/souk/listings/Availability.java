package dev.souk.listings;

import dev.souk.marketplace.TransactionKind;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one place free seats are computed: the weekly plan, overridden by date exceptions, closed before
 * the first day that can still be booked, less the seats bookings take ({@link BookedSeats}). The views
 * the module publishes to search (V58) state the same rules in SQL: the plan in effect ({@code
 * listings_searchable.plan_seats}, {@code plan_hours}), the exception made last winning and the default
 * hours of a day an exception opens ({@code listing_date_exceptions}); {@code ListingVisibilityTest} holds
 * them to the same answers.
 */
final class Availability {

    /** The longest range one request may ask about. */
    static final int MAX_DAYS = 366;

    static final LocalTime DEFAULT_OPENS = LocalTime.of(9, 0);
    static final LocalTime DEFAULT_CLOSES = LocalTime.of(17, 0);

    private Availability() {}

    /**
     * @param exceptions in the order they were made; a later one wins where they overlap
     * @param firstBookable today in the listing's time zone plus its advance notice: earlier days are
     *     shown closed
     * @param taken seats bookings take, as {@link BookedSeats#taken} gives them: by the day's midnight,
     *     or for hourly listings by the slot's start
     * @return one entry per day from {@code start} (inclusive) to {@code end} (exclusive)
     */
    static List<DayAvailability> compute(
            TransactionKind kind,
            WeeklyPlan plan,
            List<AvailabilityException> exceptions,
            LocalDate start,
            LocalDate end,
            LocalDate firstBookable,
            Map<LocalDateTime, Integer> taken) {
        boolean hourly = kind == TransactionKind.HOURLY;
        List<DayAvailability> days = new ArrayList<>();
        for (LocalDate date = start; date.isBefore(end); date = date.plusDays(1)) {
            WeeklyPlan.OpenDay planned = plan.day(date.getDayOfWeek()).orElse(null);
            int seats = planned == null ? 0 : planned.seats();
            AvailabilityException exception = latestCovering(exceptions, date);
            if (exception != null) {
                seats = exception.seats();
            }
            if (date.isBefore(firstBookable)) {
                seats = 0;
            }
            days.add(
                    hourly
                            ? hourlyDay(date, planned, seats, taken)
                            : new DayAvailability(date, free(seats, taken, date.atStartOfDay()), List.of()));
        }
        return days;
    }

    /** The slots of an hourly listing's day: the plan's hours, or the default ones on a day an exception opens. */
    private static DayAvailability hourlyDay(
            LocalDate date, WeeklyPlan.@Nullable OpenDay planned, int seats, Map<LocalDateTime, Integer> taken) {
        if (seats == 0) {
            return new DayAvailability(date, 0, List.of());
        }
        LocalTime opens = planned != null && planned.opens() != null ? planned.opens() : DEFAULT_OPENS;
        LocalTime closes = planned != null && planned.closes() != null ? planned.closes() : DEFAULT_CLOSES;
        List<DayAvailability.Slot> slots = new ArrayList<>();
        int to = closes.toSecondOfDay() / 60;
        for (int minute = opens.toSecondOfDay() / 60; minute + 60 <= to; minute += 60) {
            LocalTime slotStart = LocalTime.ofSecondOfDay(minute * 60L);
            slots.add(new DayAvailability.Slot(
                    slotStart,
                    LocalTime.ofSecondOfDay((minute + 60L) * 60 % 86_400),
                    free(seats, taken, date.atTime(slotStart))));
        }
        int freest = slots.stream().mapToInt(DayAvailability.Slot::seats).max().orElse(0);
        return new DayAvailability(date, freest, slots);
    }

    /** Never below zero: the owner may have lowered the seats below what bookings already hold. */
    private static int free(int seats, Map<LocalDateTime, Integer> taken, LocalDateTime at) {
        Integer booked = taken.get(at);
        return booked == null || booked <= 0 ? seats : Math.max(0, seats - booked);
    }

    private static @Nullable AvailabilityException latestCovering(
            List<AvailabilityException> exceptions, LocalDate date) {
        AvailabilityException found = null;
        for (AvailabilityException exception : exceptions) {
            if (exception.covers(date)) {
                found = exception;
            }
        }
        return found;
    }
}
