package dev.souk.search;

import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.FieldType;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceConfig;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Money;
import dev.souk.shared.PageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The search page. The URL holds the whole query in the parameters the API reads too ({@link
 * SearchParameters}), so results can be shared and the back button works; its inputs use the spellings
 * made for typing: prices in whole units of the marketplace's currency ({@code price_from}, {@code
 * price_to}), a number field's bounds as two inputs ({@code f.<key>.min}, {@code f.<key>.max}) and
 * choices as repeated {@code f.<key>} checkboxes.
 */
@Controller
class SearchPages {

    private final Search search;
    private final SearchParameters parameters;
    private final Marketplace marketplace;
    private final MessageSource messages;

    SearchPages(Search search, SearchParameters parameters, Marketplace marketplace, MessageSource messages) {
        this.search = search;
        this.parameters = parameters;
        this.marketplace = marketplace;
        this.messages = messages;
    }

    @GetMapping("/search")
    String search(
            @RequestParam MultiValueMap<String, String> params,
            Locale locale,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        MarketplaceConfig config = marketplace.config();
        Currency currency = config.settings().defaultCurrency();
        MultiValueMap<String, String> form = cleaned(params);
        SearchResults results = SearchResults.empty();
        FormErrors errors = FormErrors.none();
        boolean timedOut = false;
        try {
            results = find(form);
        } catch (InvalidInput e) {
            // the page shows the search again with each error under its input, as a refused form does;
            // htmx swaps in only successful answers, so the filters it sends get theirs as a 200
            if (!"true".equals(request.getHeader("HX-Request"))) {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            }
            errors = FormErrors.of(underTheMap(e), messages, locale);
        } catch (SearchTimeout e) {
            timedOut = true;
        }
        String type = form.getFirst("type");
        String category = form.getFirst("category");
        model.addAttribute("config", config);
        model.addAttribute("form", form);
        model.addAttribute("q", Objects.requireNonNullElse(form.getFirst("q"), ""));
        model.addAttribute("currency", currency);
        model.addAttribute("filterFields", filterFields(config, type, category));
        model.addAttribute("results", results);
        model.addAttribute("errors", errors);
        model.addAttribute("timedOut", timedOut);
        model.addAttribute("chips", chips(form, config, locale, currency));
        model.addAttribute("categoryLinks", categoryLinks(form, config, results));
        model.addAttribute(
                "nextUrl", results.nextCursor() == null ? null : url(with(form, "cursor", results.nextCursor())));
        model.addAttribute("firstUrl", form.containsKey("cursor") ? url(without(form, "cursor")) : null);
        return "search/results";
    }

    /** A link with a stale or mangled cursor starts over at the first page. */
    private SearchResults find(MultiValueMap<String, String> form) {
        SearchQuery query = parameters.query(form);
        try {
            return search.find(query);
        } catch (InvalidInput e) {
            if (query.cursor() != null
                    && e.problems().stream().allMatch(p -> p.field().equals("cursor"))) {
                return find(without(form, "cursor"));
            }
            throw parameters.named(e, form);
        }
    }

