package dev.souk.search;

import dev.souk.marketplace.Marketplace;
import dev.souk.shared.InvalidInput;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The search page; the URL holds the whole query, so results can be shared and the back button works. */
@Controller
class SearchPages {

    private final Search search;
    private final Marketplace marketplace;

    SearchPages(Search search, Marketplace marketplace) {
        this.search = search;
        this.marketplace = marketplace;
    }

    @GetMapping("/search")
    String search(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable String cursor,
            Model model) {
        var config = marketplace.config();
        String known = category != null && config.category(category).isPresent() ? category : null;
        model.addAttribute("config", config);
        model.addAttribute("q", q.strip());
        model.addAttribute("category", known);
        SearchQuery query = SearchQuery.keywords(q, known).withCursor(cursor);
        SearchResults results;
        boolean timedOut = false;
        try {
            results = find(query);
        } catch (SearchTimeout e) {
            results = SearchResults.empty();
            timedOut = true;
        }
        model.addAttribute("results", results);
        model.addAttribute("timedOut", timedOut);
        return "search/results";
    }

    /** A link with a stale or mangled cursor starts over at the first page. */
    private SearchResults find(SearchQuery query) {
        try {
            return search.find(query);
        } catch (InvalidInput e) {
            return search.find(query.withCursor(null));
        }
    }
}
