package dev.souk.accounts;

import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Two-step verification on pages: the second step of signing in ({@code /sign-in/second-factor}) and
 * its settings ({@code /account/two-factor}): turning it on with a QR code, recovery codes, turning it
 * off.
 */
@Controller
class TwoFactorPages {

    private final Accounts accounts;
    private final SecondFactors secondFactors;
    private final PageSignIn signIns;
    private final MessageSource messages;

    TwoFactorPages(Accounts accounts, SecondFactors secondFactors, PageSignIn signIns, MessageSource messages) {
        this.accounts = accounts;
        this.secondFactors = secondFactors;
        this.signIns = signIns;
        this.messages = messages;
    }

    // --- signing in ------------------------------------------------------------------------------

    @GetMapping("/sign-in/second-factor")
    String codeForm(HttpServletRequest request, Model model) {
        if (signIns.waiting(request) == null) {
            return "redirect:/sign-in";
        }
        model.addAttribute("errors", FormErrors.none());
        return "accounts/sign-in-second-factor";
    }

    @PostMapping("/sign-in/second-factor")
    String code(
            @RequestParam(defaultValue = "") String code,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response) {
        UUID waiting = signIns.waiting(request);
        if (waiting == null) {
            return "redirect:/sign-in";
        }
        SecondFactors.Answer answer;
        try {
            answer = secondFactors.answer(waiting, code, request.getRemoteAddr());
        } catch (Refusal refusal) {
            if (refusal.retryAfter() != null) {
                response.setHeader(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(Math.max(1, refusal.retryAfter().toSeconds())));
            }
            response.setStatus(refusal.kind().status());
            model.addAttribute("errors", FormErrors.of("code", text(refusal.code(), locale, refusal.args())));
            return "accounts/sign-in-second-factor";
        }
        if (answer instanceof SecondFactors.Answer.Passed passed) {
            return "redirect:" + signIns.secondFactorAccepted(passed.member(), passed.remember(), request, response);
        }
        response.setStatus(401);
        if (answer instanceof SecondFactors.Answer.Wrong wrong) {
            model.addAttribute(
                    "errors", FormErrors.of("code", text("secondFactor.wrong", locale, wrong.attemptsLeft())));
            return "accounts/sign-in-second-factor";
        }
        signIns.stopWaiting(request);
        model.addAttribute("email", "");
        model.addAttribute("notice", null);
        model.addAttribute("errors", FormErrors.of("password", text("secondFactor.over", locale)));
        return "accounts/sign-in";
    }

    // --- settings --------------------------------------------------------------------------------

    @GetMapping("/account/two-factor")
    String settings(SignedInMember me, Model model) {
        return settingsPage(me, model, null);
    }

    @PostMapping("/account/two-factor")
    String enable(
            SignedInMember me,
            @RequestParam(defaultValue = "") String code,
            @RequestParam(defaultValue = "") String currentPassword,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response) {
        List<String> recoveryCodes;
        try {
            recoveryCodes = secondFactors.enable(
                    me.id(), currentPassword, code, request.getSession().getId());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            model.addAttribute("enableErrors", FormErrors.of(invalid, messages, locale));
            return settingsPage(me, model, null);
        }
        signIns.renew(accounts.activeMember(me.id()), request, response);
        model.addAttribute("saved", "settings.twoFactor.enabled");
        return settingsPage(me, model, recoveryCodes);
    }

    @PostMapping("/account/two-factor/recovery-codes")
    String newRecoveryCodes(
            SignedInMember me,
            @RequestParam(defaultValue = "") String password,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        List<String> recoveryCodes;
        try {
            recoveryCodes = secondFactors.newRecoveryCodes(me.id(), password);
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            // the form's field is "password": "currentPassword" is the turning-off form's, on the same page
            model.addAttribute(
                    "codesErrors",
                    FormErrors.of(
                            "password", FormErrors.of(invalid, messages, locale).message("currentPassword")));
            return settingsPage(me, model, null);
        }
        model.addAttribute("saved", "settings.twoFactor.codes.made");
        return settingsPage(me, model, recoveryCodes);
    }

    @PostMapping("/account/two-factor/disable")
    String disable(
            SignedInMember me,
            @RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String code,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            secondFactors.disable(
                    me.id(),
                    currentPassword,
                    code,
                    request.getRemoteAddr(),
                    request.getSession().getId());
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            model.addAttribute("disableErrors", FormErrors.of(invalid, messages, locale));
            return settingsPage(me, model, null);
        } catch (Refusal refusal) {
            response.setStatus(refusal.kind().status());
            model.addAttribute("disableErrors", FormErrors.of("code", text(refusal.code(), locale, refusal.args())));
            return settingsPage(me, model, null);
        }
        signIns.renew(accounts.activeMember(me.id()), request, response);
        redirect.addFlashAttribute("saved", "settings.twoFactor.disabled");
        return "redirect:/account/two-factor";
    }

    private String settingsPage(SignedInMember me, Model model, @Nullable List<String> recoveryCodes) {
        SecondFactors.Status status = secondFactors.status(me.id());
        boolean operator = accounts.activeMember(me.id()).roles().contains(Role.OPERATOR);
        model.addAttribute("on", status.on());
        model.addAttribute("since", status.since());
        model.addAttribute("recoveryCodesLeft", status.recoveryCodesLeft());
        model.addAttribute("recoveryCodes", recoveryCodes);
        model.addAttribute("operator", operator);
        if (!status.on()) {
            SecondFactors.Enrolment enrolment = secondFactors.enrolment(me.id());
            // in groups of four, as apps show keys
            model.addAttribute("secret", enrolment.secret().replaceAll("(.{4})(?!$)", "$1 "));
            model.addAttribute("qrCode", enrolment.qrCode());
        }
        return "accounts/settings-two-factor";
    }

    private String text(String code, Locale locale, Object... args) {
        return messages.getMessage(code, args, code, locale);
    }
}
