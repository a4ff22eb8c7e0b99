package dev.souk.site;

import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.reviews.Reviews;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomePage {

    static final int LATEST = 12;

    private final Marketplace marketplace;
    private final Listings listings;
    private final Reviews reviews;

    HomePage(Marketplace marketplace, Listings listings, Reviews reviews) {
        this.marketplace = marketplace;
        this.listings = listings;
        this.reviews = reviews;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("config", marketplace.config());
        List<ListingView> latest = listings.latest(LATEST);
        model.addAttribute("latest", latest);
        model.addAttribute(
                "ratings",
                reviews.listingRatings(latest.stream().map(ListingView::id).toList()));
        return "site/home";
    }
}
