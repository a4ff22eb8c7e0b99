package dev.souk.search;

import dev.souk.search.SearchQuery.FieldFilter;
import dev.souk.search.SearchQuery.Sort;
import dev.souk.shared.Decimals;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * A search as URL parameters, the same for the API and the search page: {@code q}, {@code type},
 * {@code category}, {@code price_min}/{@code price_max} (minor units), {@code currency}, {@code lat}/{@code
 * lng}/{@code radius_km}, {@code bbox}, {@code start}/{@code end}, {@code seats}, {@code hours}, {@code
 * quantity}, {@code sort}, {@code limit}, {@code cursor} and {@code f.<fieldKey>}.
 */
final class SearchParameters {

    private SearchParameters() {}

    /** The query these parameters ask for; refuses every one that doesn't parse, by name. */
    static SearchQuery parse(MultiValueMap<String, String> all) {
        List<FieldProblem> problems = new ArrayList<>();
        @Nullable String lat = value(all, "lat");
        @Nullable String lng = value(all, "lng");
        @Nullable String radiusKm = value(all, "radius_km");
        @Nullable String bbox = value(all, "bbox");
        @Nullable String sort = value(all, "sort");
        @Nullable String limit = value(all, "limit");
        @Nullable String q = value(all, "q");
        @Nullable String type = value(all, "type");
        @Nullable String category = value(all, "category");
        @Nullable String priceMin = value(all, "price_min");
        @Nullable String priceMax = value(all, "price_max");
        @Nullable String currency = value(all, "currency");
        @Nullable String start = value(all, "start");
        @Nullable String end = value(all, "end");
        @Nullable String seats = value(all, "seats");
        @Nullable String hours = value(all, "hours");
        @Nullable String quantity = value(all, "quantity");
        @Nullable String cursor = value(all, "cursor");
        Params p = new Params(problems);
        Double latitude = p.decimal("lat", lat);
        Double longitude = p.decimal("lng", lng);
        Double radius = p.decimal("radius_km", radiusKm);
        SearchQuery.Near near = null;
        if (lat != null || lng != null) {
            if (lat == null) {
                problems.add(new FieldProblem("lat", "search.latitude"));
            } else if (lng == null) {
                problems.add(new FieldProblem("lng", "search.longitude"));
            } else if (latitude != null && longitude != null && (radiusKm == null || radius != null)) {
                near = new SearchQuery.Near(latitude, longitude, radius == null ? Search.DEFAULT_RADIUS_KM : radius);
            }
        } else if (radiusKm != null) {
            problems.add(new FieldProblem("radius_km", "search.radius", SearchQuery.MAX_RADIUS_KM));
        }
        SearchQuery.Box box = null;
        if (bbox != null) {
            String[] parts = bbox.split(",", -1);
            double[] values = new double[4];
            boolean valid = parts.length == 4;
            for (int i = 0; valid && i < 4; i++) {
                BigDecimal value = Decimals.parse(parts[i], 3, 12);
                valid = value != null;
                values[i] = valid ? value.doubleValue() : 0;
            }
            if (valid) {
                box = new SearchQuery.Box(values[0], values[1], values[2], values[3]);
            } else {
                problems.add(new FieldProblem("bbox", "search.bbox"));
            }
        }
        Sort order = null;
        if (sort != null && !sort.isBlank()) {
            try {
                order = Sort.valueOf(sort.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("sort", "search.sort"));
            }
        }
        Map<String, FieldFilter> fields = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> param : all.entrySet()) {
            String name = param.getKey();
            if (name.startsWith("f.")) {
                FieldFilter filter =
                        fieldFilter(param.getValue().get(param.getValue().size() - 1));
                if (filter == null || name.length() == 2) {
                    problems.add(new FieldProblem(name, "search.field.filter"));
                } else {
                    fields.put(name.substring(2), filter);
                }
            }
        }
        Integer pageSize = p.whole("limit", limit);
        SearchQuery query = new SearchQuery(
                q,
                blankToNull(type),
                blankToNull(category),
                fields,
                p.money("price_min", priceMin),
                p.money("price_max", priceMax),
                blankToNull(currency),
                near,
                box,
                p.date("start", start),
                p.date("end", end),
                p.whole("seats", seats),
                p.whole("hours", hours),
                p.whole("quantity", quantity),
                order,
                pageSize == null ? SearchQuery.DEFAULT_LIMIT : pageSize,
                blankToNull(cursor));
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return query;
    }

    private static @Nullable String value(MultiValueMap<String, String> all, String name) {
        String value = all.getFirst(name);
        return value == null || value.isBlank() ? null : value;
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

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Reads parameters sent as text, noting each one that doesn't parse. */
    private static final class Params {

        private final List<FieldProblem> problems;

        Params(List<FieldProblem> problems) {
            this.problems = problems;
        }

        @Nullable
        Double decimal(String name, @Nullable String value) {
            if (value == null || value.isBlank()) {
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
        Integer whole(String name, @Nullable String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return Integer.valueOf(value.strip());
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem(name, "search.number"));
                return null;
            }
        }

        @Nullable
        Long money(String name, @Nullable String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return Long.valueOf(value.strip());
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem(name, "search.number"));
                return null;
            }
        }

        @Nullable
        LocalDate date(String name, @Nullable String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem(name, "search.date"));
                return null;
            }
        }
    }
}
