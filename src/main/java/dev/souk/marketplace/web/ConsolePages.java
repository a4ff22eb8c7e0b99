package dev.souk.marketplace.web;

import dev.souk.marketplace.Marketplace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The operator console's landing page: one card per thing an operator looks after. It lives here
 * until an admin module gathers the console (its texts are in this module's bundle).
 */
@Controller
class ConsolePages {

    private final Marketplace marketplace;

    ConsolePages(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    @GetMapping("/admin")
    String console(Model model) {
        model.addAttribute("config", marketplace.config());
        return "marketplace/admin-console";
    }
}
