package dev.souk.messaging;

import dev.souk.accounts.SignedInMember;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's view of reported conversations under {@code /admin} (operators only, by the security
 * rules). Only reported conversations can be read here; the rest stay between their members.
 */
@Controller
class AdminConversationPages {

    private final Messaging messaging;

    AdminConversationPages(Messaging messaging) {
        this.messaging = messaging;
    }

    @GetMapping("/admin/conversations/reported")
    String reported(@RequestParam(defaultValue = "open") String status, Model model) {
        ReportStatus shown = "resolved".equals(status) ? ReportStatus.RESOLVED : ReportStatus.OPEN;
        model.addAttribute("status", shown);
        model.addAttribute("reports", messaging.reports(shown, 200));
        return "messaging/admin-reports";
    }

    @GetMapping("/admin/conversations/{id}")
    String conversation(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor, Model model) {
        ConversationView conversation = messaging.reportedConversation(id);
        MessagePage history = messaging.reportedMessages(id, cursor, 100);
        model.addAttribute("conversation", conversation);
        model.addAttribute("customer", messaging.member(conversation.customerId()));
        model.addAttribute("messages", MessagingPages.chronological(history.items()));
        model.addAttribute("olderCursor", history.nextCursor());
        model.addAttribute("reports", messaging.reportsOf(id));
        return "messaging/admin-conversation";
    }

    @PostMapping("/admin/conversations/reports/{reportId}/resolve")
    String resolve(
            SignedInMember operator,
            @PathVariable UUID reportId,
            @RequestParam(defaultValue = "/admin/conversations/reported") String back,
            RedirectAttributes redirect) {
        messaging.resolveReport(operator.id(), reportId);
        redirect.addFlashAttribute("notice", "messaging.admin.resolved");
        // only our own pages, never an address from elsewhere
        return "redirect:" + (back.startsWith("/admin/") ? back : "/admin/conversations/reported");
    }
}
