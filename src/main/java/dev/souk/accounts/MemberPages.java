package dev.souk.accounts;

import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import java.util.Locale;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Public member profiles, and the operator's member list with suspension. */
@Controller
class MemberPages {

    private static final int PAGE_SIZE = 50;

    private final Accounts accounts;
    private final MessageSource messages;
    private final ObjectProvider<MemberRatings> ratings;

    MemberPages(Accounts accounts, MessageSource messages, ObjectProvider<MemberRatings> ratings) {
        this.accounts = accounts;
        this.messages = messages;
        this.ratings = ratings;
    }

    @GetMapping("/members/{id}")
    String profile(@PathVariable UUID id, Model model) {
        MemberProfile profile = accounts.profile(id).orElseThrow(() -> Refusal.notFound("accounts.unknownMember"));
        model.addAttribute("profile", profile);
        MemberRatings rated = ratings.getIfAvailable();
        model.addAttribute("rating", rated == null ? null : rated.of(id).orElse(null));
        return "accounts/member";
    }

    @GetMapping("/admin/members")
    String members(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page, Model model) {
        int from = Math.max(0, page);
        var members = accounts.members(q, PAGE_SIZE + 1, from * PAGE_SIZE);
        model.addAttribute("members", members.subList(0, Math.min(PAGE_SIZE, members.size())));
        model.addAttribute("hasMore", members.size() > PAGE_SIZE);
        model.addAttribute("pageNumber", from);
        model.addAttribute("filter", q.strip());
        model.addAttribute("errors", FormErrors.none());
        return "accounts/admin-members";
    }

    @PostMapping("/admin/members/{id}/suspend")
    String suspend(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String reason,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            accounts.suspend(id, reason);
            redirect.addFlashAttribute("saved", "admin.members.suspended");
        } catch (InvalidInput invalid) {
            redirect.addFlashAttribute(
                    "failed", FormErrors.of(invalid, messages, locale).message("reason"));
        }
        return "redirect:/admin/members";
    }

    @PostMapping("/admin/members/{id}/reinstate")
    String reinstate(@PathVariable UUID id, RedirectAttributes redirect) {
        accounts.reinstate(id);
        redirect.addFlashAttribute("saved", "admin.members.reinstated");
        return "redirect:/admin/members";
    }
}
