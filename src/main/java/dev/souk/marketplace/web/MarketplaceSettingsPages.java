package dev.souk.marketplace.web;

import dev.souk.marketplace.Marketplace;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator's marketplace settings and commission, one form at {@code /admin/marketplace}. */
@Controller
class MarketplaceSettingsPages {

    /** Read once: the JDK's zone list doesn't change while it runs. */
    private static final List<String> ZONES =
            ZoneId.getAvailableZoneIds().stream().sorted().toList();

    private final Marketplace marketplace;
    private final MessageSource messages;

    MarketplaceSettingsPages(Marketplace marketplace, MessageSource messages) {
        this.marketplace = marketplace;
        this.messages = messages;
    }

    @GetMapping("/admin/marketplace")
    String settings(Model model) {
        return form(model, SettingsForm.of(marketplace.config()), FormErrors.none());
    }

    @PostMapping("/admin/marketplace")
    String save(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String description,
            @RequestParam(defaultValue = "") String defaultCurrency,
            @RequestParam(defaultValue = "") String currencies,
            @RequestParam(defaultValue = "") String timeZone,
            @RequestParam(defaultValue = "false") boolean approvalRequired,
            @RequestParam(defaultValue = "") String providerPercent,
            @RequestParam(defaultValue = "") String providerMinimum,
            @RequestParam(defaultValue = "") String customerPercent,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        SettingsForm form = new SettingsForm(
                name,
                description,
                defaultCurrency,
                currencies,
                timeZone,
                approvalRequired,
                providerPercent,
                providerMinimum,
                customerPercent);
        try {
            SettingsForm.Parsed parsed = form.parse();
            marketplace.configure(parsed.settings(), parsed.commission());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return form(model, form, FormErrors.of(invalid, messages, locale));
        }
        redirect.addFlashAttribute("saved", "admin.marketplace.settings.saved");
        return "redirect:/admin/marketplace";
    }

    private String form(Model model, SettingsForm form, FormErrors errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("zones", ZONES);
        return "marketplace/admin-settings";
    }
}
