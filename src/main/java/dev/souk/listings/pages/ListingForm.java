package dev.souk.listings.pages;

import dev.souk.listings.CancellationPolicy;
import dev.souk.listings.ListingDraft;
import dev.souk.listings.ListingView;
import dev.souk.listings.Location;
import dev.souk.listings.Rules;
import dev.souk.shared.Decimals;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * The edit form's values as typed, so a refused form shows them again.
 *
 * @param fields custom field values by key; several for multi-choice fields
 */
public record ListingForm(
        String title,
        String description,
        String price,
        String currency,
        String address,
        String latitude,
        String longitude,
        String timeZone,
        String seats,
        boolean instantBook,
        String minDuration,
        String maxDuration,
        String advanceNoticeDays,
        String cancellationPolicy,
        String houseRules,
        Map<String, List<String>> fields) {

    public static ListingForm of(ListingView l) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        l.fields()
                .forEach((key, value) -> fields.put(
                        key,
                        value instanceof List<?> list
                                ? list.stream().map(String::valueOf).toList()
                                : List.of(String.valueOf(value))));
        Rules r = l.rules();
        return new ListingForm(
                l.title(),
                l.description(),
                l.price() == null ? "" : l.price().decimal().toPlainString(),
                l.price() == null ? "" : l.price().currency().getCurrencyCode(),
                l.location() == null ? "" : l.location().address(),
                l.location() == null ? "" : String.valueOf(l.location().latitude()),
                l.location() == null ? "" : String.valueOf(l.location().longitude()),
                l.timeZone().getId(),
                String.valueOf(l.seats()),
                l.instantBook(),
                r.minDuration() == null ? "" : r.minDuration().toString(),
                r.maxDuration() == null ? "" : r.maxDuration().toString(),
                String.valueOf(r.advanceNoticeDays()),
                r.cancellationPolicy().key(),
                r.houseRules(),
                fields);
    }

    public static ListingForm of(MultiValueMap<String, String> p) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        p.forEach((name, values) -> {
            if (name.startsWith("field.")) {
                fields.put(
                        name.substring(6),
                        values.stream().filter(v -> !v.isBlank()).toList());
            }
        });
        return new ListingForm(
                text(p, "title"),
                text(p, "description"),
                text(p, "price"),
                text(p, "currency"),
                text(p, "address"),
                text(p, "latitude"),
                text(p, "longitude"),
                text(p, "timeZone"),
                text(p, "seats"),
                p.containsKey("instantBook"),
                text(p, "minDuration"),
                text(p, "maxDuration"),
                text(p, "advanceNoticeDays"),
                text(p, "cancellationPolicy"),
                text(p, "houseRules"),
                fields);
    }

    /** The form as a change of the listing; typing errors are refused together with the rest. */
    public ListingDraft draft(@Nullable Currency current) {
        List<FieldProblem> problems = new ArrayList<>();
        Money money = null;
        if (!price.isBlank()) {
            BigDecimal major = Decimals.parse(price);
            try {
                Currency c = Currency.getInstance(
                        currency.isBlank() && current != null ? current.getCurrencyCode() : currency);
                if (major == null) {
                    problems.add(new FieldProblem("price", "listings.price.invalid"));
                } else {
                    money = new Money(
                            major.movePointRight(Math.max(0, c.getDefaultFractionDigits()))
                                    .setScale(0, RoundingMode.HALF_UP)
                                    .longValueExact(),
                            c);
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                problems.add(new FieldProblem("price", "listings.price.invalid"));
            }
        }
        Location location = null;
        if (!latitude.isBlank() || !longitude.isBlank() || !address.isBlank()) {
            BigDecimal lat = Decimals.parse(latitude, 3, 12);
            BigDecimal lng = Decimals.parse(longitude, 3, 12);
            if (lat == null || lng == null) {
                problems.add(new FieldProblem("latitude", "listings.location.invalid"));
            } else {
                location = new Location(address, lat.doubleValue(), lng.doubleValue());
            }
        }
        Integer seatCount = integer(seats, "seats", problems);
        Integer min = integer(minDuration, "rules.minDuration", problems);
        Integer max = integer(maxDuration, "rules.maxDuration", problems);
        Integer notice = integer(advanceNoticeDays, "rules.advanceNoticeDays", problems);
        CancellationPolicy policy = CancellationPolicy.FLEXIBLE;
        if (!cancellationPolicy.isBlank()) {
            try {
                policy = CancellationPolicy.ofKey(cancellationPolicy);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("rules.cancellationPolicy", "listings.rules.policy"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        fields.forEach((key, list) -> values.put(key, list.size() == 1 ? list.get(0) : list));
        return new ListingDraft(
                null,
                null,
                title,
                description,
                values,
                money,
                location,
                timeZone.isBlank() ? null : timeZone,
                instantBook,
                seatCount,
                new Rules(min, max, notice == null ? 0 : notice, policy, houseRules));
    }

    /** The values of a custom field as the form shows them. */
    public List<String> values(String key) {
        return fields.getOrDefault(key, List.of());
    }

    public String value(String key) {
        List<String> values = values(key);
        return values.isEmpty() ? "" : values.get(0);
    }

    private static String text(MultiValueMap<String, String> p, String name) {
        String value = p.getFirst(name);
        return value == null ? "" : value;
    }

    private static @Nullable Integer integer(String text, String field, List<FieldProblem> problems) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "listings.number.invalid"));
            return null;
        }
    }
}
