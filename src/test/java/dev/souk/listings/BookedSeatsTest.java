package dev.souk.listings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Seats that bookings take come off a listing's availability, as the transactions module reports them. */
@SoukTest
@Import(WithMailbox.class)
class BookedSeatsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Bookings as the transactions module would report them, set by each test. */
    static final class Bookings implements BookedSeats {

        final Map<UUID, Map<LocalDateTime, Integer>> taken = new ConcurrentHashMap<>();
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public Map<LocalDateTime, Integer> taken(UUID listingId, LocalDateTime from, LocalDateTime to) {
            asked.add(listingId + " " + from + " " + to);
            return taken.getOrDefault(listingId, Map.of()).entrySet().stream()
                    .filter(e -> !e.getKey().isBefore(from) && e.getKey().isBefore(to))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }

        List<String> askedAbout(UUID listingId) {
            return asked.stream()
                    .filter(a -> a.startsWith(listingId.toString()))
                    .toList();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class WithBookings {

        // primary, so that it stands in for the transactions module's own
        @Bean
        @Primary
        Bookings bookings() {
            return new Bookings();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Bookings bookings;

    Http http;
    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
    }

    @Test
    void bookedNightsAreTakenInTheAnswerAndOnThePublicCalendar() {
        Signed owner = Members.verifiedMember(http, "Booked Host");
        UUID id = create(owner, catalog.completeStay("Booked room").replace("\"title\"", "\"seats\": 1, \"title\""));
        addPhoto(owner, id);
        HttpResponse<String> published = http.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        // Tuesday 7 January 2031 is booked; Wednesday 8 is not
        bookings.taken.put(id, Map.of(LocalDate.of(2031, 1, 7).atStartOfDay(), 1));

        HttpResponse<String> answer =
                http.get("/api/v1/listings/" + id + "/availability?start=2031-01-06&end=2031-01-09");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer).get("days").findValuesAsString("date"))
                .containsExactly("2031-01-06", "2031-01-07", "2031-01-08");
        assertThat(json(answer).get("days").findValues("seats").stream().map(JsonNode::asInt))
                .containsExactly(1, 0, 1);
        assertThat(bookings.askedAbout(id))
                .as("asked once, about the whole range")
                .containsExactly(id + " 2031-01-06T00:00 2031-01-09T00:00");

        String page = new Web(port, "10.48.0.1")
                .get("/listings/" + id + "?month=2031-01")
                .body();
        assertThat(day(page, 7)).as("booked").contains("souk-closed");
        assertThat(day(page, 8)).as("free").contains("souk-open");
    }

    @Test
    void bookedHoursAreTakenPerSlotAndTheDayKeepsItsFreestSlot() {
        Signed owner = Members.verifiedMember(http, "Booked Teacher");
        UUID id = create(owner, """
                {"listingType": "%s", "category": "%s", "title": "Booked lessons", "seats": 4}""".formatted(catalog.lessons, catalog.classes));
        HttpResponse<String> plan = http.method("PUT", "/api/v1/listings/" + id + "/availability", """
                {"days": [{"day": "monday", "opens": "10:00", "closes": "13:00", "seats": 4}]}""", owner.auth());
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        LocalDate monday = LocalDate.of(2031, 1, 6);
        LocalDate nextMonday = monday.plusWeeks(1);
        bookings.taken.put(
                id,
                Map.of(
                        monday.atTime(10, 0), 4,
                        monday.atTime(11, 0), 1,
                        nextMonday.atTime(10, 0), 4,
                        nextMonday.atTime(11, 0), 5,
                        nextMonday.atTime(12, 0), 4));

        HttpResponse<String> answer =
                http.get("/api/v1/listings/" + id + "/availability?start=2031-01-06&end=2031-01-14", owner.auth());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode days = json(answer).get("days");
        JsonNode first = days.get(0);
        assertThat(first.get("slots").findValues("seats").stream().map(JsonNode::asInt))
                .containsExactly(0, 3, 4);
        assertThat(first.get("seats").asInt()).isEqualTo(4);
        JsonNode second = days.get(7);
        assertThat(second.get("date").asString()).isEqualTo("2031-01-13");
        assertThat(second.get("slots").findValues("seats").stream().map(JsonNode::asInt))
                .as("never below zero")
                .containsExactly(0, 0, 0);
        assertThat(second.get("seats").asInt()).isZero();
        assertThat(bookings.askedAbout(id)).containsExactly(id + " 2031-01-06T00:00 2031-01-14T00:00");
    }

    /** The calendar cell of this day of the month. */
    private static String day(String page, int dayOfMonth) {
        var matcher = Pattern.compile("<td class=\"([^\"]*)\">\\s*<span>" + dayOfMonth + "</span>")
                .matcher(page);
        assertThat(matcher.find()).as("day " + dayOfMonth + " in the calendar").isTrue();
        return matcher.group(1);
    }

    private UUID create(Signed owner, String body) {
        HttpResponse<String> created = http.postJson("/api/v1/listings", body, owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(json(created).get("id").asString());
    }

    private void addPhoto(Signed owner, UUID id) {
        HttpResponse<String> photo = http.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "p.png",
                "image/png",
                TestCatalog.png(40, 30),
                owner.auth());
        assertThat(photo.statusCode()).as(photo.body()).isEqualTo(201);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
