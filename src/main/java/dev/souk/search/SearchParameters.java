package dev.souk.search;

import dev.souk.marketplace.Marketplace;
import dev.souk.search.SearchQuery.FieldFilter;
import dev.souk.search.SearchQuery.Sort;
import dev.souk.shared.Decimals;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * A search as URL parameters, one vocabulary for the API and the search page: {@code q}, {@code type},
 * {@code category}, {@code price_min}/{@code price_max} (minor units) and {@code currency}, or {@code
 * price_from}/{@code price_to} (whole units of the marketplace's currency, as people type prices),
 * {@code lat}/{@code lng}/{@code radius_km}, {@code bbox}, {@code start}/{@code end}, {@code seats},
 * {@code hours}, {@code quantity}, {@code sort}, {@code limit}, {@code cursor}, and per custom field
 * {@code f.<key>} (repeated values are one list) or a number field's {@code f.<key>.min}/{@code
 * f.<key>.max}. Every problem is named by the parameter that carried it.
 */
@Component
public class SearchParameters {

    private final Marketplace marketplace;

    SearchParameters(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    /** The query these parameters ask for; refuses every one that doesn't parse, by name. */
    public SearchQuery query(MultiValueMap<String, String> all) {
        return read(all, marketplace.config().settings().defaultCurrency());
    }

    /** @param typedIn the currency of prices typed in whole units; without it they are refused */
    static SearchQuery read(MultiValueMap<String, String> all, @Nullable Currency typedIn) {
        List<FieldProblem> problems = new ArrayList<>();
        Params p = new Params(all, problems);
        SearchQuery.Near near = near(p, problems);
        SearchQuery.Box box = box(p.value("bbox"), problems);
        Sort order = null;
        String sort = p.value("sort");
        if (sort != null) {
            try {
                order = Sort.valueOf(sort.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("sort", "search.sort"));
            }
        }
        Long priceMin = p.money("price_min");
        Long priceMax = p.money("price_max");
        String currency = p.text("currency");
        if (typedPrices(all)) {
            if (typedIn == null) {
                problems.add(
                        new FieldProblem(all.containsKey("price_from") ? "price_from" : "price_to", "search.currency"));
            } else {
                priceMin = p.wholeUnits("price_from", typedIn, priceMin);
                priceMax = p.wholeUnits("price_to", typedIn, priceMax);
                currency = typedIn.getCurrencyCode();
            }
        }
        Integer pageSize = p.whole("limit");
        SearchQuery query = new SearchQuery(
                p.value("q"),
                p.text("type"),
                p.text("category"),
                fields(all, problems),
                priceMin,
                priceMax,
                currency,
                near,
                box,
                p.date("start"),
                p.date("end"),
                p.whole("seats"),
                p.whole("hours"),
                p.whole("quantity"),
                order,
                pageSize == null ? SearchQuery.DEFAULT_LIMIT : pageSize,
                p.text("cursor"));
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return query;
    }

    /**
     * The problems {@link Search#find} found with a query from these parameters, named by the ones that
     * carried them: a price typed in whole units is refused under its own name.
     */
    public InvalidInput named(InvalidInput refused, MultiValueMap<String, String> all) {
        if (!typedPrices(all)) {
            return refused;
        }
        return new InvalidInput(refused.problems().stream()
                .map(p -> switch (p.field()) {
                    case "price_min", "currency" -> new FieldProblem("price_from", p.code(), p.args());
                    case "price_max" -> new FieldProblem("price_to", p.code(), p.args());
                    default -> p;
                })
                .toList());
    }

    /** An amount typed in whole units of {@code currency}, in its minor units; null unless one. */
    static @Nullable Long minorUnits(String amount, Currency currency) {
        BigDecimal value = Decimals.parse(amount);
        if (value == null) {
            return null;
        }
        try {
            return value.movePointRight(Math.max(0, currency.getDefaultFractionDigits()))
                    .setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static boolean typedPrices(MultiValueMap<String, String> all) {
        return all.containsKey("price_from") || all.containsKey("price_to");
    }

    private static SearchQuery.@Nullable Near near(Params p, List<FieldProblem> problems) {
        String lat = p.value("lat");
        String lng = p.value("lng");
        String radiusKm = p.value("radius_km");
        Double latitude = p.decimal("lat");
        Double longitude = p.decimal("lng");
        Double radius = p.decimal("radius_km");
        if (lat != null || lng != null) {
            if (lat == null) {
                problems.add(new FieldProblem("lat", "search.latitude"));
            } else if (lng == null) {
                problems.add(new FieldProblem("lng", "search.longitude"));
            } else if (latitude != null && longitude != null && (radiusKm == null || radius != null)) {
                return new SearchQuery.Near(latitude, longitude, radius == null ? Search.DEFAULT_RADIUS_KM : radius);
            }
        } else if (radiusKm != null) {
            problems.add(new FieldProblem("radius_km", "search.radius", SearchQuery.MAX_RADIUS_KM));
        }
        return null;
    }

    private static SearchQuery.@Nullable Box box(@Nullable String bbox, List<FieldProblem> problems) {
        if (bbox == null) {
            return null;
        }
        String[] parts = bbox.split(",", -1);
        double[] values = new double[4];
        boolean valid = parts.length == 4;
        for (int i = 0; valid && i < 4; i++) {
            BigDecimal value = Decimals.parse(parts[i], 3, 12);
            valid = value != null;
            values[i] = valid ? value.doubleValue() : 0;
        }
        if (!valid) {
            problems.add(new FieldProblem("bbox", "search.bbox"));
            return null;
        }
        return new SearchQuery.Box(values[0], values[1], values[2], values[3]);
    }

    /** {@code f.<key>}, all its values one list; a number field's bounds as {@code f.<key>.min} and {@code .max}. */
    private static Map<String, FieldFilter> fields(MultiValueMap<String, String> all, List<FieldProblem> problems) {
        Map<String, String> filters = new LinkedHashMap<>();
        all.forEach((name, values) -> {
            if (!name.startsWith("f.")) {
                return;
            }
            boolean bound = name.endsWith(".min") || name.endsWith(".max");
            if (bound) {
                String field = name.substring(0, name.length() - 4);
                String min = all.getFirst(field + ".min");
                String max = all.getFirst(field + ".max");
                filters.put(field, (min == null ? "" : min.strip()) + ".." + (max == null ? "" : max.strip()));
            } else if (!bounded(all, name)) {
                filters.put(name, String.join(",", values));
            }
        });
        Map<String, FieldFilter> fields = new LinkedHashMap<>();
        filters.forEach((name, value) -> {
            FieldFilter filter = fieldFilter(value);
            if (filter == null || name.length() == 2) {
                problems.add(new FieldProblem(name, "search.field.filter"));
            } else {
                fields.put(name.substring(2), filter);
            }
        });
        return fields;
    }

    private static boolean bounded(MultiValueMap<String, String> all, String name) {
        return all.containsKey(name + ".min") || all.containsKey(name + ".max");
    }

    /** {@code red,blue}, {@code all:red,blue}, {@code 10..20}, {@code 10..}, {@code ..20}, {@code true}. */
    static @Nullable FieldFilter fieldFilter(String value) {
        String v = value.strip();
        if (v.equals("true") || v.equals("false")) {
            return new SearchQuery.Flag(Boolean.parseBoolean(v));
        }
        int dots = v.indexOf("..");
        if (dots >= 0) {
            String min = v.substring(0, dots).strip();
            String max = v.substring(dots + 2).strip();
            BigDecimal low = min.isEmpty() ? null : Decimals.parse(min);
            BigDecimal high = max.isEmpty() ? null : Decimals.parse(max);
            if (low == null && high == null || low == null && !min.isEmpty() || high == null && !max.isEmpty()) {
                return null;
            }
            return new SearchQuery.Range(low, high);
        }
        boolean allOf = v.startsWith("all:");
        List<String> choices = Arrays.stream((allOf ? v.substring(4) : v).split(","))
                .map(String::strip)
                .filter(c -> !c.isEmpty())
                .distinct()
                .toList();
        if (choices.isEmpty() || choices.size() > 50) {
            return null;
        }
        return allOf ? new SearchQuery.AllOf(choices) : new SearchQuery.AnyOf(choices);
    }

    /** Reads parameters sent as text, noting each one that doesn't parse under its name. */
    private record Params(MultiValueMap<String, String> all, List<FieldProblem> problems) {

        /** The first value, unless blank. */
        @Nullable
        String value(String name) {
            String value = all.getFirst(name);
            return value == null || value.isBlank() ? null : value;
        }

        @Nullable
        String text(String name) {
            String value = value(name);
            return value == null ? null : value.strip();
        }

        @Nullable
        Double decimal(String name) {
            String value = value(name);
            if (value == null) {
                return null;
            }
            BigDecimal number = Decimals.parse(value, 5, 12);
            if (number == null) {
                problems.add(new FieldProblem(name, "search.number"));
                return null;
            }
            return number.doubleValue();
        }

        @Nullable
        Integer whole(String name) {
            String value = text(name);
            if (value == null) {
                return null;
            }
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem(name, "search.number"));
                return null;
            }
        }

        @Nullable
        Long money(String name) {
            String value = text(name);
            if (value == null) {
                return null;
            }
            try {
                return Long.valueOf(value);
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem(name, "search.number"));
                return null;
            }
        }

        /** A price typed in whole units of {@code currency}, in minor units; else {@code otherwise}. */
        @Nullable
        Long wholeUnits(String name, Currency currency, @Nullable Long otherwise) {
            String value = text(name);
            if (value == null) {
                return otherwise;
            }
            Long minor = minorUnits(value, currency);
            if (minor == null) {
                problems.add(new FieldProblem(name, "search.number"));
            }
            return minor;
        }

        @Nullable
        LocalDate date(String name) {
            String value = text(name);
            if (value == null) {
                return null;
            }
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem(name, "search.date"));
                return null;
            }
        }
    }
}
