package dev.souk.listings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.marketplace.TransactionKind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

    static final LocalDate MONDAY = LocalDate.of(2031, 1, 6);

    @Test
    void withoutAPlanEveryDayHasOneSeat() {
        List<DayAvailability> days = Availability.compute(
                TransactionKind.NIGHTLY,
                WeeklyPlan.defaultPlan(false),
                List.of(),
                MONDAY,
                MONDAY.plusDays(7),
                MONDAY,
                Map.of());
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
        List<DayAvailability> days = Availability.compute(
                TransactionKind.DAILY, plan, exceptions, MONDAY, MONDAY.plusDays(5), MONDAY, Map.of());
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
                MONDAY.plusDays(2),
                Map.of());
        assertThat(days).extracting(DayAvailability::seats).containsExactly(0, 0, 1, 1);
    }

    @Test
    void hourlyDaysAreCutIntoOneHourSlotsOfTheOpeningHours() {
        WeeklyPlan plan = new WeeklyPlan(
                List.of(new WeeklyPlan.OpenDay(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(12, 0), 5)), true);
        List<DayAvailability> days = Availability.compute(
                TransactionKind.HOURLY, plan, List.of(), MONDAY, MONDAY.plusDays(2), MONDAY, Map.of());
        assertThat(days.get(0).slots())
                .extracting(DayAvailability.Slot::start)
                .containsExactly(LocalTime.of(9, 0), LocalTime.of(10, 0), LocalTime.of(11, 0));
        assertThat(days.get(0).seats()).isEqualTo(5);
        assertThat(days.get(1).slots()).isEmpty();
    }

    @Test
    void theDefaultHourlyPlanIsNineToFive() {
        List<DayAvailability> days = Availability.compute(
                TransactionKind.HOURLY,
                WeeklyPlan.defaultPlan(true),
                List.of(),
                MONDAY,
                MONDAY.plusDays(1),
                MONDAY,
                Map.of());
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
                MONDAY,
                Map.of());
        assertThat(days.get(0).slots()).hasSize(8).allMatch(s -> s.seats() == 2);
    }

    @Test
    void seatsBookedOnADayAreSubtractedAndNeverBelowZero() {
        WeeklyPlan plan = new WeeklyPlan(
                List.of(
                        new WeeklyPlan.OpenDay(DayOfWeek.MONDAY, null, null, 3),
                        new WeeklyPlan.OpenDay(DayOfWeek.TUESDAY, null, null, 3),
                        new WeeklyPlan.OpenDay(DayOfWeek.WEDNESDAY, null, null, 3)),
                true);
        Map<LocalDateTime, Integer> taken = Map.of(
                MONDAY.atStartOfDay(), 1,
                MONDAY.plusDays(1).atStartOfDay(), 5,
                // not a day's key: ignored
                MONDAY.plusDays(2).atTime(12, 0), 3);

        List<DayAvailability> days = Availability.compute(
                TransactionKind.NIGHTLY, plan, List.of(), MONDAY, MONDAY.plusDays(3), MONDAY, taken);

        assertThat(days).extracting(DayAvailability::seats).containsExactly(2, 0, 3);
    }

    @Test
    void bookedSeatsComeOffTheOwnersExceptionsToo() {
        List<DayAvailability> days = Availability.compute(
                TransactionKind.DAILY,
                WeeklyPlan.defaultPlan(false),
                List.of(new AvailabilityException(UUID.randomUUID(), MONDAY, MONDAY, 4)),
                MONDAY,
                MONDAY.plusDays(2),
                MONDAY,
                Map.of(MONDAY.atStartOfDay(), 3, MONDAY.plusDays(1).atStartOfDay(), 1));
        assertThat(days).extracting(DayAvailability::seats).containsExactly(1, 0);
    }

    @Test
    void anHourlyDayKeepsTheSeatsOfItsFreestSlotAfterBookings() {
        WeeklyPlan plan = new WeeklyPlan(
                List.of(
                        new WeeklyPlan.OpenDay(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(12, 0), 2),
                        new WeeklyPlan.OpenDay(DayOfWeek.TUESDAY, LocalTime.of(9, 0), LocalTime.of(11, 0), 2)),
                true);
        Map<LocalDateTime, Integer> taken = Map.of(
                MONDAY.atTime(9, 0), 2,
                MONDAY.atTime(10, 0), 1,
                MONDAY.atTime(11, 0), 3,
                MONDAY.plusDays(1).atTime(9, 0), 2,
                MONDAY.plusDays(1).atTime(10, 0), 2);

        List<DayAvailability> days = Availability.compute(
                TransactionKind.HOURLY, plan, List.of(), MONDAY, MONDAY.plusDays(2), MONDAY, taken);

        assertThat(days.get(0).slots()).extracting(DayAvailability.Slot::seats).containsExactly(0, 1, 0);
        assertThat(days.get(0).seats()).isEqualTo(1);
        assertThat(days.get(1).slots()).extracting(DayAvailability.Slot::seats).containsExactly(0, 0);
        assertThat(days.get(1).seats()).as("every slot taken: the day is full").isZero();
        assertThat(days.get(1).open()).isFalse();
    }

    @Test
    void aDayBeforeTheFirstBookableOneStaysClosedWhateverIsBooked() {
        List<DayAvailability> days = Availability.compute(
                TransactionKind.NIGHTLY,
                WeeklyPlan.defaultPlan(false),
                List.of(),
                MONDAY,
                MONDAY.plusDays(2),
                MONDAY.plusDays(1),
                Map.of(MONDAY.atStartOfDay(), 1, MONDAY.plusDays(1).atStartOfDay(), 0));
        assertThat(days).extracting(DayAvailability::seats).containsExactly(0, 1);
    }
}
