package dev.souk.notifications;

import dev.souk.accounts.SignedInMember;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The member's notifications page, the bell's live stream, the choice of mails among the account
 * settings, and the unsubscribe page every optional mail links to.
 */
@Controller
class NotificationPages {

    private static final int PAGE_SIZE = 20;

    private final Notifications notifications;
    private final Bell bell;

    NotificationPages(Notifications notifications, Bell bell) {
        this.notifications = notifications;
        this.bell = bell;
    }

    @GetMapping("/notifications")
    String list(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        model.addAttribute("notifications", notifications.page(me.id(), cursor, PAGE_SIZE));
        model.addAttribute("firstPage", cursor == null || cursor.isBlank());
        return "notifications/list";
    }

    /** Opens what the notification is about, and it is read. */
    @PostMapping("/notifications/{id}/open")
    String open(SignedInMember me, @PathVariable UUID id) {
        return "redirect:" + notifications.markRead(me.id(), id).link();
    }

    @PostMapping("/notifications/{id}/read")
    String read(SignedInMember me, @PathVariable UUID id) {
        notifications.markRead(me.id(), id);
        return "redirect:/notifications";
    }

    @PostMapping("/notifications/read")
    String readAll(SignedInMember me) {
        notifications.markAllRead(me.id());
        return "redirect:/notifications";
    }

    /** The bell's count, live: a server-sent event with the badge whenever it changes. */
    @GetMapping("/notifications/live")
    SseEmitter live(SignedInMember me, Locale locale, HttpServletResponse response) {
        // a buffering proxy would hold the events back
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        return bell.subscribe(me.id(), locale);
    }

    // --- the choice of mails ---------------------------------------------------------------------

    @GetMapping(Notifications.PREFERENCES_PATH)
    String preferences(SignedInMember me, Model model) {
        model.addAttribute("preferences", notifications.mailPreferences(me.id()));
        return "notifications/preferences";
    }

    /** @param mail the keys of the categories ticked */
    @PostMapping(Notifications.PREFERENCES_PATH)
    String savePreferences(
            SignedInMember me,
            @RequestParam(name = "mail", required = false) @Nullable List<String> mail,
            RedirectAttributes redirect) {
        notifications.setMailPreferences(me.id(), categories(mail));
        redirect.addFlashAttribute("saved", "notifications.preferences.saved");
        return "redirect:" + Notifications.PREFERENCES_PATH;
    }

    static Set<Category> categories(@Nullable List<String> keys) {
        Set<Category> chosen = EnumSet.noneOf(Category.class);
        if (keys == null) {
            return chosen;
        }
        if (keys.size() > Category.values().length) {
            throw InvalidInput.of("mail", "notifications.preferences.unknown");
        }
        for (String key : keys) {
            chosen.add(Category.ofKey(key)
                    .orElseThrow(() -> InvalidInput.of("mail", "notifications.preferences.unknown")));
        }
        return chosen;
    }

    // --- unsubscribe (no sign-in: the signed link is the permission) -----------------------------

    @GetMapping("/unsubscribe/{token}")
    String unsubscribePage(@PathVariable String token, Model model) {
        Notifications.Unsubscribing target = notifications
                .unsubscribing(token)
                .orElseThrow(() -> Refusal.notFound("notifications.unsubscribe.invalid"));
        model.addAttribute("category", target.category());
        model.addAttribute("token", token);
        model.addAttribute("done", false);
        return "notifications/unsubscribe";
    }

    /**
     * The one-click unsubscribe of RFC 8058: mail clients post {@code List-Unsubscribe=One-Click} here
     * without cookies or a CSRF token (the security configuration lets this path through); the same
     * answer serves the confirm button of the page above.
     */
    @PostMapping("/unsubscribe/{token}")
    String unsubscribe(@PathVariable String token, Model model) {
        Notifications.Unsubscribing target = notifications.unsubscribe(token);
        model.addAttribute("category", target.category());
        model.addAttribute("token", token);
        model.addAttribute("done", true);
        return "notifications/unsubscribe";
    }
}
