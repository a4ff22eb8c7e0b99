package dev.souk.notifications.webhooks;

import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator's webhook pages under {@code /admin} (operators only, by the security rules). */
@Controller
class WebhookAdminPages {

    private final Webhooks webhooks;
    private final MessageSource messages;

    WebhookAdminPages(Webhooks webhooks, MessageSource messages) {
        this.webhooks = webhooks;
        this.messages = messages;
    }

    @GetMapping("/admin/webhooks")
    String list(Model model) {
        return list(model, EndpointForm.empty(), FormErrors.none());
    }

    @PostMapping("/admin/webhooks")
    String create(
            @RequestParam(defaultValue = "") String url,
            @RequestParam(defaultValue = "") String description,
            @RequestParam(name = "events", required = false) @Nullable List<String> events,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        List<String> chosen = events == null ? List.of() : events;
        Webhooks.Created created;
        try {
            created = webhooks.create(url, chosen, description);
        } catch (InvalidInput invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return list(model, new EndpointForm(url, description, chosen), FormErrors.of(invalid, messages, locale));
        }
        // shown right in the answer, never kept in the session; the endpoint's page shows it again
        model.addAttribute("saved", messages.getMessage("webhooks.admin.created", null, locale));
        return endpoint(created.endpoint().id(), created.secret(), model);
    }

    @GetMapping("/admin/webhooks/{id}")
    String endpoint(@PathVariable UUID id, Model model) {
        return endpoint(id, null, model);
    }

    @PostMapping("/admin/webhooks/{id}/secret")
    String secret(@PathVariable UUID id, Model model) {
        return endpoint(id, webhooks.secret(id), model);
    }

    @PostMapping("/admin/webhooks/{id}/pause")
    String pause(@PathVariable UUID id, Locale locale, RedirectAttributes redirect) {
        webhooks.pause(id);
        return back(id, "webhooks.admin.paused", locale, redirect);
    }

    @PostMapping("/admin/webhooks/{id}/resume")
    String resume(@PathVariable UUID id, Locale locale, RedirectAttributes redirect) {
        webhooks.resume(id);
        return back(id, "webhooks.admin.resumed", locale, redirect);
    }

    @PostMapping("/admin/webhooks/{id}/delete")
    String delete(@PathVariable UUID id, Locale locale, RedirectAttributes redirect) {
        webhooks.delete(id);
        redirect.addFlashAttribute("saved", messages.getMessage("webhooks.admin.deleted", null, locale));
        return "redirect:/admin/webhooks";
    }

    @PostMapping("/admin/webhooks/{id}/deliveries/{deliveryId}/resend")
    String resend(@PathVariable UUID id, @PathVariable UUID deliveryId, Locale locale, RedirectAttributes redirect) {
        webhooks.resend(id, deliveryId);
        return back(id, "webhooks.admin.resent", locale, redirect);
    }

    private String list(Model model, EndpointForm form, FormErrors errors) {
        model.addAttribute("endpoints", webhooks.endpoints());
        model.addAttribute("banner", webhooks.anyPausedForFailing());
        model.addAttribute("types", List.of(EventType.values()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "webhooks/admin-list";
    }

    private String endpoint(UUID id, @Nullable String secret, Model model) {
        model.addAttribute("endpoint", webhooks.endpoint(id));
        model.addAttribute("deliveries", webhooks.deliveries(id));
        model.addAttribute("secret", secret);
        return "webhooks/admin-endpoint";
    }

    private String back(UUID id, String notice, Locale locale, RedirectAttributes redirect) {
        redirect.addFlashAttribute("saved", messages.getMessage(notice, null, locale));
        return "redirect:/admin/webhooks/" + id;
    }
}
