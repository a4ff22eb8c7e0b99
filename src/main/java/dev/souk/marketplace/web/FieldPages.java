package dev.souk.marketplace.web;

import dev.souk.marketplace.CustomField;
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

/** The operator's custom fields under {@code /admin/marketplace/fields}. */
@Controller
class FieldPages {

    static final String BASE = "/admin/marketplace/fields";
    private static final Deletion DELETION = new Deletion("fields", BASE, "admin.marketplace.field");

    private final Marketplace marketplace;
    private final MessageSource messages;

    FieldPages(Marketplace marketplace, MessageSource messages) {
        this.marketplace = marketplace;
        this.messages = messages;
    }

    @GetMapping(BASE)
    String list(Model model) {
        model.addAttribute("config", marketplace.config());
        return "marketplace/admin-fields";
    }

    @GetMapping(BASE + "/new")
    String create(Model model) {
        return form(model, FieldForm.empty(), false, FormErrors.none());
    }

    @PostMapping(BASE)
    String add(
            @RequestParam(defaultValue = "") String key,
            @RequestParam(defaultValue = "") String label,
            @RequestParam(defaultValue = "") String type,
            @RequestParam(defaultValue = "") List<String> listingTypes,
            @RequestParam(defaultValue = "") List<String> categories,
            @RequestParam(defaultValue = "false") boolean required,
            @RequestParam(defaultValue = "false") boolean searchable,
            @RequestParam(defaultValue = "false") boolean filterable,
            @RequestParam(defaultValue = "") String choices,
            @RequestParam(defaultValue = "") String min,
            @RequestParam(defaultValue = "") String max,
            @RequestParam(defaultValue = "") String unit,
            @RequestParam(defaultValue = "") String position,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var form = new FieldForm(
                key,
                label,
                type,
                FormInput.keys(listingTypes),
                FormInput.keys(categories),
                required,
                searchable,
                filterable,
                choices,
                min,
                max,
                unit,
                position);
        try {
            marketplace.addField(form.parse());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return form(model, form, false, FormErrors.of(invalid, messages, locale));
        }
        redirect.addFlashAttribute("saved", "admin.marketplace.field.added");
        return "redirect:" + BASE;
    }

    @GetMapping(BASE + "/{key}")
    String edit(@PathVariable String key, Model model) {
        return form(model, FieldForm.of(existing(key)), true, FormErrors.none());
    }

    @PostMapping(BASE + "/{key}")
    String save(
            @PathVariable String key,
            @RequestParam(defaultValue = "") String label,
            @RequestParam(defaultValue = "") String type,
            @RequestParam(defaultValue = "") List<String> listingTypes,
            @RequestParam(defaultValue = "") List<String> categories,
            @RequestParam(defaultValue = "false") boolean required,
            @RequestParam(defaultValue = "false") boolean searchable,
            @RequestParam(defaultValue = "false") boolean filterable,
            @RequestParam(defaultValue = "") String choices,
            @RequestParam(defaultValue = "") String min,
            @RequestParam(defaultValue = "") String max,
            @RequestParam(defaultValue = "") String unit,
            @RequestParam(defaultValue = "") String position,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        existing(key);
        var form = new FieldForm(
                key,
                label,
                type,
                FormInput.keys(listingTypes),
                FormInput.keys(categories),
                required,
                searchable,
                filterable,
                choices,
                min,
                max,
                unit,
                position);
        try {
            marketplace.saveField(form.parse());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return form(model, form, true, FormErrors.of(invalid, messages, locale));
        }
        redirect.addFlashAttribute("saved", "admin.marketplace.field.saved");
        return "redirect:" + BASE;
    }

    @GetMapping(BASE + "/{key}/delete")
    String confirmDelete(@PathVariable String key, Model model) {
        return DELETION.confirm(model, key, existing(key).label(), null);
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
                existing(key).label(),
                () -> marketplace.deleteField(key),
                model,
                messages,
                locale,
                response,
                redirect);
    }

    private CustomField existing(String key) {
        return marketplace.config().field(key).orElseThrow(() -> Refusal.notFound("marketplace.field.notFound"));
    }

    private String form(Model model, FieldForm form, boolean editing, FormErrors errors) {
        model.addAttribute("config", marketplace.config());
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("errors", errors);
        return "marketplace/admin-field";
    }
}