    /** The parameters that mean something, without blanks, in a stable order for links. */
    private static MultiValueMap<String, String> cleaned(MultiValueMap<String, String> params) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        params.forEach((name, values) -> {
            if (name.length() > 100) {
                return;
            }
            Set<String> kept = new LinkedHashSet<>();
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    kept.add(value.strip());
                }
            }
            if (!kept.isEmpty()) {
                form.put(name, new ArrayList<>(kept));
            }
        });
        return form;
    }

    /** The origin of a "near" link has no inputs of its own: its problems show where the map's do. */
    private static InvalidInput underTheMap(InvalidInput invalid) {
        return new InvalidInput(invalid.problems().stream()
                .map(p -> switch (p.field()) {
                    case "lat", "lng", "radius_km" -> new InvalidInput.FieldProblem("bbox", p.code(), p.args());
                    default -> p;
                })
                .toList());
    }

    /**
     * The filterable fields that fit the chosen type or category; with neither, those every listing
     * may have.
     */
    private static List<CustomField> filterFields(
            MarketplaceConfig config, @Nullable String type, @Nullable String category) {
        Set<String> types = new LinkedHashSet<>();
        Set<String> categories = new LinkedHashSet<>();
        if (type != null && config.listingType(type).isPresent()) {
            types.add(type);
        }
        if (category != null) {
            config.category(category).ifPresent(c -> {
                categories.addAll(config.categoryWithChildren(c.key()));
                if (c.parentKey() != null) {
                    categories.add(c.parentKey());
                }
                if (types.isEmpty()) {
                    types.addAll(c.listingTypes());
                }
            });
        }
        return config.fields().stream()
                .filter(CustomField::filterable)
                .filter(f -> f.type().filterable())
                .filter(f ->
                        f.listingTypes().isEmpty() || f.listingTypes().stream().anyMatch(types::contains))
                .filter(f -> f.categories().isEmpty() || f.categories().stream().anyMatch(categories::contains))
                .toList();
    }

    private List<SearchLink> chips(
            MultiValueMap<String, String> form, MarketplaceConfig config, Locale locale, Currency currency) {
        List<SearchLink> chips = new ArrayList<>();
        String q = form.getFirst("q");
        if (q != null) {
            chips.add(new SearchLink("“" + q + "”", null, url(without(form, "q"))));
        }
        String type = form.getFirst("type");
        if (type != null) {
            chips.add(new SearchLink(
                    config.listingType(type).map(ListingType::name).orElse(type),
                    null,
                    url(without(form, "type", "category"))));
        }
        String category = form.getFirst("category");
        if (category != null) {
            chips.add(new SearchLink(
                    config.category(category).map(Category::name).orElse(category),
                    null,
                    url(without(form, "category"))));
        }
        String from = form.getFirst("price_from");
        String to = form.getFirst("price_to");
        if (from != null || to != null) {
            chips.add(new SearchLink(
                    priceLabel(locale, currency, from, to), null, url(without(form, "price_from", "price_to"))));
        }
        String start = form.getFirst("start");
        if (start != null) {
            chips.add(new SearchLink(
                    datesLabel(locale, start, form.getFirst("end")), null, url(without(form, "start", "end"))));
        }
        String seats = form.getFirst("seats");
        if (seats != null) {
            chips.add(new SearchLink(t(locale, "search.chip.seats", seats), null, url(without(form, "seats"))));
        }
        if (form.containsKey("bbox")) {
            chips.add(new SearchLink(t(locale, "search.chip.map"), null, url(without(form, "bbox"))));
        }
        if (form.containsKey("lat") || form.containsKey("lng")) {
            chips.add(new SearchLink(
                    t(locale, "search.chip.near", Objects.requireNonNullElse(form.getFirst("radius_km"), "25")),
                    null,
                    url(without(form, "lat", "lng", "radius_km"))));
        }
        for (CustomField field : config.fields()) {
            String name = "f." + field.key();
            List<String> values = form.get(name);
            String min = form.getFirst(name + ".min");
            String max = form.getFirst(name + ".max");
            if (values == null && min == null && max == null) {
                continue;
            }
            String label;
            if (field.type() == FieldType.BOOLEAN) {
                label = field.label() + ": "
                        + t(
                                locale,
                                "true".equals(values == null ? null : values.get(0)) ? "listings.yes" : "listings.no");
            } else if (values != null && (field.type() == FieldType.CHOICE || field.type() == FieldType.MULTI_CHOICE)) {
                label = field.label() + ": "
                        + values.stream()
                                .flatMap(v -> List.of(v.split(",")).stream())
                                .map(v -> field.choice(v)
                                        .map(CustomField.Choice::label)
                                        .orElse(v))
                                .collect(Collectors.joining(", "));
            } else if (values != null) {
                label = field.label() + ": " + String.join(", ", values);
            } else {
                label = field.label() + ": " + (min == null ? "" : min) + "–" + (max == null ? "" : max)
                        + (field.unit() == null ? "" : " " + field.unit());
            }
            chips.add(new SearchLink(label, null, url(without(form, name, name + ".min", name + ".max"))));
        }
        return chips;
    }

    private String t(Locale locale, String code, Object... args) {
        return messages.getMessage(code, args, code, locale);
    }

    private String priceLabel(Locale locale, Currency currency, @Nullable String from, @Nullable String to) {
        String low = from == null ? null : moneyLabel(locale, currency, from);
        String high = to == null ? null : moneyLabel(locale, currency, to);
        if (low != null && high != null) {
            return low + " – " + high;
        }
        return low != null ? t(locale, "search.chip.priceFrom", low) : t(locale, "search.chip.priceTo", high);
    }

    /** The amount as money, or as typed when it isn't one (the field's error says why). */
    private static String moneyLabel(Locale locale, Currency currency, String amount) {
        Long minor = SearchParameters.minorUnits(amount, currency);
        try {
            return minor == null ? amount : PageContext.money(Money.of(minor, currency.getCurrencyCode()), locale);
        } catch (IllegalArgumentException e) {
            return amount;
        }
    }

    private static String datesLabel(Locale locale, String start, @Nullable String end) {
        try {
            var format = java.time.format.DateTimeFormatter.ofPattern("EEE d MMM", locale);
            String first = LocalDate.parse(start).format(format);
            return end == null ? first : first + " – " + LocalDate.parse(end).format(format);
        } catch (DateTimeParseException e) {
            return end == null ? start : start + " – " + end;
        }
    }

    private static MultiValueMap<String, String> without(MultiValueMap<String, String> form, String... names) {
        MultiValueMap<String, String> rest = new LinkedMultiValueMap<>(form);
        for (String name : names) {
            rest.remove(name);
        }
        rest.remove("cursor");
        return rest;
    }

    private static MultiValueMap<String, String> with(MultiValueMap<String, String> form, String name, String value) {
        MultiValueMap<String, String> more = new LinkedMultiValueMap<>(form);
        more.set(name, value);
        return more;
    }

    static String url(MultiValueMap<String, String> params) {
        return UriComponentsBuilder.fromPath("/search")
                .queryParams(params)
                .encode()
                .build()
                .toUriString();
    }

    /** With no category chosen: the top-level categories that have results, to narrow down to. */
    private static List<SearchLink> categoryLinks(
            MultiValueMap<String, String> form, MarketplaceConfig config, SearchResults results) {
        Map<String, Long> counts = results.facets().getOrDefault("category", Map.of());
        if (form.containsKey("category")) {
            return List.of();
        }
        return config.topLevelCategories().stream()
                .filter(c -> counts.containsKey(c.key()))
                .map(c -> new SearchLink(c.name(), counts.get(c.key()), url(with(without(form), "category", c.key()))))
                .toList();
    }
}
