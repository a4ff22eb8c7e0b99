package dev.souk.listings.pages;

import dev.souk.listings.CancellationPolicy;
import dev.souk.listings.ListingDraft;
import dev.souk.listings.ListingFee;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
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
 * @param feeKeys the extra fees, one row each in these three lists (named as the form's inputs): the
 *     key of each fee the listing has, blank for a new one; rows left empty are dropped, so that a row's
 *     place is the one errors name ({@code fees[1].amount})
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
        Map<String, List<String>> fields,
        List<String> feeKeys,
        List<String> feeLabels,
        List<String> feeAmounts) {

    public ListingForm {
        feeKeys = List.copyOf(feeKeys);
        feeLabels = List.copyOf(feeLabels);
        feeAmounts = List.copyOf(feeAmounts);
    }

    /** One row of the fees as typed. */
    public record FeeRow(String key, String label, String amount) {}

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
                fields,
                l.fees().stream().map(ListingFee::key).toList(),
                l.fees().stream().map(ListingFee::label).toList(),
                l.fees().stream().map(f -> f.amount().decimal().toPlainString()).toList());
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
        List<String> keys = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> amounts = new ArrayList<>();
        List<String> givenKeys = p.getOrDefault("feeKeys", List.of());
        List<String> givenLabels = p.getOrDefault("feeLabels", List.of());
        List<String> givenAmounts = p.getOrDefault("feeAmounts", List.of());
        for (int i = 0; i < Math.max(givenLabels.size(), givenAmounts.size()); i++) {
            String label = i < givenLabels.size() ? givenLabels.get(i) : "";
            String amount = i < givenAmounts.size() ? givenAmounts.get(i) : "";
            if (!label.isBlank() || !amount.isBlank()) {
                keys.add(i < givenKeys.size() ? givenKeys.get(i) : "");
                labels.add(label);
                amounts.add(amount);
            }
        }
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
                fields,
                keys,
                labels,
                amounts);
    }

    /** The form as a change of the listing; typing errors are refused together with the rest. */
    public ListingDraft draft(@Nullable Currency current) {
        List<FieldProblem> problems = new ArrayList<>();
        Currency chosen = null;
        try {
            chosen = Currency.getInstance(currency.isBlank() && current != null ? current.getCurrencyCode() : currency);
        } catch (IllegalArgumentException e) {
            // refused below where an amount needs it
        }
        Money money = null;
        if (!price.isBlank()) {
            money = money(price, chosen);
            if (money == null) {
                problems.add(new FieldProblem("price", "listings.price.invalid"));
            }
        }
        List<ListingFee> fees = new ArrayList<>();
        if (feeLabels.size() > Listings.MAX_FEES) {
            problems.add(new FieldProblem("fees", "listings.fees.tooMany", Listings.MAX_FEES));
        } else {
            for (int i = 0; i < feeLabels.size(); i++) {
                Money amount = money(feeAmounts.get(i), chosen);
                if (amount == null) {
                    problems.add(new FieldProblem("fees[" + i + "].amount", "listings.fees.amount"));
                } else {
                    fees.add(new ListingFee(feeKeys.get(i), feeLabels.get(i), amount));
                }
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
                new Rules(min, max, notice == null ? 0 : notice, policy, houseRules),
                fees);
    }

    /** The rows of fees to show: those typed or stored, then empty ones up to the most a listing may have. */
    public List<FeeRow> feeRows() {
        List<FeeRow> rows = new ArrayList<>();
        for (int i = 0; i < Math.max(Listings.MAX_FEES, feeLabels.size()); i++) {
            rows.add(
                    i < feeLabels.size()
                            ? new FeeRow(feeKeys.get(i), feeLabels.get(i), feeAmounts.get(i))
                            : new FeeRow("", "", ""));
        }
        return rows;
    }

    /** An amount typed in major units (12.50), in minor units of the currency; null unless it is one. */
    private static @Nullable Money money(String typed, @Nullable Currency currency) {
        BigDecimal major = typed.isBlank() ? null : Decimals.parse(typed);
        if (major == null || currency == null) {
            return null;
        }
        try {
            return new Money(
                    major.movePointRight(Math.max(0, currency.getDefaultFractionDigits()))
                            .setScale(0, RoundingMode.HALF_UP)
                            .longValueExact(),
                    currency);
        } catch (ArithmeticException e) {
            return null;
        }
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
