package dev.souk.search;

import dev.souk.marketplace.Marketplace;
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
        model.addAttribute("results", search.find(q, known, cursor));
        return "search/results";
    }
}
