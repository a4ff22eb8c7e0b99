package dev.souk.listings;

import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.TransactionKind;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Availability for {@link Listings}: the weekly plan, date exceptions and the free seats they leave, which
 * {@link Availability} computes (the same rules the published views {@code listings_searchable} and {@code
 * listing_date_exceptions} state for other modules, V58).
 */
@Component
final class ListingCalendar {

    private final ListingKeeper keeper;
    private final ListingRepository repository;
    private final AvailabilityStore availability;
    private final Clock clock;
    private final ObjectProvider<BookedSeats> bookedSeats;

    ListingCalendar(
            ListingKeeper keeper,
            ListingRepository repository,
            AvailabilityStore availability,
            Clock clock,
            ObjectProvider<BookedSeats> bookedSeats) {
        this.keeper = keeper;
        this.repository = repository;
        this.availability = availability;
        this.clock = clock;
        this.bookedSeats = bookedSeats;
    }

    WeeklyPlan weeklyPlan(UUID id, @Nullable UUID viewerId, boolean operator) {
        Listing listing = keeper.visible(id, viewerId, operator);
        return planOf(listing, bookableKind(listing));
    }

    /** Replaces the weekly plan; days not named are closed. */
    WeeklyPlan setWeeklyPlan(UUID ownerId, UUID id, List<WeeklyPlan.OpenDay> days) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        ListingType type = keeper.typeOf(listing);
        TransactionKind kind = bookableKind(listing);
        List<FieldProblem> problems = new ArrayList<>();
        Set<DayOfWeek> seen = EnumSet.noneOf(DayOfWeek.class);
        List<WeeklyPlan.OpenDay> checked = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            WeeklyPlan.OpenDay day = days.get(i);
            String name = "days[" + i + "]";
            if (day.day() == null || !seen.add(day.day())) {
                problems.add(new FieldProblem(name + ".day", "listings.plan.day"));
                continue;
            }
            ListingDrafting.checkSeats(name + ".seats", day.seats(), 1, type, problems);
            if (kind == TransactionKind.HOURLY) {
                if (day.opens() == null
                        || day.closes() == null
                        || !day.opens().isBefore(day.closes())
                        || day.opens().getMinute() != 0
                        || day.closes().getMinute() != 0) {
                    problems.add(new FieldProblem(name + ".opens", "listings.plan.hours"));
                }
                checked.add(day);
            } else {
                checked.add(new WeeklyPlan.OpenDay(day.day(), null, null, day.seats()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        availability.saveWeeklyPlan(listing.id, checked);
        listing.hasWeeklyPlan = true;
        listing.touched(clock.instant());
        keeper.save(listing);
        return new WeeklyPlan(checked, true);
    }

    List<AvailabilityException> exceptions(UUID ownerId, UUID id, LocalDate from, LocalDate toInclusive) {
        Listing listing = keeper.owned(repository.find(id), ownerId);
        return availability.exceptions(listing.id, from, toInclusive);
    }

    /** Blocks the days (0 seats) or gives them other seats than the weekly plan. */
    AvailabilityException addException(
            UUID ownerId, UUID id, @Nullable LocalDate start, @Nullable LocalDate end, int seats) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        ListingType type = keeper.typeOf(listing);
        bookableKind(listing);
        List<FieldProblem> problems = new ArrayList<>();
        if (start == null) {
            problems.add(new FieldProblem("start", "validation.required"));
        }
        if (end == null) {
            problems.add(new FieldProblem("end", "validation.required"));
        }
        if (start != null
                && end != null
                && (end.isBefore(start) || ChronoUnit.DAYS.between(start, end) >= Availability.MAX_DAYS)) {
            problems.add(new FieldProblem("end", "listings.range.invalid", Availability.MAX_DAYS));
        }
        ListingDrafting.checkSeats("seats", seats, 0, type, problems);
        if (!problems.isEmpty() || start == null || end == null) {
            throw new InvalidInput(problems);
        }
        AvailabilityException exception = new AvailabilityException(UUID.randomUUID(), start, end, seats);
        Instant now = clock.instant();
        availability.insertException(listing.id, exception, now);
        listing.touched(now);
        keeper.save(listing);
        return exception;
    }

    void removeException(UUID ownerId, UUID id, UUID exceptionId) {
        Listing listing = keeper.ownedForUpdate(ownerId, id);
        if (!availability.deleteException(listing.id, exceptionId)) {
            throw Refusal.notFound("listings.exception.notFound");
        }
        listing.touched(clock.instant());
        keeper.save(listing);
    }

    /**
     * Free seats per day from {@code start} to {@code end} (exclusive), for a listing this viewer may
     * see; at most {@link Availability#MAX_DAYS} days.
     */
    List<DayAvailability> availability(
            UUID id, @Nullable UUID viewerId, boolean operator, LocalDate start, LocalDate end) {
        Listing listing = keeper.visible(id, viewerId, operator);
        TransactionKind kind = bookableKind(listing);
        if (!end.isAfter(start) || ChronoUnit.DAYS.between(start, end) > Availability.MAX_DAYS) {
            throw InvalidInput.of("end", "listings.range.invalid", Availability.MAX_DAYS);
        }
        return days(listing, kind, start, end);
    }

    List<DayAvailability> days(Listing listing, TransactionKind kind, LocalDate start, LocalDate end) {
        return days(listing, kind, start, end, LocalDate.ofInstant(clock.instant(), listing.timeZone));
    }

    List<DayAvailability> days(Listing listing, TransactionKind kind, LocalDate start, LocalDate end, LocalDate today) {
        BookedSeats booked = bookedSeats.getIfAvailable();
        return Availability.compute(
                kind,
                planOf(listing, kind),
                availability.exceptions(listing.id, start, end.minusDays(1)),
                start,
                end,
                today.plusDays(listing.rules.advanceNoticeDays()),
                booked == null ? Map.of() : booked.taken(listing.id, start.atStartOfDay(), end.atStartOfDay()));
    }

    private WeeklyPlan planOf(Listing listing, TransactionKind kind) {
        if (!listing.hasWeeklyPlan) {
            WeeklyPlan defaults = WeeklyPlan.defaultPlan(kind == TransactionKind.HOURLY);
            return new WeeklyPlan(
                    defaults.days().stream()
                            .map(d -> new WeeklyPlan.OpenDay(d.day(), d.opens(), d.closes(), listing.seats))
                            .toList(),
                    false);
        }
        return new WeeklyPlan(availability.weeklyPlan(listing.id), true);
    }

    private TransactionKind bookableKind(Listing listing) {
        TransactionKind kind = keeper.typeOf(listing).transaction();
        if (!kind.bookable()) {
            throw Refusal.invalidState("listings.notBookable");
        }
        return kind;
    }
}
