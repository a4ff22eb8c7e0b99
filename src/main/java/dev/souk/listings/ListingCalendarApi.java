package dev.souk.listings;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignedInMember;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The availability and stock of listings in the JSON API (the rest of listings is {@link ListingsApi}'s). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Listings", description = "Members' listings: drafts, photos, availability, stock, publishing")
class ListingCalendarApi {

    private final Listings listings;
    private final Accounts accounts;

    ListingCalendarApi(Listings listings, Accounts accounts) {
        this.listings = listings;
        this.accounts = accounts;
    }

    // --- JSON shapes (the API description's Listing) ---------------------------------------------

    record OpenDayJson(
            @Nullable String day,
            @Nullable String opens,
            @Nullable String closes,
            @Nullable Integer seats) {}

    record WeeklyPlanJson(
            @Nullable List<OpenDayJson> days,
            @Nullable Boolean custom,
            @Hidden @JsonAnySetter @Nullable Map<String, Object> unknown) {}

    record ExceptionInJson(
            @Nullable String start,
            @Nullable String end,
            @Nullable Integer seats,
            @Nullable Boolean blocked,
            @Hidden @JsonAnySetter @Nullable Map<String, Object> unknown) {}

    record ExceptionJson(UUID id, LocalDate start, LocalDate end, int seats, boolean blocked) {
        static ExceptionJson of(AvailabilityException e) {
            return new ExceptionJson(e.id(), e.start(), e.end(), e.seats(), e.blocked());
        }
    }

    record SlotJson(String start, String end, int seats) {}

    record DayJson(LocalDate date, int seats, @Nullable List<SlotJson> slots) {}

    record AvailabilityJson(UUID listingId, String timeZone, List<DayJson> days) {}

    record StockInJson(
            @Nullable Integer quantity,
            @Nullable Integer expectedQuantity,
            @Nullable String reason,
            @Hidden @JsonAnySetter @Nullable Map<String, Object> unknown) {}

    /** @param orderId the order that reserved or gave back the items, if one did */
    record AdjustmentJson(
            int change,
            int quantity,
            String reason,
            Instant adjustedAt,
            @Nullable UUID orderId) {}

    record StockJson(int quantity, List<AdjustmentJson> adjustments) {}

    // --- availability ----------------------------------------------------------------------------

    @GetMapping("/listings/{id}/availability/plan")
    @Operation(summary = "The weekly plan (the default one until the owner saves one)")
    @ApiResponse(responseCode = "200", description = "The weekly plan; custom is false for the default one")
    @ApiResponse(responseCode = "422", description = "The listing is not bookable (purchase or inquiry)")
    WeeklyPlanJson plan(@PathVariable UUID id) {
        Viewer viewer = Viewer.current(accounts);
        WeeklyPlan plan = listings.weeklyPlan(id, viewer.id(), viewer.operator());
        return planJson(plan);
    }

    @PutMapping("/listings/{id}/availability")
    @Operation(summary = "Replace the weekly plan: open days with seats, and opening hours for hourly listings")
    @ApiResponse(responseCode = "200", description = "The weekly plan as saved")
    @ApiResponse(responseCode = "422", description = "The listing is not bookable (purchase or inquiry)")
    WeeklyPlanJson setPlan(SignedInMember me, @PathVariable UUID id, @RequestBody WeeklyPlanJson body) {
        ListingsApi.refuseUnknown(body.unknown());
        List<FieldProblem> problems = new ArrayList<>();
        List<WeeklyPlan.OpenDay> days = new ArrayList<>();
        List<OpenDayJson> given = body.days() == null ? List.of() : body.days();
        for (int i = 0; i < given.size(); i++) {
            OpenDayJson d = given.get(i);
            String name = "days[" + i + "]";
            DayOfWeek day = null;
            try {
                day = d.day() == null ? null : DayOfWeek.valueOf(d.day().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(name + ".day", "listings.plan.day"));
            }
            LocalTime opens = FormValues.time(d.opens(), name + ".opens", problems);
            LocalTime closes = FormValues.time(d.closes(), name + ".closes", problems);
            if (day == null && d.day() == null) {
                problems.add(new FieldProblem(name + ".day", "listings.plan.day"));
            }
            if (day != null) {
                days.add(new WeeklyPlan.OpenDay(day, opens, closes, d.seats() == null ? 1 : d.seats()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return planJson(listings.setWeeklyPlan(me.id(), id, days));
    }

    @PostMapping("/listings/{id}/availability/exceptions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Block days (blocked: true or seats: 0) or give them other seats; dates inclusive")
    @ApiResponse(responseCode = "422", description = "The listing is not bookable (purchase or inquiry)")
    ExceptionJson addException(SignedInMember me, @PathVariable UUID id, @RequestBody ExceptionInJson body) {
        ListingsApi.refuseUnknown(body.unknown());
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate start = FormValues.date(body.start(), "start", problems);
        LocalDate end = FormValues.date(body.end(), "end", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        int seats = Boolean.TRUE.equals(body.blocked()) ? 0 : body.seats() == null ? 0 : body.seats();
        return ExceptionJson.of(listings.addException(me.id(), id, start, end, seats));
    }

    @GetMapping("/listings/{id}/availability/exceptions")
    @Operation(summary = "One's listing's exceptions touching the range")
    List<ExceptionJson> exceptions(
            SignedInMember me, @PathVariable UUID id, @RequestParam String start, @RequestParam String end) {
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate from = FormValues.date(start, "start", problems);
        LocalDate to = FormValues.date(end, "end", problems);
        if (!problems.isEmpty() || from == null || to == null) {
            throw new InvalidInput(problems);
        }
        return listings.exceptions(me.id(), id, from, to).stream()
                .map(ExceptionJson::of)
                .toList();
    }

    @DeleteMapping("/listings/{id}/availability/exceptions/{exceptionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove an exception")
    void removeException(SignedInMember me, @PathVariable UUID id, @PathVariable UUID exceptionId) {
        listings.removeException(me.id(), id, exceptionId);
    }

    @GetMapping("/listings/{id}/availability")
    @Operation(summary = "Free seats per day from start to end (exclusive), per hourly slot for hourly listings")
    @ApiResponse(responseCode = "200", description = "Free seats per day")
    @ApiResponse(responseCode = "422", description = "The listing is not bookable (purchase or inquiry)")
    AvailabilityJson availability(@PathVariable UUID id, @RequestParam String start, @RequestParam String end) {
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate from = FormValues.date(start, "start", problems);
        LocalDate to = FormValues.date(end, "end", problems);
        if (!problems.isEmpty() || from == null || to == null) {
            throw new InvalidInput(problems);
        }
        Viewer viewer = Viewer.current(accounts);
        ListingView listing = listings.find(id, viewer.id(), viewer.operator())
                .orElseThrow(() -> dev.souk.shared.Refusal.notFound("listings.notFound"));
        List<DayJson> days = listings.availability(id, viewer.id(), viewer.operator(), from, to).stream()
                .map(d -> new DayJson(
                        d.date(),
                        d.seats(),
                        "hour".equals(listing.unit())
                                ? d.slots().stream()
                                        .map(s -> new SlotJson(
                                                s.start().toString(), s.end().toString(), s.seats()))
                                        .toList()
                                : null))
                .toList();
        return new AvailabilityJson(id, listing.timeZone().getId(), days);
    }

    // --- stock -----------------------------------------------------------------------------------

    @PutMapping("/listings/{id}/stock")
    @Operation(summary = "Set the stock of a purchase listing; with expectedQuantity, 409 if it changed meanwhile")
    @ApiResponse(responseCode = "200", description = "The stock and its adjustments")
    @ApiResponse(responseCode = "409", description = "The stock is no longer expectedQuantity")
    @ApiResponse(responseCode = "422", description = "Not a purchase listing")
    StockJson setStock(SignedInMember me, @PathVariable UUID id, @RequestBody StockInJson body) {
        ListingsApi.refuseUnknown(body.unknown());
        if (body.quantity() == null) {
            throw InvalidInput.of("quantity", "validation.required");
        }
        listings.setStock(me.id(), id, body.quantity(), body.expectedQuantity(), body.reason());
        return stock(me, id);
    }

    @GetMapping("/listings/{id}/stock")
    @Operation(summary = "The stock of one's purchase listing and its adjustments, newest first")
    @ApiResponse(responseCode = "200", description = "The stock and its adjustments")
    @ApiResponse(responseCode = "422", description = "Not a purchase listing")
    StockJson stock(SignedInMember me, @PathVariable UUID id) {
        ListingView listing = listings.own(me.id(), id);
        if (listing.stock() == null) {
            throw dev.souk.shared.Refusal.invalidState("listings.stock.notPurchase");
        }
        return new StockJson(
                listing.stock(),
                listings.stockAdjustments(me.id(), id).stream()
                        .map(a -> new AdjustmentJson(a.change(), a.quantity(), a.reason(), a.adjustedAt(), a.orderId()))
                        .toList());
    }

    // --- mapping ---------------------------------------------------------------------------------

    private static WeeklyPlanJson planJson(WeeklyPlan plan) {
        return new WeeklyPlanJson(
                plan.days().stream()
                        .map(d -> new OpenDayJson(
                                d.day().name().toLowerCase(Locale.ROOT),
                                d.opens() == null ? null : d.opens().toString(),
                                d.closes() == null ? null : d.closes().toString(),
                                d.seats()))
                        .toList(),
                plan.custom(),
                null);
    }
}
