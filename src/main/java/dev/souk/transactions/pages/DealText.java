package dev.souk.transactions.pages;

import dev.souk.marketplace.TransactionKind;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How the dates of bookings read on pages, in the reader's language: "Fri 12 Mar – Mon 15 Mar 2027",
 * "Sat 13 Mar 2027, 10:00–12:00"; never ISO. They are the listing's local dates, shown as booked.
 */
public final class DealText {

    private DealText() {}

    /**
     * The dates of a booking as the customer chose them: check-in to check-out, first to last day, or
     * a day with its hours; empty for orders.
     */
    public static String dates(
            Locale locale, TransactionKind kind, @Nullable LocalDateTime start, @Nullable LocalDateTime end) {
        if (start == null || end == null) {
            return "";
        }
        DateTimeFormatter day = DateTimeFormatter.ofPattern("EEE d MMM yyyy", locale);
        switch (kind) {
            case HOURLY:
                DateTimeFormatter hour = DateTimeFormatter.ofPattern("HH:mm", locale);
                return day.format(start) + ", " + hour.format(start) + "–" + hour.format(end);
            case DAILY:
                LocalDateTime last = end.toLocalTime().equals(LocalTime.MIDNIGHT) ? end.minusDays(1) : end;
                return last.toLocalDate().equals(start.toLocalDate())
                        ? day.format(start)
                        : range(locale, start.toLocalDate(), last.toLocalDate());
            default:
                return range(locale, start.toLocalDate(), end.toLocalDate());
        }
    }

    /** One day, e.g. "Fri 12 Mar 2027". */
    public static String day(Locale locale, LocalDate date) {
        return DateTimeFormatter.ofPattern("EEE d MMM yyyy", locale).format(date);
    }

    /** Two days; the year is said once when both fall in it. */
    private static String range(Locale locale, LocalDate first, LocalDate last) {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("EEE d MMM yyyy", locale);
        DateTimeFormatter sameYear = DateTimeFormatter.ofPattern("EEE d MMM", locale);
        return (first.getYear() == last.getYear() ? sameYear : day).format(first) + " – " + day.format(last);
    }
}
