package dev.souk.transactions;

import dev.souk.listings.CancellationPolicy;
import dev.souk.listings.ListingFee;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Commission;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.TransactionKind;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;

/** Turns what a customer asks for into a checked request and its price, line by line. */
final class Pricing {

    /** How far ahead a booking may start or end. */
    static final int HORIZON_DAYS = 366;

    /** A date or a local date-time, as typed. */
    private static final int MOMENT_MAX = 19;

    private Pricing() {}

    /**
     * A request that is well-formed for its kind of listing.
     *
     * @param start inclusive local start; null for purchases
     * @param end exclusive local end
     */
    record Asked(
            @Nullable LocalDateTime start,
            @Nullable LocalDateTime end,
            long units,
            int seats,
            @Nullable Integer quantity) {}

    /** Parses the request for this kind of listing; refuses (400) what is malformed, naming the field. */
    static Asked parse(TransactionKind kind, BookingRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        Asked asked = null;
        switch (kind) {
            case NIGHTLY, DAILY -> {
                LocalDate start = date(request.start(), "start", problems);
                LocalDate end = date(request.end(), "end", problems);
                int seats = seats(request.seats(), problems);
                if (start != null && end != null) {
                    LocalDate until = kind == TransactionKind.NIGHTLY ? end : end.plusDays(1);
                    long units = ChronoUnit.DAYS.between(start, until);
                    if (units < 1) {
                        problems.add(new FieldProblem(
                                "end",
                                kind == TransactionKind.NIGHTLY
                                        ? "transactions.end.afterStart"
                                        : "transactions.end.notBeforeStart"));
                    } else {
                        asked = new Asked(start.atStartOfDay(), until.atStartOfDay(), units, seats, null);
                    }
                }
            }
            case HOURLY -> {
                LocalDateTime start = time(request.start(), "start", problems);
                LocalDateTime end = time(request.end(), "end", problems);
                int seats = seats(request.seats(), problems);
                if (start != null && end != null) {
                    long hours = ChronoUnit.HOURS.between(start, end);
                    if (!end.isAfter(start)) {
                        problems.add(new FieldProblem("end", "transactions.end.afterStart"));
                    } else if (!end.toLocalDate().equals(start.toLocalDate())
                            && !end.equals(start.toLocalDate().plusDays(1).atStartOfDay())) {
                        problems.add(new FieldProblem("end", "transactions.end.sameDay"));
                    } else {
                        asked = new Asked(start, end, hours, seats, null);
                    }
                }
            }
            case PURCHASE -> {
                Integer quantity = request.quantity();
                if (quantity == null || quantity < 1 || quantity > Listings.MAX_STOCK) {
                    problems.add(new FieldProblem("quantity", "transactions.quantity.range", Listings.MAX_STOCK));
                } else {
                    asked = new Asked(null, null, quantity, 1, quantity);
                }
            }
            case INQUIRY -> asked = new Asked(null, null, 0, 1, null);
        }
        if (!problems.isEmpty() || asked == null) {
            throw new InvalidInput(problems);
        }
        return asked;
    }

