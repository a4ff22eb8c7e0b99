package dev.souk.marketplace.web;

import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator's listing types under {@code /admin/marketplace/listing-types}. */
@Controller
class ListingTypePages {

    static final String BASE = "/admin/marketplace/listing-types";
    private static final Deletion DELETION = new Deletion("listing-types", BASE, "admin.marketplace.listingType");

    private final Marketplace marketplace;
    private final MessageSource messages;

    ListingTypePages(Marketplace marketplace, MessageSource messages) {
        this.marketplace = marketplace;
        this.messages = messages;
    }

    @GetMapping(BASE)
    String list(Model model) {
        model.addAttribute("config", marketplace.config());
        return "marketplace/admin-listing-types";
    }

    @GetMapping(BASE + "/new")
    String create(Model model) {
        return form(model, ListingTypeForm.empty(), false, FormErrors.none());
    }

    @PostMapping(BASE)
    String add(
            @RequestParam(defaultValue = "") String key,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String transaction,
            @RequestParam(defaultValue = "false") boolean instantBook,
            @RequestParam(defaultValue = "false") boolean multipleSeats,
            @RequestParam(defaultValue = "") List<String> requires,
            @RequestParam(defaultValue = "") String position,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var form = new ListingTypeForm(
                key, name, transaction, instantBook, multipleSeats, FormInput.keys(requires), position);
        try {
            marketplace.addListingType(form.parse());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return form(model, form, false, FormErrors.of(invalid, messages, locale));
        }
        redirect.addFlashAttribute("saved", "admin.marketplace.listingType.added");
        return "redirect:" + BASE;
    }

    @GetMapping(BASE + "/{key}")
    String edit(@PathVariable String key, Model model) {
        return form(model, ListingTypeForm.of(existing(key)), true, FormErrors.none());
    }

    @PostMapping(BASE + "/{key}")
    String save(
            @PathVariable String key,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String transaction,
            @RequestParam(defaultValue = "false") boolean instantBook,
            @RequestParam(defaultValue = "false") boolean multipleSeats,
            @RequestParam(defaultValue = "") List<String> requires,
            @RequestParam(defaultValue = "") String position,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        existing(key);
        var form = new ListingTypeForm(
                key, name, transaction, instantBook, multipleSeats, FormInput.keys(requires), position);
        try {
            marketplace.saveListingType(form.parse());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return form(model, form, true, FormErrors.of(invalid, messages, locale));
        }
        redirect.addFlashAttribute("saved", "admin.marketplace.listingType.saved");
        return "redirect:" + BASE;
    }

    @GetMapping(BASE + "/{key}/delete")
    String confirmDelete(@PathVariable String key, Model model) {
        return DELETION.confirm(model, key, existing(key).name(), null);
    }

    @PostMapping(BASE + "/{key}/delete")
    String delete(
            @PathVariable String key,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return DELETION.delete(
                key,
                existing(key).name(),
                () -> marketplace.deleteListingType(key),
                model,
                messages,
                locale,
                response,
                redirect);
    }

    private ListingType existing(String key) {
        return marketplace.listingType(key).orElseThrow(() -> Refusal.notFound("marketplace.listingType.notFound"));
    }

    private String form(Model model, ListingTypeForm form, boolean editing, FormErrors errors) {
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("errors", errors);
        return "marketplace/admin-listing-type";
    }
}
