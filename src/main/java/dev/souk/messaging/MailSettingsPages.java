package dev.souk.messaging;

import dev.souk.accounts.SignedInMember;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The member's choice of message mails, among the account settings; every message mail links here. */
@Controller
class MailSettingsPages {

    static final String PATH = "/account/notifications";

    private final Messaging messaging;

    MailSettingsPages(Messaging messaging) {
        this.messaging = messaging;
    }

    @GetMapping(PATH)
    String settings(SignedInMember me, Model model) {
        model.addAttribute("messageEmails", messaging.messageEmails(me.id()));
        return "messaging/settings-notifications";
    }

    /** @param messageEmails the checkbox: present when ticked */
    @PostMapping(PATH)
    String save(SignedInMember me, @RequestParam(required = false) String messageEmails, RedirectAttributes redirect) {
        messaging.setMessageEmails(me.id(), messageEmails != null);
        redirect.addFlashAttribute("saved", "messaging.settings.saved");
        return "redirect:" + PATH;
    }
}
