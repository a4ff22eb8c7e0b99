package dev.souk.transactions.pages;

import dev.souk.marketplace.TransactionKind;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How the dates of bookings read on pages: "Fri 12 Mar 2027 – Mon 15 Mar 2027", never ISO. */
public final class DealText {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private DealText() {}

    /**
     * The dates of a booking as the customer chose them: check-in to check-out, first to last day, or
     * a day with its hours; empty for orders.
     */
    public static String dates(TransactionKind kind, @Nullable LocalDateTime start, @Nullable LocalDateTime end) {
        if (start == null || end == null) {
            return "";
        }
        switch (kind) {
            case HOURLY:
                return DAY.format(start) + ", " + HOUR.format(start) + "–" + HOUR.format(end);
            case DAILY:
                LocalDateTime last = end.toLocalTime().equals(LocalTime.MIDNIGHT) ? end.minusDays(1) : end;
                return last.toLocalDate().equals(start.toLocalDate())
                        ? DAY.format(start)
                        : DAY.format(start) + " – " + DAY.format(last);
            default:
                return DAY.format(start) + " – " + DAY.format(end);
        }
    }
}
