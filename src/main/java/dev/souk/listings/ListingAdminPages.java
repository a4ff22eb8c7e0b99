package dev.souk.listings;

import dev.souk.shared.InvalidInput;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator's listing moderation under {@code /admin/listings} (operators only, by the security rules). */
@Controller
class ListingAdminPages {

    private final Listings listings;

    ListingAdminPages(Listings listings) {
        this.listings = listings;
    }

    @GetMapping("/admin/listings")
    String list(Model model) {
        model.addAttribute("listings", listings.forModeration(200));
        return "listings/admin";
    }

    @PostMapping("/admin/listings/{id}/approve")
    String approve(@PathVariable UUID id, RedirectAttributes redirect) {
        listings.approve(id);
        redirect.addFlashAttribute("notice", "listings.admin.approved");
        return "redirect:/admin/listings";
    }

    @PostMapping("/admin/listings/{id}/reject")
    String reject(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        try {
            listings.reject(id, reason);
            redirect.addFlashAttribute("notice", "listings.admin.rejected");
        } catch (InvalidInput invalid) {
            redirect.addFlashAttribute("notice", "listings.admin.reasonNeeded");
        }
        return "redirect:/admin/listings";
    }

    @PostMapping("/admin/listings/{id}/close")
    String close(@PathVariable UUID id, RedirectAttributes redirect) {
        listings.closeAsOperator(id);
        redirect.addFlashAttribute("notice", "listings.admin.closed");
        return "redirect:/admin/listings";
    }
}
