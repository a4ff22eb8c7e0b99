package dev.souk.search;

import static dev.souk.testing.Pause.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.listings.Listings;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import dev.souk.payments.Gateway;
import dev.souk.payments.Payments;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * Date searches follow bookings: the days a booking takes stop being offered as soon as it is made,
 * come back when it is declined or cancelled, keep what seats are left, and outlast a rebuild of the
 * read model and the owner's changes to those days. Everything through the API, with direct payment so
 * that a request to book holds its dates at once.
 */
@SoukTest
@Import(WithMailbox.class)
class SearchBookingsTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** How soon a date search must know of a booking. */
    static final Duration FRESH = Duration.ofSeconds(1);

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Payments payments;

    @Autowired
    Search search;

    @Autowired
    MutableClock clock;

    @Autowired
    JsonMapper json;

    Http http;
    Signed provider;
    Signed customer;
    String suffix;
    String currency;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        currency = marketplace.settings().defaultCurrency().getCurrencyCode();
        type("stay", TransactionKind.NIGHTLY, false, false);
        type("dorm", TransactionKind.NIGHTLY, true, true);
        type("class", TransactionKind.HOURLY, true, true);
        provider = Members.verifiedMember(http, "Booked Host");
        customer = Members.verifiedMember(http, "Booking Guest");
        payments.chooseGateway(Gateway.DIRECT);
    }

    @Test
    void aBookedStayLeavesDateSearchesWithinASecondAndComesBackWhenDeclinedOrCancelled() {
        UUID stay = listing("stay", "");
        LocalDate checkIn = today().plusDays(20);
        LocalDate checkOut = checkIn.plusDays(2);
        String booked = "category=c-stay-" + suffix + "&start=" + checkIn + "&end=" + checkOut;
        // the last night only, and the night after check-out
        String lastNight = "category=c-stay-" + suffix + "&start=" + checkIn.plusDays(1) + "&end=" + checkOut;
        String after = "category=c-stay-" + suffix + "&start=" + checkOut + "&end=" + checkOut.plusDays(1);
        await(booked, ids -> ids.contains(stay), Duration.ofSeconds(20));
        assertThat(calendarDay(stay, checkIn)).as("before the booking").contains("souk-open");

        UUID request = book(customer, stay, checkIn.toString(), checkOut.toString(), null);
        measure("a request to book", booked, ids -> !ids.contains(stay));
        assertThat(found(lastNight)).doesNotContain(stay);
        assertThat(found(after)).as("the day of check-out is free").contains(stay);
        assertThat(calendarDay(stay, checkIn)).as("the listing's own calendar").contains("souk-closed");
        assertThat(calendarDay(stay, checkOut)).contains("souk-open");
        awaitState(provider, request, "requested");

        transition(provider, request, "decline");
        measure("a declined request", booked, ids -> ids.contains(stay));
        assertThat(found(lastNight)).contains(stay);

        UUID again = book(customer, stay, checkIn.plusDays(1).toString(), checkOut.toString(), null);
        measure("a second request", lastNight, ids -> !ids.contains(stay));
        assertThat(found(booked)).doesNotContain(stay);
        awaitState(provider, again, "requested");
        transition(customer, again, "cancel");
        measure("a cancelled request", booked, ids -> ids.contains(stay));
    }

    @Test
    void aSharedRoomIsFoundWhileItHasTheSeatsAskedAndTheOwnersChangesKeepTheBookings() {
        UUID dorm = listing("dorm", "\"seats\": 3");
        LocalDate night = today().plusDays(30);
        String dates = "category=c-dorm-" + suffix + "&start=" + night + "&end=" + night.plusDays(1);
        await(dates + "&seats=3", ids -> ids.contains(dorm), Duration.ofSeconds(20));

        book(customer, dorm, night.toString(), night.plusDays(1).toString(), 2);
        measure("two of three seats booked", dates + "&seats=2", ids -> !ids.contains(dorm));
        assertThat(found(dates + "&seats=1")).as("one seat is left").contains(dorm);

        Signed other = Members.verifiedMember(http, "Other Guest");
        UUID last = book(other, dorm, night.toString(), night.plusDays(1).toString(), 1);
        measure("the last seat booked", dates + "&seats=1", ids -> !ids.contains(dorm));
        awaitState(other, last, "accepted");

        // the owner gives that night four seats: the three booked stay booked, one is free
        UUID exception = exception(dorm, night, 4);
        await(dates + "&seats=1", ids -> ids.contains(dorm), Duration.ofSeconds(10));
        assertThat(found(dates + "&seats=2")).doesNotContain(dorm);

        // a rebuild keeps the booked night and the owner's seats
        assertThat(search.rebuild()).isPositive();
        assertThat(found(dates + "&seats=1")).contains(dorm);
        assertThat(found(dates + "&seats=2")).doesNotContain(dorm);

        // back to the plan's three seats: full again
        HttpResponse<String> removed = http.method(
                "DELETE", "/api/v1/listings/" + dorm + "/availability/exceptions/" + exception, "", provider.auth());
        assertThat(removed.statusCode()).as(removed.body()).isIn(200, 204);
        await(dates + "&seats=1", ids -> !ids.contains(dorm), Duration.ofSeconds(10));

        transition(other, last, "cancel");
        measure("one seat given back", dates + "&seats=1", ids -> ids.contains(dorm));
        assertThat(found(dates + "&seats=2")).doesNotContain(dorm);
    }

    @Test
    void anHourlyClassLeavesTheSearchOnlyWhenEveryOpeningHourIsBooked() {
        UUID yoga = listing("class", "\"seats\": 2");
        String everyDay = Arrays.stream(DayOfWeek.values())
                .map(d -> "{\"day\": \"%s\", \"opens\": \"10:00\", \"closes\": \"13:00\", \"seats\": 2}"
                        .formatted(d.name().toLowerCase(Locale.ROOT)))
                .collect(Collectors.joining(", "));
        HttpResponse<String> plan = http.method(
                "PUT", "/api/v1/listings/" + yoga + "/availability", "{\"days\": [" + everyDay + "]}", provider.auth());
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        LocalDate day = today().plusDays(14);
        String classes = "category=c-class-" + suffix + "&hours=1&start=";
        String twoSeats = classes + day + "&seats=2";
        String oneSeat = classes + day + "&seats=1";
        await(twoSeats, ids -> ids.contains(yoga), Duration.ofSeconds(20));

        // one hour of three taken: the other two still have both seats
        Signed other = Members.verifiedMember(http, "Other Pupil");
        UUID noon = book(other, yoga, day + "T12:00", day + "T13:00", 1);
        pause(FRESH);
        assertThat(found(twoSeats)).contains(yoga);

        // a seat taken in every opening hour: one is left all day
        book(customer, yoga, day + "T10:00", day + "T12:00", 1);
        measure("a seat of every opening hour booked", twoSeats, ids -> !ids.contains(yoga));
        assertThat(found(oneSeat)).contains(yoga);

        // 10 to 12 full, 12 to 13 still has a seat: the day's freest hour counts
        book(customer, yoga, day + "T10:00", day + "T12:00", 1);
        pause(FRESH);
        assertThat(found(oneSeat)).contains(yoga);

        book(customer, yoga, day + "T12:00", day + "T13:00", 1);
        measure("every seat of every hour booked", oneSeat, ids -> !ids.contains(yoga));
        assertThat(found(classes + day.plusDays(1) + "&seats=2"))
                .as("the next day")
                .contains(yoga);

        awaitState(other, noon, "accepted");
        transition(other, noon, "cancel");
        measure("an hour given back", oneSeat, ids -> ids.contains(yoga));
        assertThat(found(twoSeats)).doesNotContain(yoga);
    }

    @Test
    void bookingsChangedWhileAListingIsClosedAreReadWhenItOpensAgain() {
        UUID stay = listing("stay", "");
        LocalDate checkIn = today().plusDays(40);
        String dates = "category=c-stay-" + suffix + "&start=" + checkIn + "&end=" + checkIn.plusDays(3);
        await(dates, ids -> ids.contains(stay), Duration.ofSeconds(20));
        UUID request =
                book(customer, stay, checkIn.toString(), checkIn.plusDays(3).toString(), null);
        await(dates, ids -> !ids.contains(stay), FRESH);

        HttpResponse<String> closed = http.postJson("/api/v1/listings/" + stay + "/close", "", provider.auth());
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        await("category=c-stay-" + suffix, ids -> !ids.contains(stay), Duration.ofSeconds(10));
        awaitState(customer, request, "requested");
        transition(customer, request, "cancel");
        HttpResponse<String> opened = http.postJson("/api/v1/listings/" + stay + "/open", "", provider.auth());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);

        await(dates, ids -> ids.contains(stay), Duration.ofSeconds(10));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void type(String name, TransactionKind kind, boolean instant, boolean seats) {
        String key = name + "-" + suffix;
        marketplace.saveListingType(new ListingType(key, name + " " + suffix, kind, instant, seats, Set.of(), 90));
        marketplace.saveCategory(new Category("c-" + key, "C " + key, null, Set.of(key), 90));
    }

    /** A published listing of one of this test's types, made as its provider would. */
    private UUID listing(String type, String more) {
        String key = type + "-" + suffix;
        HttpResponse<String> created = http.postJson(
                "/api/v1/listings",
                """
                {"listingType": "%s", "category": "c-%s", "title": "A %s to search for",
                 "description": "Somewhere to find by dates.", "timeZone": "Europe/Berlin",
                 "price": {"amount": 5000, "currency": "%s"},
                 "rules": {"cancellationPolicy": "flexible"} %s}""".formatted(key, key, type, currency, more.isEmpty() ? "" : ", " + more),
                provider.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(Members.field(created.body(), "id"));
        HttpResponse<String> published = http.postJson("/api/v1/listings/" + id + "/publish", "", provider.auth());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        if (published.body().contains("pendingApproval")) {
            listings.approve(id);
        }
        return id;
    }

    private UUID book(Signed who, UUID listing, String start, String end, Integer seats) {
        HttpResponse<String> created = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\"%s}"
                        .formatted(listing, start, end, seats == null ? "" : ", \"seats\": " + seats),
                who.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(
                json.readTree(created.body()).at("/transaction/id").asString());
    }

    private UUID exception(UUID listing, LocalDate day, int seats) {
        HttpResponse<String> added = http.postJson(
                "/api/v1/listings/" + listing + "/availability/exceptions",
                "{\"start\": \"%s\", \"end\": \"%s\", \"seats\": %d}".formatted(day, day, seats),
                provider.auth());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        return UUID.fromString(Members.field(added.body(), "id"));
    }

    private String state(Signed who, UUID transaction) {
        HttpResponse<String> got = http.get("/api/v1/transactions/" + transaction, who.auth());
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        return json.readTree(got.body()).get("state").asString();
    }

    private void awaitState(Signed who, UUID transaction, String expected) {
        long started = System.nanoTime();
        while (!expected.equals(state(who, transaction))
                && System.nanoTime() - started < Duration.ofSeconds(20).toNanos()) {
            pause(Duration.ofMillis(50));
        }
        assertThat(state(who, transaction)).isEqualTo(expected);
    }

    private void transition(Signed who, UUID transaction, String name) {
        HttpResponse<String> moved = http.postJson(
                "/api/v1/transactions/" + transaction + "/transitions",
                "{\"name\": \"" + name + "\", \"params\": {\"message\": \"Plans changed.\"}}",
                who.auth());
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    }

    /** The ids a search by these parameters finds. */
    private List<UUID> found(String query) {
        HttpResponse<String> answer = http.get("/api/v1/listings?" + query);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body())
                .get("items")
                .valueStream()
                .map(item -> UUID.fromString(item.get("id").asString()))
                .toList();
    }

    /** Waits until the search answers as expected, at most {@code within}; how long it took. */
    private Duration await(String query, Predicate<List<UUID>> expected, Duration within) {
        long started = System.nanoTime();
        List<UUID> ids = found(query);
        while (!expected.test(ids) && System.nanoTime() - started < within.toNanos()) {
            pause(Duration.ofMillis(10));
            ids = found(query);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(expected.test(ids))
                .as(query + " after " + took.toMillis() + " ms: " + ids)
                .isTrue();
        return took;
    }

    /** As {@link #await}, within {@link #FRESH} of the change just made, and says how long it took. */
    private void measure(String change, String query, Predicate<List<UUID>> expected) {
        Duration took = await(query, expected, FRESH);
        System.out.printf("Search saw %s after %d ms%n", change, took.toMillis());
    }

    /** The classes of this day's cell in the listing's public calendar. */
    private String calendarDay(UUID listing, LocalDate day) {
        HttpResponse<String> fragment =
                http.get("/listings/" + listing + "/calendar?month=" + YearMonth.from(day), "HX-Request", "true");
        assertThat(fragment.statusCode()).as(fragment.body()).isEqualTo(200);
        Matcher cell = Pattern.compile("<td class=\"([^\"]*)\">\\s*<span>" + day.getDayOfMonth() + "</span>")
                .matcher(fragment.body());
        assertThat(cell.find()).as("day " + day + " in the calendar").isTrue();
        return cell.group(1);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), BERLIN);
    }
}
