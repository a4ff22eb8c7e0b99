package dev.souk.marketplace.web;

import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's one way to delete something: a confirmation page with a plain form (works without
 * JavaScript); a refusal shows that page again with the reason and its status.
 *
 * @param section the console section the page belongs to, for its navigation
 * @param base the section's address, where the list is
 * @param messageKey the start of the section's texts, e.g. {@code admin.marketplace.category}
 */
record Deletion(String section, String base, String messageKey) {

    String confirm(Model model, String key, String name, @Nullable String failed) {
        model.addAttribute("section", section);
        model.addAttribute("question", messageKey + ".deleteQuestion");
        model.addAttribute("name", name);
        model.addAttribute("action", base + "/" + key + "/delete");
        model.addAttribute("back", base);
        if (failed != null) {
            model.addAttribute("failed", failed);
        }
        return "marketplace/admin-delete";
    }

    String delete(
            String key,
            String name,
            Runnable deletion,
            Model model,
            MessageSource messages,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            deletion.run();
        } catch (Refusal refusal) {
            response.setStatus(refusal.kind().status());
            return confirm(model, key, name, messages.getMessage(refusal.code(), refusal.args(), locale));
        }
        redirect.addFlashAttribute("saved", messageKey + ".deleted");
        return "redirect:" + base;
    }
}
