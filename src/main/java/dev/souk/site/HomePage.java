package dev.souk.site;

import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomePage {

    static final int LATEST = 12;

    private final Marketplace marketplace;
    private final Listings listings;

    HomePage(Marketplace marketplace, Listings listings) {
        this.marketplace = marketplace;
        this.listings = listings;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("config", marketplace.config());
        model.addAttribute("latest", listings.latest(LATEST));
        return "site/home";
    }
}
