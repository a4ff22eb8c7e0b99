package dev.souk.accounts;

import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The signed-in member's own settings under {@code /account}. */
@Controller
class SettingsPages {

    private final Accounts accounts;
    private final MessageSource messages;

    SettingsPages(Accounts accounts, MessageSource messages) {
        this.accounts = accounts;
        this.messages = messages;
    }

    @GetMapping("/account")
    String profile(SignedInMember me, Model model) {
        MemberAccount account = accounts.account(me.id()).orElseThrow();
        MemberProfile p = account.profile();
        return profileForm(model, account, new ProfileUpdate(p.displayName(), p.bio(), p.city()), FormErrors.none());
    }

    @PostMapping("/account/profile")
    String saveProfile(
            SignedInMember me,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String bio,
            @RequestParam(defaultValue = "") String city,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        ProfileUpdate update = new ProfileUpdate(displayName, bio, city);
        try {
            accounts.updateProfile(me.id(), update);
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return profileForm(
                    model, accounts.account(me.id()).orElseThrow(), update, FormErrors.of(invalid, messages, locale));
        }
        redirect.addFlashAttribute("saved", "settings.saved");
        return "redirect:/account";
    }

    @PostMapping("/account/avatar")
    String avatar(
            SignedInMember me,
            @RequestParam(name = "file", required = false) MultipartFile file,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect)
            throws IOException {
        MemberAccount account = accounts.account(me.id()).orElseThrow();
        MemberProfile p = account.profile();
        FormErrors errors;
        try (InputStream content = file == null ? InputStream.nullInputStream() : file.getInputStream()) {
            accounts.setAvatar(me.id(), content);
            redirect.addFlashAttribute("saved", "settings.avatar.saved");
            return "redirect:/account";
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            errors = FormErrors.of(invalid, messages, locale);
        } catch (Refusal refusal) {
            response.setStatus(refusal.kind().status());
            errors = FormErrors.of("file", messages.getMessage(refusal.code(), refusal.args(), refusal.code(), locale));
        }
        model.addAttribute("avatarErrors", errors);
        return profileForm(model, account, new ProfileUpdate(p.displayName(), p.bio(), p.city()), FormErrors.none());
    }

    private String profileForm(Model model, MemberAccount account, ProfileUpdate form, FormErrors errors) {
        model.addAttribute("account", account);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("section", "profile");
        return "accounts/settings-profile";
    }

    @GetMapping("/account/email")
    String emailForm(SignedInMember me, Model model) {
        return emailForm(model, accounts.account(me.id()).orElseThrow(), "", FormErrors.none(), false);
    }

    @PostMapping("/account/email")
    String changeEmail(
            SignedInMember me,
            @RequestParam(defaultValue = "") String newEmail,
            @RequestParam(defaultValue = "") String currentPassword,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response) {
        MemberAccount account = accounts.account(me.id()).orElseThrow();
        try {
            accounts.requestEmailChange(me.id(), newEmail, currentPassword, request.getRemoteAddr());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return emailForm(model, account, newEmail, FormErrors.of(invalid, messages, locale), false);
        } catch (Refusal refusal) {
            FormErrors errors = FormErrors.refused("newEmail", refusal, messages, locale, response);
            return emailForm(model, account, newEmail, errors, false);
        }
        return emailForm(model, account, newEmail.strip(), FormErrors.none(), true);
    }

    private String emailForm(Model model, MemberAccount account, String newEmail, FormErrors errors, boolean sent) {
        model.addAttribute("account", account);
        model.addAttribute("newEmail", newEmail);
        model.addAttribute("errors", errors);
        model.addAttribute("sent", sent);
        model.addAttribute("section", "email");
        return "accounts/settings-email";
    }

    @GetMapping("/account/password")
    String passwordForm(SignedInMember me, Model model) {
        return passwordForm(model, FormErrors.none());
    }

    @PostMapping("/account/password")
    String changePassword(
            SignedInMember me,
            @RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String newPassword,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            accounts.changePassword(
                    me.id(), currentPassword, newPassword, request.getSession().getId());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return passwordForm(model, FormErrors.of(invalid, messages, locale));
        }
        redirect.addFlashAttribute("saved", "settings.password.saved");
        return "redirect:/account/password";
    }

    private String passwordForm(Model model, FormErrors errors) {
        model.addAttribute("errors", errors);
        model.addAttribute("section", "password");
        return "accounts/settings-password";
    }

    @GetMapping("/account/security")
    String security(SignedInMember me, Model model) {
        model.addAttribute("tokens", accounts.apiTokens(me.id()));
        model.addAttribute("section", "security");
        return "accounts/settings-security";
    }

    @PostMapping("/account/security/tokens")
    String createToken(
            SignedInMember me,
            @RequestParam(defaultValue = "") String label,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        try {
            IssuedToken issued = accounts.issueApiToken(me.id(), label);
            model.addAttribute("issued", issued);
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            model.addAttribute("errors", FormErrors.of(invalid, messages, locale));
        } catch (Refusal refusal) {
            model.addAttribute("errors", FormErrors.refused("label", refusal, messages, locale, response));
        }
        return security(me, model);
    }

    @PostMapping("/account/security/tokens/{id}/revoke")
    String revokeToken(SignedInMember me, @PathVariable UUID id, RedirectAttributes redirect) {
        accounts.revokeApiToken(me.id(), id);
        redirect.addFlashAttribute("saved", "settings.security.revoked");
        return "redirect:/account/security";
    }

    @PostMapping("/account/security/sign-out-everywhere")
    String signOutEverywhere(SignedInMember me, HttpServletRequest request, RedirectAttributes redirect) {
        accounts.signOutOtherDevices(me.id(), request.getSession().getId());
        redirect.addFlashAttribute("saved", "settings.security.signedOutElsewhere");
        return "redirect:/account/security";
    }

    @GetMapping("/account/data")
    ResponseEntity<Map<String, Object>> download(SignedInMember me) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("souk-my-data.json")
                                .build()
                                .toString())
                .body(accounts.export(me.id()));
    }

    @GetMapping("/account/delete")
    String deleteForm(SignedInMember me, Model model) {
        model.addAttribute("errors", FormErrors.none());
        model.addAttribute("section", "delete");
        return "accounts/settings-delete";
    }

    @PostMapping("/account/delete")
    String delete(
            SignedInMember me,
            @RequestParam(defaultValue = "") String currentPassword,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response) {
        try {
            accounts.delete(me.id(), currentPassword);
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            model.addAttribute("errors", FormErrors.of(invalid, messages, locale));
            model.addAttribute("section", "delete");
            return "accounts/settings-delete";
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return "redirect:/?accountDeleted";
    }
}
