package dev.souk.listings;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The days of the week a bookable listing is open, with its seats; for hourly listings also the
 * opening hours, cut into one-hour slots.
 *
 * @param custom false while the owner has not saved a plan and the default applies
 */
public record WeeklyPlan(List<OpenDay> days, boolean custom) {

    public WeeklyPlan {
        days = days.stream().sorted(Comparator.comparing(OpenDay::day)).toList();
    }

    /** @param opens null for nightly and daily listings, which are open the whole day */
    public record OpenDay(
            DayOfWeek day,
            @Nullable LocalTime opens,
            @Nullable LocalTime closes,
            int seats) {}

    /**
     * By default open every day (hourly: 09:00–17:00) with one seat until the owner changes that; the
     * published view {@code listings_searchable} (V58) gives search the same plan.
     */
    public static WeeklyPlan defaultPlan(boolean hourly) {
        LocalTime opens = hourly ? LocalTime.of(9, 0) : null;
        LocalTime closes = hourly ? LocalTime.of(17, 0) : null;
        return new WeeklyPlan(
                java.util.Arrays.stream(DayOfWeek.values())
                        .map(day -> new OpenDay(day, opens, closes, 1))
                        .toList(),
                false);
    }

    public Optional<OpenDay> day(DayOfWeek day) {
        return days.stream().filter(d -> d.day() == day).findFirst();
    }
}
