package dev.souk.listings;

import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The weekly plans and date exceptions of listings, in explicit SQL. */
@Repository
class AvailabilityStore {

    private final JdbcClient jdbc;

    AvailabilityStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<WeeklyPlan.OpenDay> weeklyPlan(UUID listingId) {
        return jdbc.sql(
                        "SELECT day_of_week, opens, closes, seats FROM listing_weekly_plan WHERE listing_id = :id ORDER BY day_of_week")
                .param("id", listingId)
                .query((rs, n) -> new WeeklyPlan.OpenDay(
                        DayOfWeek.of(rs.getInt("day_of_week")),
                        toLocalTime(rs.getTime("opens")),
                        toLocalTime(rs.getTime("closes")),
                        rs.getInt("seats")))
                .list();
    }

    void saveWeeklyPlan(UUID listingId, List<WeeklyPlan.OpenDay> days) {
        jdbc.sql("DELETE FROM listing_weekly_plan WHERE listing_id = :id")
                .param("id", listingId)
                .update();
        for (WeeklyPlan.OpenDay day : days) {
            jdbc.sql("""
                    INSERT INTO listing_weekly_plan (listing_id, day_of_week, opens, closes, seats)
                    VALUES (:id, :day, :opens, :closes, :seats)""")
                    .param("id", listingId)
                    .param("day", day.day().getValue())
                    .param("opens", day.opens() == null ? null : Time.valueOf(day.opens()))
                    .param("closes", day.closes() == null ? null : Time.valueOf(day.closes()))
                    .param("seats", day.seats())
                    .update();
        }
    }

    /** Exceptions touching the range, oldest first (a newer one wins where they overlap). */
    List<AvailabilityException> exceptions(UUID listingId, LocalDate from, LocalDate toInclusive) {
        return jdbc.sql("""
                SELECT id, start_date, end_date, seats FROM listing_availability_exceptions
                 WHERE listing_id = :id AND start_date <= :to AND end_date >= :from
                 ORDER BY created_at, id""")
                .param("id", listingId)
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(toInclusive))
                .query((rs, n) -> new AvailabilityException(
                        rs.getObject("id", UUID.class),
                        rs.getDate("start_date").toLocalDate(),
                        rs.getDate("end_date").toLocalDate(),
                        rs.getInt("seats")))
                .list();
    }

    List<AvailabilityException> allExceptions(UUID listingId) {
        return jdbc.sql("""
                SELECT id, start_date, end_date, seats FROM listing_availability_exceptions
                 WHERE listing_id = :id ORDER BY created_at, id""")
                .param("id", listingId)
                .query((rs, n) -> new AvailabilityException(
                        rs.getObject("id", UUID.class),
                        rs.getDate("start_date").toLocalDate(),
                        rs.getDate("end_date").toLocalDate(),
                        rs.getInt("seats")))
                .list();
    }

    void insertException(UUID listingId, AvailabilityException e, Instant now) {
        jdbc.sql("""
                INSERT INTO listing_availability_exceptions (id, listing_id, start_date, end_date, seats, created_at)
                VALUES (:id, :listing, :start, :end, :seats, :now)""")
                .param("id", e.id())
                .param("listing", listingId)
                .param("start", Date.valueOf(e.start()))
                .param("end", Date.valueOf(e.end()))
                .param("seats", e.seats())
                .param("now", Timestamp.from(now))
                .update();
    }

    boolean deleteException(UUID listingId, UUID exceptionId) {
        return jdbc.sql("DELETE FROM listing_availability_exceptions WHERE listing_id = :listing AND id = :id")
                        .param("listing", listingId)
                        .param("id", exceptionId)
                        .update()
                > 0;
    }

    private static java.time.@Nullable LocalTime toLocalTime(@Nullable Time time) {
        return time == null ? null : time.toLocalTime();
    }
}
