package dev.souk.listings;

import dev.souk.marketplace.TransactionKind;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place free seats are computed: the weekly plan, overridden by date exceptions, closed before
 * the first day that can still be booked. Bookings don't exist yet; when the transactions module
 * stores them, their seats are subtracted here and nowhere else.
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
     * @return one entry per day from {@code start} (inclusive) to {@code end} (exclusive)
     */
    static List<DayAvailability> compute(
            TransactionKind kind,
            WeeklyPlan plan,
            List<AvailabilityException> exceptions,
            LocalDate start,
            LocalDate end,
            LocalDate firstBookable) {
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
            days.add(hourly ? hourlyDay(date, planned, seats) : new DayAvailability(date, seats, List.of()));
        }
        return days;
    }

    /** The slots of an hourly listing's day: the plan's hours, or the default ones on a day an exception opens. */
    private static DayAvailability hourlyDay(LocalDate date, WeeklyPlan.@Nullable OpenDay planned, int seats) {
        if (seats == 0) {
            return new DayAvailability(date, 0, List.of());
        }
        LocalTime opens = planned != null && planned.opens() != null ? planned.opens() : DEFAULT_OPENS;
        LocalTime closes = planned != null && planned.closes() != null ? planned.closes() : DEFAULT_CLOSES;
        List<DayAvailability.Slot> slots = new ArrayList<>();
        int to = closes.toSecondOfDay() / 60;
        for (int minute = opens.toSecondOfDay() / 60; minute + 60 <= to; minute += 60) {
            slots.add(new DayAvailability.Slot(
                    LocalTime.ofSecondOfDay(minute * 60L),
                    LocalTime.ofSecondOfDay((minute + 60L) * 60 % 86_400),
                    seats));
        }
        int freest = slots.stream().mapToInt(DayAvailability.Slot::seats).max().orElse(0);
        return new DayAvailability(date, freest, slots);
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
