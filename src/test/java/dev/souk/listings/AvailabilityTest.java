package dev.souk.listings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.marketplace.TransactionKind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

    static final LocalDate MONDAY = LocalDate.of(2031, 1, 6);

    @Test
    void withoutAPlanEveryDayHasOneSeat() {
        List<DayAvailability> days = Availability.compute(
                TransactionKind.NIGHTLY, WeeklyPlan.defaultPlan(false), List.of(), MONDAY, MONDAY.plusDays(7), MONDAY);
        assertThat(days).hasSize(7).allMatch(d -> d.seats() == 1 && d.slots().isEmpty());
    }

    @Test
    void theWeeklyPlanDecidesWhichDaysAreOpenAndExceptionsOverrideIt() {
        WeeklyPlan plan = new WeeklyPlan(
                List.of(
                        new WeeklyPlan.OpenDay(DayOfWeek.MONDAY, null, null, 3),
                        new WeeklyPlan.OpenDay(DayOfWeek.TUESDAY, null, null, 3)),
                true);
        List<AvailabilityException> exceptions = List.of(
                new AvailabilityException(UUID.randomUUID(), MONDAY.plusDays(1), MONDAY.plusDays(3), 0),
                new AvailabilityException(UUID.randomUUID(), MONDAY.plusDays(3), MONDAY.plusDays(3), 2));
        List<DayAvailability> days =
                Availability.compute(TransactionKind.DAILY, plan, exceptions, MONDAY, MONDAY.plusDays(5), MONDAY);
        assertThat(days).extracting(DayAvailability::seats).containsExactly(3, 0, 0, 2, 0);
    }

    @Test
    void daysBeforeTheFirstBookableDayAreClosed() {
        List<DayAvailability> days = Availability.compute(
                TransactionKind.NIGHTLY,
                WeeklyPlan.defaultPlan(false),
                List.of(),
                MONDAY,
                MONDAY.plusDays(4),
                MONDAY.plusDays(2));
        assertThat(days).extracting(DayAvailability::seats).containsExactly(0, 0, 1, 1);
    }

    @Test
    void hourlyDaysAreCutIntoOneHourSlotsOfTheOpeningHours() {
        WeeklyPlan plan = new WeeklyPlan(
                List.of(new WeeklyPlan.OpenDay(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(12, 0), 5)), true);
        List<DayAvailability> days =
                Availability.compute(TransactionKind.HOURLY, plan, List.of(), MONDAY, MONDAY.plusDays(2), MONDAY);
        assertThat(days.get(0).slots())
                .extracting(DayAvailability.Slot::start)
                .containsExactly(LocalTime.of(9, 0), LocalTime.of(10, 0), LocalTime.of(11, 0));
        assertThat(days.get(0).seats()).isEqualTo(5);
        assertThat(days.get(1).slots()).isEmpty();
    }

    @Test
    void theDefaultHourlyPlanIsNineToFive() {
        List<DayAvailability> days = Availability.compute(
                TransactionKind.HOURLY, WeeklyPlan.defaultPlan(true), List.of(), MONDAY, MONDAY.plusDays(1), MONDAY);
        assertThat(days.get(0).slots()).hasSize(8);
        assertThat(days.get(0).slots().get(7).end()).isEqualTo(LocalTime.of(17, 0));
    }

    @Test
    void anExceptionOpensAClosedHourlyDayWithTheDefaultHours() {
        WeeklyPlan closed = new WeeklyPlan(List.of(), true);
        List<DayAvailability> days = Availability.compute(
                TransactionKind.HOURLY,
                closed,
                List.of(new AvailabilityException(UUID.randomUUID(), MONDAY, MONDAY, 2)),
                MONDAY,
                MONDAY.plusDays(1),
                MONDAY);
        assertThat(days.get(0).slots()).hasSize(8).allMatch(s -> s.seats() == 2);
    }
}