    private static @Nullable LocalDate date(@Nullable String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank() || value.length() > MOMENT_MAX) {
            problems.add(new FieldProblem(field, "transactions.date.invalid"));
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeException e) {
            problems.add(new FieldProblem(field, "transactions.date.invalid"));
            return null;
        }
    }

    private static @Nullable LocalDateTime time(@Nullable String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank() || value.length() > MOMENT_MAX) {
            problems.add(new FieldProblem(field, "transactions.time.invalid"));
            return null;
        }
        try {
            LocalDateTime time = LocalDateTime.parse(value.strip());
            if (time.getMinute() != 0 || time.getSecond() != 0 || time.getNano() != 0) {
                problems.add(new FieldProblem(field, "transactions.time.wholeHour"));
                return null;
            }
            return time;
        } catch (DateTimeException e) {
            problems.add(new FieldProblem(field, "transactions.time.invalid"));
            return null;
        }
    }

    private static int seats(@Nullable Integer seats, List<FieldProblem> problems) {
        if (seats == null) {
            return 1;
        }
        if (seats < 1 || seats > Listings.MAX_SEATS) {
            problems.add(new FieldProblem("seats", "transactions.seats.range", Listings.MAX_SEATS));
            return 1;
        }
        return seats;
    }

    /**
     * Refuses (422, naming the field) a request the listing's rules don't allow: in the past or inside
     * the advance notice, beyond the horizon, shorter or longer than allowed, more seats than it has.
     */
    static void checkRules(ListingView listing, ListingType type, Asked asked, LocalDate today) {
        List<FieldProblem> problems = new ArrayList<>();
        if (type.transaction().bookable() && asked.start() != null && asked.end() != null) {
            LocalDate first = today.plusDays(listing.rules().advanceNoticeDays());
            LocalDate start = asked.start().toLocalDate();
            if (start.isBefore(today)) {
                problems.add(new FieldProblem("start", "transactions.start.past"));
            } else if (start.isBefore(first)) {
                problems.add(new FieldProblem(
                        "start",
                        "transactions.start.advanceNotice",
                        listing.rules().advanceNoticeDays()));
            }
            if (asked.end().isAfter(today.plusDays(HORIZON_DAYS + 1).atStartOfDay())) {
                problems.add(new FieldProblem("end", "transactions.end.horizon", HORIZON_DAYS));
            }
            Integer min = listing.rules().minDuration();
            Integer max = listing.rules().maxDuration();
            String unit = type.transaction().unit();
            if (min != null && asked.units() < min) {
                problems.add(new FieldProblem("end", "transactions.duration.min." + unit, min));
            }
            if (max != null && asked.units() > max) {
                problems.add(new FieldProblem("end", "transactions.duration.max." + unit, max));
            }
            int seats = type.multipleSeats() ? listing.seats() : 1;
            if (asked.seats() > seats) {
                problems.add(new FieldProblem("seats", "transactions.seats.tooMany", seats));
            }
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalidState("transactions.rules", problems);
        }
    }

    /** The price of a checked request, line by line, and the terms of cancelling it. */
    static Quote quote(
            ListingView listing, TransactionKind kind, Asked asked, Commission commission, MessageSource messages) {
        Money price = listing.price();
        if (price == null) {
            throw Refusal.invalidState("transactions.notPriced");
        }
        List<LineItem> items = new ArrayList<>();
        long count = Math.multiplyExact(asked.units(), (long) asked.seats());
        Money units = price.times(count);
        items.add(
                new LineItem("units", unitsLabel(kind, asked, messages), count, price, units, "provider", "customer"));
        Money subtotal = units;
        for (ListingFee fee : listing.fees()) {
            items.add(new LineItem(
                    "fee." + fee.key(), fee.label(), 1, fee.amount(), fee.amount(), "provider", "customer"));
            subtotal = subtotal.plus(fee.amount());
        }
        return commissioned(
                listing.id(),
                kind,
                asked,
                items,
                subtotal,
                commission,
                messages,
                cancellation(listing, kind, asked),
                listing.timeZone());
    }

    /**
     * The price of a provider's offer in an inquiry: what they ask, once, with the marketplace's
     * commission and service fee; cancelled before it is delivered, it is given back in full.
     */
    static Quote offer(ListingView listing, Money price, Commission commission, MessageSource messages, ZoneId zone) {
        List<LineItem> items = new ArrayList<>();
        items.add(new LineItem(
                "offer",
                messages.getMessage("transactions.line.offer", null, Locale.ENGLISH),
                1,
                price,
                price,
                "provider",
                "customer"));
        return commissioned(
                listing.id(),
                TransactionKind.INQUIRY,
                new Asked(null, null, 1, 1, null),
                items,
                price,
                commission,
                messages,
                new Quote.Cancellation("offer", null, 100),
                zone);
    }

    /** Adds the marketplace's lines to a subtotal the customer pays the provider, and the totals. */
    private static Quote commissioned(
            java.util.UUID listingId,
            TransactionKind kind,
            Asked asked,
            List<LineItem> items,
            Money subtotal,
            Commission commission,
            MessageSource messages,
            Quote.Cancellation cancellation,
            ZoneId zone) {
        Money customerFee = percent(subtotal, commission.customerPercent());
        Money providerCommission = percent(subtotal, commission.providerPercent());
        Money minimum = commission.providerMinimum();
        if (minimum.currency().equals(subtotal.currency()) && providerCommission.amount() < minimum.amount()) {
            providerCommission = new Money(Math.min(minimum.amount(), subtotal.amount()), subtotal.currency());
        }
        if (customerFee.isPositive()) {
            items.add(new LineItem(
                    "commission.customer",
                    messages.getMessage("transactions.line.customerFee", null, Locale.ENGLISH),
                    1,
                    customerFee,
                    customerFee,
                    "marketplace",
                    "customer"));
        }
        if (providerCommission.isPositive()) {
            items.add(new LineItem(
                    "commission.provider",
                    messages.getMessage("transactions.line.providerCommission", null, Locale.ENGLISH),
                    1,
                    providerCommission,
                    providerCommission,
                    "marketplace",
                    "provider"));
        }
        return new Quote(
                listingId,
                kind,
                asked.start(),
                asked.end(),
                asked.seats(),
                asked.quantity(),
                asked.units(),
                items,
                subtotal.plus(customerFee),
                new Money(subtotal.amount() - providerCommission.amount(), subtotal.currency()),
                customerFee.plus(providerCommission),
                cancellation,
                zone);
    }

    private static String unitsLabel(TransactionKind kind, Asked asked, MessageSource messages) {
        Object[] args = {asked.units(), asked.seats()};
        String code = "transactions.line.units." + kind.unit() + (asked.seats() > 1 ? ".seats" : "");
        return messages.getMessage(code, args, Locale.ENGLISH);
    }

    static Money percent(Money of, BigDecimal percent) {
        long amount = BigDecimal.valueOf(of.amount())
                .multiply(percent)
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP)
                .longValueExact();
        return new Money(amount, of.currency());
    }

    private static Quote.Cancellation cancellation(ListingView listing, TransactionKind kind, Asked asked) {
        if (!kind.bookable() || asked.start() == null) {
            return new Quote.Cancellation("purchase", null, 100);
        }
        CancellationPolicy policy = listing.rules().cancellationPolicy();
        Instant start = asked.start().atZone(listing.timeZone()).toInstant();
        return new Quote.Cancellation(policy.key(), start.minus(notice(policy)), refundPercent(policy));
    }

    /** Flexible: everything back up to a day before; moderate: up to 5 days; strict: half up to 7 days. */
    static Duration notice(CancellationPolicy policy) {
        switch (policy) {
            case FLEXIBLE:
                return Duration.ofHours(24);
            case MODERATE:
                return Duration.ofDays(5);
            default:
                return Duration.ofDays(7);
        }
    }

    static int refundPercent(CancellationPolicy policy) {
        return policy == CancellationPolicy.STRICT ? 50 : 100;
    }

    /** What a customer who cancels at {@code now} gets back of what they paid. */
    static long refundOnCancel(Quote quote, long paid, Instant now) {
        Quote.Cancellation terms = quote.cancellation();
        if (terms.refundableUntil() != null && now.isAfter(terms.refundableUntil())) {
            return 0;
        }
        return BigDecimal.valueOf(paid)
                .multiply(BigDecimal.valueOf(terms.refundPercent()))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
