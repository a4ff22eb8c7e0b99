package dev.souk.listings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.marketplace.Marketplace;
import dev.souk.shared.Money;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.WithMailbox;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The listings module states who may see a listing, which weekly plan is in effect and which exception
 * wins twice: in Java ({@link Listing#isPublic}, {@link Availability}) and in the views it publishes to
 * other modules (V58). These hold the two to the same answers.
 */
@SoukTest
@Import(WithMailbox.class)
class ListingVisibilityTest {

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    JdbcClient jdbc;

    Http http;
    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
    }

    @Test
    void thePublishedViewShowsExactlyTheListingsEveryoneMaySee() {
        Signed owner = Members.verifiedMember(http, "Visible Potter");
        UUID draft = lesson(owner, "Still a draft");
        UUID published = published(owner, "On offer");
        UUID closed = published(owner, "No longer offered");
        listings.close(owner.id(), closed);
        UUID deleted = published(owner, "Gone for good");
        listings.delete(owner.id(), deleted);
        Signed suspended = Members.verifiedMember(http, "Suspended Potter");
        UUID hidden = published(suspended, "Of a suspended owner");
        listings.hideListingsOf(suspended.id(), true);

        for (UUID id : List.of(draft, published, closed, deleted, hidden)) {
            assertThat(inView(id))
                    .as("listing %s", id)
                    .isEqualTo(listings.findPublic(id).isPresent());
        }
        assertThat(inView(published)).isTrue();
        assertThat(inView(hidden)).isFalse();
    }

    @Test
    void thePublishedViewHasTheWeeklyPlanInEffect() {
        Signed owner = Members.verifiedMember(http, "Planning Teacher");
        UUID id = published(owner, "Pottery hours");
        assertThat(planOfView(id, "plan_seats")).containsExactly(seatsOf(id));
        assertThat(planOfView(id, "plan_hours")).containsExactly(hoursOf(id));

        listings.setWeeklyPlan(
                owner.id(),
                id,
                List.of(
                        new WeeklyPlan.OpenDay(DayOfWeek.MONDAY, LocalTime.of(10, 0), LocalTime.of(13, 0), 3),
                        new WeeklyPlan.OpenDay(DayOfWeek.SATURDAY, LocalTime.of(8, 0), LocalTime.of(18, 0), 1)));
        assertThat(planOfView(id, "plan_seats")).containsExactly(seatsOf(id));
        assertThat(planOfView(id, "plan_hours")).containsExactly(hoursOf(id));
        assertThat(planOfView(id, "plan_seats")).containsExactly(3, 0, 0, 0, 0, 1, 0);
    }

    @Test
    void thePublishedViewAndTheCalendarAgreeWhichExceptionIsInEffect() {
        Signed owner = Members.verifiedMember(http, "Busy Teacher");
        UUID id = published(owner, "Glazing hours");
        listings.setWeeklyPlan(
                owner.id(),
                id,
                java.util.Arrays.stream(DayOfWeek.values())
                        .map(d -> new WeeklyPlan.OpenDay(d, LocalTime.of(9, 0), LocalTime.of(12, 0), 4))
                        .toList());
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(40);
        listings.addException(owner.id(), id, day.minusDays(2), day.plusDays(2), 2);
        listings.addException(owner.id(), id, day, day, 3);
        listings.addException(owner.id(), id, day.minusDays(1), day.plusDays(1), 0);

        for (LocalDate d = day.minusDays(3); !d.isAfter(day.plusDays(3)); d = d.plusDays(1)) {
            int shown = listings.availability(id, null, false, d, d.plusDays(1))
                    .get(0)
                    .seats();
            Integer inEffect = jdbc.sql("""
                    SELECT seats FROM listing_date_exceptions
                     WHERE listing_id = :id AND :day BETWEEN start_date AND end_date
                     ORDER BY made_at DESC, id DESC LIMIT 1""")
                    .param("id", id)
                    .param("day", java.sql.Date.valueOf(d))
                    .query(Integer.class)
                    .optional()
                    .orElse(4);
            assertThat(inEffect).as("day %s", d).isEqualTo(shown);
        }
    }

    private boolean inView(UUID id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM listings_searchable WHERE id = :id)")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    private Integer[] planOfView(UUID id, String column) {
        return jdbc.sql("SELECT " + column + " FROM listings_searchable WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> (Integer[]) rs.getArray(1).getArray())
                .single();
    }

    private Integer[] seatsOf(UUID id) {
        WeeklyPlan plan = listings.weeklyPlan(id, null, false);
        return java.util.Arrays.stream(DayOfWeek.values())
                .map(d -> plan.day(d).map(WeeklyPlan.OpenDay::seats).orElse(0))
                .toArray(Integer[]::new);
    }

    private Integer[] hoursOf(UUID id) {
        WeeklyPlan plan = listings.weeklyPlan(id, null, false);
        return java.util.Arrays.stream(DayOfWeek.values())
                .map(d -> plan.day(d)
                        .map(o -> o.closes().getHour() - o.opens().getHour())
                        .orElse(0))
                .toArray(Integer[]::new);
    }

    private UUID lesson(Signed owner, String title) {
        return listings.create(
                        owner.id(),
                        new ListingDraft(
                                catalog.lessons,
                                catalog.classes,
                                title,
                                "Wheel and kiln.",
                                null,
                                new Money(3000, Currency.getInstance("EUR")),
                                null,
                                null,
                                null,
                                null,
                                null))
                .id();
    }

    private UUID published(Signed owner, String title) {
        UUID id = lesson(owner, title);
        listings.publish(owner.id(), id);
        return id;
    }
}
