package dev.souk.search;

import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.FieldType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceConfig;
import dev.souk.search.SearchQuery.AllOf;
import dev.souk.search.SearchQuery.AnyOf;
import dev.souk.search.SearchQuery.FieldFilter;
import dev.souk.search.SearchQuery.Flag;
import dev.souk.search.SearchQuery.Range;
import dev.souk.search.SearchQuery.Sort;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks a query against the marketplace's catalogue and the limits of search, and works out its
 * {@link Plan}; refuses a bad one with {@link InvalidInput} naming the API's parameters.
 */
final class QueryCheck {

    static final int MAX_SEATS = 1000;
    static final int MAX_QUANTITY = 1_000_000;

    private final Marketplace marketplace;
    private final Clock clock;
    private final Cursors cursors;

    QueryCheck(Marketplace marketplace, Clock clock, Cursors cursors) {
        this.marketplace = marketplace;
        this.clock = clock;
        this.cursors = cursors;
    }

    Plan check(SearchQuery q) {
        MarketplaceConfig config = marketplace.config();
        List<FieldProblem> problems = new ArrayList<>();
        if (q.listingType() != null && config.listingType(q.listingType()).isEmpty()) {
            problems.add(new FieldProblem("type", "search.unknown.type"));
        }
        Category category = null;
        if (q.category() != null) {
            category = config.category(q.category()).orElse(null);
            if (category == null) {
                problems.add(new FieldProblem("category", "search.unknown.category"));
            }
        }
        Map<String, CustomField> fields = new LinkedHashMap<>();
        q.fields().forEach((key, filter) -> {
            String name = "f." + key;
            CustomField field = config.field(key)
                    .filter(f -> f.filterable() && f.type().filterable())
                    .orElse(null);
            if (field == null) {
                problems.add(new FieldProblem(name, "search.unknown.field"));
                return;
            }
            fields.put(key, field);
            checkFilter(field, filter, name, problems);
        });
        if (q.priceMin() != null && q.priceMin() < 0) {
            problems.add(new FieldProblem("price_min", "search.price.negative"));
        }
        if (q.priceMax() != null && q.priceMax() < 0) {
            problems.add(new FieldProblem("price_max", "search.price.negative"));
        }
        if (q.priceMin() != null && q.priceMax() != null && q.priceMin() > q.priceMax()) {
            problems.add(new FieldProblem("price_max", "search.range.inverted"));
        }
        if (q.currency() != null) {
            try {
                Currency.getInstance(q.currency());
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("currency", "search.currency"));
            }
        }
        if (q.near() != null) {
            if (!(q.near().latitude() >= -90 && q.near().latitude() <= 90)) {
                problems.add(new FieldProblem("lat", "search.latitude"));
            }
            if (!(q.near().longitude() >= -180 && q.near().longitude() <= 180)) {
                problems.add(new FieldProblem("lng", "search.longitude"));
            }
            if (!(q.near().radiusKm() > 0 && q.near().radiusKm() <= SearchQuery.MAX_RADIUS_KM)) {
                problems.add(new FieldProblem("radius_km", "search.radius", SearchQuery.MAX_RADIUS_KM));
            }
        }
        if (q.box() != null) {
            SearchQuery.Box b = q.box();
            boolean inBounds = b.minLongitude() >= -180
                    && b.maxLongitude() <= 180
                    && b.minLatitude() >= -90
                    && b.maxLatitude() <= 90;
            if (!inBounds || b.minLongitude() > b.maxLongitude() || b.minLatitude() > b.maxLatitude()) {
                problems.add(new FieldProblem("bbox", "search.bbox"));
            }
        }
        Plan.Dates dates = dates(q, problems);
        checkAtLeastOne("seats", q.seats(), MAX_SEATS, problems);
        checkAtLeastOne("hours", q.hours(), 24, problems);
        checkAtLeastOne("quantity", q.quantity(), MAX_QUANTITY, problems);
        if (q.limit() < 1 || q.limit() > SearchQuery.MAX_LIMIT) {
            problems.add(new FieldProblem("limit", "search.limit", SearchQuery.MAX_LIMIT));
        }
        List<String> words = words(q.text() == null ? "" : q.text());
        Sort sort = q.sort();
        if (sort == null || (sort == Sort.RELEVANCE && words.isEmpty())) {
            sort = words.isEmpty() ? Sort.NEWEST : Sort.RELEVANCE;
        }
        if (sort == Sort.DISTANCE && q.near() == null) {
            problems.add(new FieldProblem("sort", "search.sort.origin"));
        }
        Cursors.Position after = null;
        if (q.cursor() != null && !q.cursor().isBlank()) {
            after = cursors.read(q.cursor(), sort);
            if (after == null) {
                problems.add(new FieldProblem("cursor", "search.cursor"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return new Plan(q, words, sort, category, fields, dates, after);
    }

    private static void checkFilter(CustomField field, FieldFilter filter, String name, List<FieldProblem> problems) {
        FieldType type = field.type();
        List<String> choices = null;
        if (filter instanceof AnyOf) {
            choices = ((AnyOf) filter).choices();
        } else if (filter instanceof AllOf) {
            choices = ((AllOf) filter).choices();
        }
        if (choices != null) {
            if (!type.hasChoices() || choices.isEmpty()) {
                problems.add(new FieldProblem(name, "search.field.filter"));
            } else if (choices.stream().anyMatch(c -> field.choice(c).isEmpty())) {
                problems.add(new FieldProblem(name, "search.field.choice"));
            }
        } else if (filter instanceof Range) {
            Range range = (Range) filter;
            if (type != FieldType.NUMBER || (range.min() == null && range.max() == null)) {
                problems.add(new FieldProblem(name, "search.field.filter"));
            } else if (range.min() != null && range.max() != null && range.min().compareTo(range.max()) > 0) {
                problems.add(new FieldProblem(name, "search.range.inverted"));
            }
        } else if (filter instanceof Flag && type != FieldType.BOOLEAN) {
            problems.add(new FieldProblem(name, "search.field.filter"));
        }
    }

    private static void checkAtLeastOne(String name, @Nullable Integer value, int max, List<FieldProblem> problems) {
        if (value != null && (value < 1 || value > max)) {
            problems.add(new FieldProblem(name, "search.between", 1, max));
        }
    }

    /**
     * A start in the past is no error (nothing can be booked then, so nothing is found, whatever the
     * listing's time zone); a start or end beyond {@link Search#HORIZON_DAYS} is.
     */
    private Plan.@Nullable Dates dates(SearchQuery q, List<FieldProblem> problems) {
        LocalDate start = q.start();
        LocalDate end = q.end();
        if (start == null) {
            if (end != null) {
                problems.add(new FieldProblem("start", "validation.required"));
            }
            return null;
        }
        LocalDate horizon = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(Search.HORIZON_DAYS);
        int before = problems.size();
        if (start.isAfter(horizon)) {
            problems.add(new FieldProblem("start", "search.dates.horizon", Search.HORIZON_DAYS));
        }
        if (end != null) {
            if (!end.isAfter(start)) {
                problems.add(new FieldProblem("end", "search.dates.order"));
            } else if (ChronoUnit.DAYS.between(start, end) > Search.MAX_RANGE_DAYS) {
                problems.add(new FieldProblem("end", "search.dates.length", Search.MAX_RANGE_DAYS));
            } else if (end.isAfter(horizon.plusDays(1))) {
                problems.add(new FieldProblem("end", "search.dates.horizon", Search.HORIZON_DAYS));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        // nightly: check in on start, out on end (one night without end); daily, hourly: start..end inclusive
        return new Plan.Dates(start, end == null ? start : end.minusDays(1), end == null ? start : end);
    }

    /** Letters and digits only, so nothing the visitor types can change the query's syntax. */
    static List<String> words(String query) {
        return Arrays.stream(query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isBlank())
                .limit(12)
                .toList();
    }
}
