package dev.souk.listings.pages;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A month of free seats, in weeks from Monday; days outside the month are {@code null}.
 *
 * @param baseUrl where the previous and next months are fetched from, with {@code ?month=} added
 */
public record CalendarMonth(YearMonth month, List<List<@Nullable Day>> weeks, String baseUrl, boolean owner) {

    public record Day(LocalDate date, int seats, boolean exception) {}

    public String previous() {
        return baseUrl + "?month=" + month.minusMonths(1);
    }

    public String next() {
        return baseUrl + "?month=" + month.plusMonths(1);
    }
}
