package dev.souk.accounts;

import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Joining and signing in: sign-up, email verification, sign-in, forgotten password. */
@Controller
class AccountPages {

    private final Accounts accounts;
    private final MessageSource messages;
    private final PageSignIn signIns;

    AccountPages(Accounts accounts, MessageSource messages, PageSignIn signIns) {
        this.accounts = accounts;
        this.messages = messages;
        this.signIns = signIns;
    }

    @GetMapping("/sign-up")
    String signUpForm(Model model) {
        model.addAttribute("form", new SignUp("", "", ""));
        model.addAttribute("errors", FormErrors.none());
        return "accounts/sign-up";
    }

    @PostMapping("/sign-up")
    String signUp(
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String displayName,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response) {
        FormErrors errors;
        try {
            accounts.signUp(new SignUp(email, password, displayName), request.getRemoteAddr());
            model.addAttribute("email", email.strip());
            return "accounts/sign-up-sent";
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            errors = FormErrors.of(invalid, messages, locale);
        } catch (Refusal refusal) {
            errors = FormErrors.refused("email", refusal, messages, locale, response);
        }
        model.addAttribute("form", new SignUp(email, "", displayName));
        model.addAttribute("errors", errors);
        return "accounts/sign-up";
    }

    @GetMapping("/verify-email")
    String verifyForm(@RequestParam(defaultValue = "") String token, Model model) {
        // a button, not the link itself, verifies: mail scanners that open links must not use them up
        model.addAttribute("token", token);
        return "accounts/verify-email";
    }

    @PostMapping("/verify-email")
    String verify(@RequestParam(defaultValue = "") String token, Model model, HttpServletResponse response) {
        try {
            accounts.verifyEmail(token);
            model.addAttribute("verified", true);
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            model.addAttribute("verified", false);
        }
        return "accounts/verified";
    }

    @GetMapping("/verify-email/resend")
    String resendForm(Model model) {
        model.addAttribute("sent", false);
        model.addAttribute(
                "email",
                SignedInMember.current()
                        .flatMap(me -> accounts.account(me.id()))
                        .map(MemberAccount::email)
                        .orElse(""));
        model.addAttribute("errors", FormErrors.none());
        return "accounts/resend-verification";
    }

    @PostMapping("/verify-email/resend")
    String resend(
            @RequestParam(defaultValue = "") String email,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response) {
        FormErrors errors = FormErrors.none();
        try {
            accounts.resendVerification(email, request.getRemoteAddr());
        } catch (Refusal refusal) {
            errors = FormErrors.refused("email", refusal, messages, locale, response);
        }
        model.addAttribute("sent", !errors.any());
        model.addAttribute("email", email.strip());
        model.addAttribute("errors", errors);
        return "accounts/resend-verification";
    }

    @GetMapping("/sign-in")
    String signInForm(HttpServletRequest request, Model model) {
        model.addAttribute("email", "");
        model.addAttribute(
                "notice", request.getParameter("passwordReset") != null ? "accounts.signIn.afterReset" : null);
        model.addAttribute("errors", FormErrors.none());
        return "accounts/sign-in";
    }

    @PostMapping("/sign-in")
    String signIn(
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String password,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response) {
        Member member;
        try {
            member = accounts.authenticate(email, password, request.getRemoteAddr());
        } catch (WrongCredentials wrong) {
            return signInRefused(model, email, "accounts.signIn.wrong", new Object[0], 401, locale, response);
        } catch (Refusal refusal) {
            if (refusal.retryAfter() != null) {
                response.setHeader(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(Math.max(1, refusal.retryAfter().toSeconds())));
            }
            return signInRefused(
                    model, email, refusal.code(), refusal.args(), refusal.kind().status(), locale, response);
        }
        return "redirect:" + signIns.passwordAccepted(member, request, response);
    }

    private String signInRefused(
            Model model,
            String email,
            String code,
            Object[] args,
            int status,
            Locale locale,
            HttpServletResponse response) {
        response.setStatus(status);
        model.addAttribute("email", email.strip());
        model.addAttribute("notice", null);
        model.addAttribute("errors", FormErrors.of("password", messages.getMessage(code, args, code, locale)));
        return "accounts/sign-in";
    }

    @GetMapping("/forgot-password")
    String forgotForm(Model model) {
        model.addAttribute("sent", false);
        model.addAttribute("email", "");
        model.addAttribute("errors", FormErrors.none());
        return "accounts/forgot-password";
    }

    @PostMapping("/forgot-password")
    String forgot(
            @RequestParam(defaultValue = "") String email,
            Model model,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response) {
        FormErrors errors = FormErrors.none();
        try {
            accounts.requestPasswordReset(email, request.getRemoteAddr());
        } catch (Refusal refusal) {
            errors = FormErrors.refused("email", refusal, messages, locale, response);
        }
        model.addAttribute("sent", !errors.any());
        model.addAttribute("email", email.strip());
        model.addAttribute("errors", errors);
        return "accounts/forgot-password";
    }

    @GetMapping("/reset-password")
    String resetForm(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("errors", FormErrors.none());
        return "accounts/reset-password";
    }

    @PostMapping("/reset-password")
    String reset(
            @RequestParam(defaultValue = "") String token,
            @RequestParam(defaultValue = "") String newPassword,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        try {
            accounts.resetPassword(token, newPassword);
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            model.addAttribute("token", token);
            model.addAttribute("errors", FormErrors.of(invalid, messages, locale));
            return "accounts/reset-password";
        }
        return "redirect:/sign-in?passwordReset";
    }

    @GetMapping("/confirm-email")
    String confirmEmailForm(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token);
        return "accounts/confirm-email";
    }

    @PostMapping("/confirm-email")
    String confirmEmail(@RequestParam(defaultValue = "") String token, Model model, HttpServletResponse response) {
        try {
            accounts.confirmEmailChange(token);
            model.addAttribute("confirmed", true);
        } catch (InvalidInput | Refusal failed) {
            response.setStatus(400);
            model.addAttribute("confirmed", false);
        }
        return "accounts/email-confirmed";
    }
}
