package dev.souk.search;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * What a visitor looks for; every part is optional. {@link Search#find} checks it and refuses a bad
 * one with {@link dev.souk.shared.InvalidInput} naming the API's parameters ({@code price_min},
 * {@code f.<key>}, {@code radius_km}, ...).
 *
 * @param text keywords: every word must match (accents ignored, the last one as a prefix); close
 *     spellings of titles when nothing matches exactly
 * @param category a category key; a top-level one includes its children
 * @param fields filters on the operator's filterable fields, by field key
 * @param priceMin minor units, compared in each listing's own currency (or only {@code currency}'s)
 * @param near listings within a radius of a point, which is also the origin of {@code distanceKm}
 * @param start with {@code end}: nightly listings check in on {@code start} and out on {@code end};
 *     daily and hourly ones are booked every day from {@code start} to {@code end} inclusive. Without
 *     {@code end}: one night, one day
 * @param seats free seats needed on every day (with dates) or at most (without)
 * @param hours hourly listings open at least this many hours on each day
 * @param quantity purchase listings with at least this much stock
 * @param limit 1–100
 * @param cursor from a previous page's {@link SearchResults#nextCursor()}, for the same query
 */
public record SearchQuery(
        @Nullable String text,
        @Nullable String listingType,
        @Nullable String category,
        Map<String, FieldFilter> fields,
        @Nullable Long priceMin,
        @Nullable Long priceMax,
        @Nullable String currency,
        @Nullable Near near,
        @Nullable Box box,
        @Nullable LocalDate start,
        @Nullable LocalDate end,
        @Nullable Integer seats,
        @Nullable Integer hours,
        @Nullable Integer quantity,
        @Nullable Sort sort,
        int limit,
        @Nullable String cursor) {

    public static final int DEFAULT_LIMIT = 24;
    public static final int MAX_LIMIT = 100;
    public static final double MAX_RADIUS_KM = 500;

    public SearchQuery {
        fields = Map.copyOf(fields);
    }

    /**
     * What the API's URL parameters ask for; refuses bad ones by name. Prices typed in whole units need
     * the marketplace's currency: {@link SearchParameters#query}.
     */
    public static SearchQuery parse(MultiValueMap<String, String> parameters) {
        return SearchParameters.read(parameters, null);
    }

    /** Everything, newest first. */
    public static SearchQuery all() {
        return keywords(null, null);
    }

    /** Keywords in a category, as the search box and the category menu ask. */
    public static SearchQuery keywords(@Nullable String text, @Nullable String category) {
        return new SearchQuery(
                text,
                null,
                category,
                Map.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                DEFAULT_LIMIT,
                null);
    }

    public enum Sort {
        /** Best keyword matches first (title matches before others); the default with keywords. */
        RELEVANCE,
        /** Nearest first; needs {@link #near()}. */
        DISTANCE,
        /** Cheapest first; listings without a price are left out. */
        PRICE_ASC,
        PRICE_DESC,
        /** Most recently published first; the default without keywords. */
        NEWEST,
        /** Best rated first, listings without reviews last. */
        RATING
    }

    /** @param radiusKm more than 0, at most {@link #MAX_RADIUS_KM} */
    public record Near(double latitude, double longitude, double radiusKm) {}

    /** A map's visible area, in degrees. */
    public record Box(double minLongitude, double minLatitude, double maxLongitude, double maxLatitude) {}

    /** A filter on one custom field; which kinds apply depends on the field's type. */
    public sealed interface FieldFilter permits AnyOf, AllOf, Range, Flag {}

    /** Choice and multiChoice fields: at least one of these choices. */
    public record AnyOf(List<String> choices) implements FieldFilter {
        public AnyOf {
            choices = List.copyOf(choices);
        }
    }

    /** MultiChoice fields: all of these choices. */
    public record AllOf(List<String> choices) implements FieldFilter {
        public AllOf {
            choices = List.copyOf(choices);
        }
    }

    /** Number fields: within these bounds, inclusive; either may be open. */
    public record Range(@Nullable BigDecimal min, @Nullable BigDecimal max) implements FieldFilter {}

    /** Boolean fields. */
    public record Flag(boolean value) implements FieldFilter {}
}
