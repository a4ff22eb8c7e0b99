package dev.souk.marketplace.web;

import dev.souk.marketplace.Category;
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

/** The operator's two-level category tree under {@code /admin/marketplace/categories}. */
@Controller
class CategoryPages {

    static final String BASE = "/admin/marketplace/categories";
    private static final Deletion DELETION = new Deletion("categories", BASE, "admin.marketplace.category");

    private final Marketplace marketplace;
    private final MessageSource messages;

    CategoryPages(Marketplace marketplace, MessageSource messages) {
        this.marketplace = marketplace;
        this.messages = messages;
    }

    @GetMapping(BASE)
    String list(Model model) {
        model.addAttribute("config", marketplace.config());
        return "marketplace/admin-categories";
    }

    @GetMapping(BASE + "/new")
    String create(@RequestParam(defaultValue = "") String parent, Model model) {
        CategoryForm empty = CategoryForm.empty();
        var form = new CategoryForm(empty.key(), empty.name(), parent, empty.listingTypes(), empty.position());
        return form(model, form, false, FormErrors.none());
    }

    @PostMapping(BASE)
    String add(
            @RequestParam(defaultValue = "") String key,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String parentKey,
            @RequestParam(defaultValue = "") List<String> listingTypes,
            @RequestParam(defaultValue = "") String position,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var form = new CategoryForm(key, name, parentKey, FormInput.keys(listingTypes), position);
        try {
            marketplace.addCategory(form.parse());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return form(model, form, false, FormErrors.of(invalid, messages, locale));
        }
        redirect.addFlashAttribute("saved", "admin.marketplace.category.added");
        return "redirect:" + BASE;
    }

    @GetMapping(BASE + "/{key}")
    String edit(@PathVariable String key, Model model) {
        return form(model, CategoryForm.of(existing(key)), true, FormErrors.none());
    }

    @PostMapping(BASE + "/{key}")
    String save(
            @PathVariable String key,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String parentKey,
            @RequestParam(defaultValue = "") List<String> listingTypes,
            @RequestParam(defaultValue = "") String position,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        existing(key);
        var form = new CategoryForm(key, name, parentKey, FormInput.keys(listingTypes), position);
        try {
            marketplace.saveCategory(form.parse());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return form(model, form, true, FormErrors.of(invalid, messages, locale));
        }
        redirect.addFlashAttribute("saved", "admin.marketplace.category.saved");
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
                () -> marketplace.deleteCategory(key),
                model,
                messages,
                locale,
                response,
                redirect);
    }

    private Category existing(String key) {
        return marketplace.category(key).orElseThrow(() -> Refusal.notFound("marketplace.category.notFound"));
    }

    private String form(Model model, CategoryForm form, boolean editing, FormErrors errors) {
        model.addAttribute("config", marketplace.config());
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("errors", errors);
        return "marketplace/admin-category";
    }
}
