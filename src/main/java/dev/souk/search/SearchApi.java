package dev.souk.search;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/listings}: search, open to everyone. One listing by id is the listings module's. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Search", description = "Finding published listings by keywords, filters, place and dates")
class SearchApi {

    private final Search search;
    private final SearchParameters parameters;
    private final MessageSource messages;

    SearchApi(Search search, SearchParameters parameters, MessageSource messages) {
        this.search = search;
        this.parameters = parameters;
        this.messages = messages;
    }

    record MoneyJson(long amount, String currency) {}

    record LocationJson(
            @Nullable String address,
            @Nullable Double latitude,
            @Nullable Double longitude) {}

    record RatingJson(@Nullable Double average, int count) {}

    /** An item of a search page (the API description's SearchPage): a listing card. */
    record CardJson(
            UUID id,
            String title,
            String listingType,
            String category,
            @Nullable MoneyJson price,
            @Nullable String unit,
            LocationJson location,
            @Nullable String thumbnailUrl,
            RatingJson rating,
            @Nullable Double distanceKm) {

        static CardJson of(SearchHit hit) {
            return new CardJson(
                    hit.id(),
                    hit.title(),
                    hit.listingType(),
                    hit.category(),
                    hit.price() == null
                            ? null
                            : new MoneyJson(
                                    hit.price().amount(), hit.price().currency().getCurrencyCode()),
                    hit.unit(),
                    new LocationJson(hit.address(), hit.latitude(), hit.longitude()),
                    hit.thumbnailUrl(),
                    new RatingJson(hit.rating(), hit.ratingCount()),
                    hit.distanceKm() == null ? null : Math.round(hit.distanceKm() * 1000) / 1000.0);
        }
    }

    record PageJson(
            List<CardJson> items,
            @Nullable String nextCursor,
            @Nullable Long total,
            boolean totalIsEstimate,
            Map<String, Map<String, Long>> facets) {}

    @GetMapping("/listings")
    @Operation(summary = "Search published listings", description = """
                    Every parameter is optional. Keywords match every word (accents ignored, the last word as a \
                    prefix), with close spellings of titles when nothing matches exactly; keyword results are \
                    ranked among the first 1,000 matches, title matches first. `total` is exact up to 10,000 \
                    matches, beyond that 10,000 with `totalIsEstimate`; `facets` count categories (a child's \
                    listings also count for its parent) and the choices of filterable choice fields over the same \
                    first 10,001 matches. Later pages (with `cursor`) carry neither: `total` is null. The total and \
                    facets of a search with more than one page may be reused for the same parameters for a short \
                    while (30 s by default); the items are always current.

                    Custom field filters: `f.<fieldKey>=red,blue` (any of), `f.<fieldKey>=all:red,blue` (all of), \
                    `f.<fieldKey>=10..20`, `10..` or `..20` (number range, inclusive), `f.<fieldKey>=true`.

                    Dates: nightly listings check in on `start` and out on `end`; daily and hourly ones are booked \
                    every day from `start` to `end` inclusive; without `end`, one night or one day. A listing \
                    matches when it has `seats` (default 1) free on every one of those days, the length is within \
                    its minimum and maximum, and `start` respects its advance notice in its own time zone. A \
                    `start` in the past finds nothing; dates more than 366 days ahead are refused.

                    Bad parameters are a 400 problem naming each parameter; a search the database gives up on \
                    (too broad for its time limit) is a 503.""")
    @ApiResponse(responseCode = "200", description = "A page of listing cards")
    @ApiResponse(responseCode = "503", description = "The search took too long: narrow it, or retry after Retry-After")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "keywords", schema = @Schema(type = "string"))
    @Parameter(
            name = "type",
            in = ParameterIn.QUERY,
            description = "listing type key",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "category",
            in = ParameterIn.QUERY,
            description = "category key; a top-level one includes its children",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "price_min",
            in = ParameterIn.QUERY,
            description = "lowest price, in minor units of each listing's currency",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "price_max",
            in = ParameterIn.QUERY,
            description = "highest price, in minor units",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "currency",
            in = ParameterIn.QUERY,
            description = "only listings priced in this currency (ISO 4217)",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "lat",
            in = ParameterIn.QUERY,
            description = "latitude of the origin (with lng)",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "lng",
            in = ParameterIn.QUERY,
            description = "longitude of the origin (with lat)",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "radius_km",
            in = ParameterIn.QUERY,
            description = "great-circle radius around lat/lng, >0 to 500 km; default 25",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "bbox",
            in = ParameterIn.QUERY,
            description = "minLng,minLat,maxLng,maxLat",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "start",
            in = ParameterIn.QUERY,
            description = "YYYY-MM-DD: check-in, or first day",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "end",
            in = ParameterIn.QUERY,
            description = "YYYY-MM-DD: check-out, or last day; after start",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "seats",
            in = ParameterIn.QUERY,
            description = "free seats needed, 1–1000",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "hours",
            in = ParameterIn.QUERY,
            description = "hourly listings open at least this many hours on each day, 1–24",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "quantity",
            in = ParameterIn.QUERY,
            description = "purchase listings with at least this much stock",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "sort",
            in = ParameterIn.QUERY,
            description =
                    "relevance (default with q), distance (needs lat/lng), price_asc, price_desc (priced listings only), newest (default without q), rating",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "limit",
            in = ParameterIn.QUERY,
            description = "1–100, default 24",
            schema = @Schema(type = "string"))
    @Parameter(
            name = "cursor",
            in = ParameterIn.QUERY,
            description = "nextCursor of the previous page, with the same parameters",
            schema = @Schema(type = "string"))
    ResponseEntity<PageJson> find(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> all) {
        SearchResults results;
        SearchQuery query = parameters.query(all);
        try {
            results = search.find(query);
        } catch (InvalidInput e) {
            throw parameters.named(e, all);
        }
        return ResponseEntity.ok(new PageJson(
                results.items().stream().map(CardJson::of).toList(),
                results.nextCursor(),
                results.total() < 0 ? null : results.total(),
                results.totalIsEstimate(),
                results.facets()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> timedOut(SearchTimeout e, Locale locale) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                messages.getMessage("search.timeout.api", null, "The search took too long.", locale));
        problem.setType(ProblemTypes.of("search-timeout"));
        problem.setTitle("Search timed out");
        problem.setProperty("code", "search.timeout");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1")
                .body(problem);
    }
}
