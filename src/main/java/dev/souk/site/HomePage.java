package dev.souk.site;

import dev.souk.marketplace.Marketplace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomePage {

    private final Marketplace marketplace;

    HomePage(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("settings", marketplace.settings());
        return "site/home";
    }
}
