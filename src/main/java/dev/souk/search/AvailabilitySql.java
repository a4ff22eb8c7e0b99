package dev.souk.search;

import static dev.souk.search.Sql.param;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The condition of a date search: bookable for the dates. The weekly plan answers from the row itself
 * for the weekdays the range covers; only listings with calendar days look further, and only at their
 * days in the range.
 */
final class AvailabilitySql {

    private AvailabilitySql() {}

    /**
     * The stay's length within the listing's rules, the start after its advance notice (today in its
     * own time zone), and every day with the seats (and hours) asked.
     *
     * <p>One condition for the three ways of booking, planned and checked once: a stay's nights end the
     * day before a rental's or a service's days do, the only difference between them.
     */
    static Sql available(Plan.Dates dates, int seats, @Nullable Integer hours, Instant now) {
        Sql start = Sql.of("CAST(", param(Date.valueOf(dates.start())), " AS date)");
        Sql seatsParam = param(seats);
        Sql kinds;
        if (hours == null) {
            int nights = (int) ChronoUnit.DAYS.between(dates.start(), dates.nightlyLast()) + 1;
            int days = (int) ChronoUnit.DAYS.between(dates.start(), dates.dailyLast()) + 1;
            String length = nights == days
                    ? Integer.toString(nights)
                    : "CASE WHEN s.transaction = 'nightly' THEN " + nights + " ELSE " + days + " END";
            kinds = Sql.of(
                    "s.transaction IN ('nightly', 'daily', 'hourly')"
                            + " AND (s.transaction = 'hourly' OR coalesce(s.min_duration, 1) <= " + length
                            + " AND (s.max_duration IS NULL OR s.max_duration >= " + length + "))"
                            + " AND ",
                    days(dates.start(), dates.nightlyLast(), dates.dailyLast(), start, seatsParam, null));
        } else {
            // hours are asked of hourly listings only
            Sql hoursParam = param(hours);
            kinds = Sql.of(
                    "s.transaction = 'hourly' AND coalesce(s.min_duration, 1) <= ",
                    hoursParam,
                    " AND coalesce(s.max_duration, ",
                    hoursParam,
                    ") >= ",
                    hoursParam,
                    " AND ",
                    days(dates.start(), dates.dailyLast(), dates.dailyLast(), start, seatsParam, hoursParam));
        }
        // today is at most tomorrow in UTC in every time zone: a notice no longer than the days from then
        // to the start is given, with no need to work out the listing's own today
        long slack =
                ChronoUnit.DAYS.between(LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1), dates.start());
        return Sql.of(
                "s.plan_seats IS NOT NULL AND ",
                kinds,
                " AND (s.advance_notice_days <= " + slack + " OR ",
                start,
                " - CAST(timezone(s.time_zone, CAST(",
                param(Timestamp.from(now)),
                " AS timestamptz)) AS date) >= s.advance_notice_days)");
    }

    /**
     * Every day from {@code first} has the seats (and hours): to {@code nightsLast} for stays, to {@code
     * daysLast} (the same day or the next) for the others.
     */
    private static Sql days(
            LocalDate first, LocalDate nightsLast, LocalDate daysLast, Sql start, Sql seats, @Nullable Sql hours) {
        TreeSet<Integer> weekdays = weekdays(first, nightsLast);
        TreeSet<Integer> lastWeekday = weekdays(first, daysLast);
        lastWeekday.removeAll(weekdays);
        boolean longer = daysLast.isAfter(nightsLast);
        Sql nightsLastDay = Sql.of("CAST(", param(Date.valueOf(nightsLast)), " AS date)");
        Sql daysLastDay = longer ? Sql.of("CAST(", param(Date.valueOf(daysLast)), " AS date)") : nightsLastDay;
        String planSeats = weekdays.stream().map(d -> "s.plan_seats[" + d + "]").collect(Collectors.joining(", "));
        String planHours = weekdays.stream().map(d -> "s.plan_hours[" + d + "]").collect(Collectors.joining(", "));
        List<Object> plan = new ArrayList<>(List.of("least(" + planSeats + ") >= ", seats));
        if (hours != null) {
            plan.addAll(List.of(" AND least(" + planHours + ") >= ", hours));
        }
        for (int d : lastWeekday) {
            plan.addAll(List.of(" AND (s.transaction = 'nightly' OR s.plan_seats[" + d + "] >= ", seats, ")"));
        }
        Sql fewer = hours == null
                ? Sql.of("c.free_seats < ", seats)
                : Sql.of("c.free_seats < ", seats, " OR c.open_hours < ", hours);
        // the calendar's days by range, not by each listing's own: PostgreSQL can then gather them once
        Sql calendar = Sql.of(
                "NOT EXISTS (SELECT 1 FROM search_calendar c WHERE c.listing_id = s.listing_id AND c.day BETWEEN ",
                start,
                " AND ",
                nightsLastDay,
                " AND (",
                fewer,
                "))");
        if (longer) {
            calendar = Sql.of(
                    calendar,
                    " AND (s.transaction = 'nightly' OR NOT EXISTS (SELECT 1 FROM search_calendar c"
                            + " WHERE c.listing_id = s.listing_id AND c.day = ",
                    daysLastDay,
                    " AND (",
                    fewer,
                    ")))");
        }
        Sql lastDay = longer
                ? Sql.of("CASE WHEN s.transaction = 'nightly' THEN ", nightsLastDay, " ELSE ", daysLastDay, " END")
                : nightsLastDay;
        Sql dayByDay = Sql.of(
                "coalesce(c.free_seats, s.plan_seats[CAST(extract(isodow FROM ", start, " + i) AS int)]) < ", seats);
        if (hours != null) {
            dayByDay = Sql.of(
                    dayByDay,
                    " OR coalesce(c.open_hours, s.plan_hours[CAST(extract(isodow FROM ",
                    start,
                    " + i) AS int)]) < ",
                    hours);
        }
        // fast path: the plan has the seats every weekday and no calendar day in the range takes them away;
        // else, where a calendar day may give more than the plan (an owner opening a day the plan closes),
        // day by day, the calendar before the plan
        return Sql.of(
                "((",
                Sql.of(plan.toArray()),
                " AND (NOT s.has_calendar OR ",
                calendar,
                "))",
                // each day's own row looked up by its key (LATERAL; LIMIT keeps the planner from turning it
                // into a join that reads all the listing's days)
                " OR (s.calendar_opens AND NOT EXISTS (SELECT 1 FROM generate_series(0, ",
                lastDay,
                " - ",
                start,
                ") i LEFT JOIN LATERAL (SELECT c.free_seats, c.open_hours FROM search_calendar c"
                        + " WHERE c.listing_id = s.listing_id AND c.day = ",
                start,
                " + i LIMIT 1) c ON true WHERE ",
                dayByDay,
                ")))");
    }

    /** The ISO weekdays (1–7) from {@code first} to {@code last}, inclusive. */
    private static TreeSet<Integer> weekdays(LocalDate first, LocalDate last) {
        TreeSet<Integer> weekdays = new TreeSet<>();
        for (LocalDate d = first; !d.isAfter(last) && weekdays.size() < 7; d = d.plusDays(1)) {
            weekdays.add(d.getDayOfWeek().getValue());
        }
        return weekdays;
    }
}
