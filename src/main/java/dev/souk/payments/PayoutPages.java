package dev.souk.payments;

import dev.souk.accounts.SignedInMember;
import dev.souk.infra.SoukProperties;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Locale;
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
 * How a provider gets paid, at {@code /account/payouts}: the instructions customers of direct payments
 * follow, and, where the marketplace pays providers through Stripe, their Stripe account.
 */
@Controller
class PayoutPages {

    static final String PATH = "/account/payouts";

    private final Payments payments;
    private final MessageSource messages;
    private final String baseUrl;

    PayoutPages(Payments payments, MessageSource messages, SoukProperties properties) {
        this.payments = payments;
        this.messages = messages;
        this.baseUrl = properties.baseUrl().replaceAll("/+$", "");
    }

    /** @param stripe {@code done} when Stripe's onboarding sends the member back: its status is asked afresh */
    @GetMapping(PATH)
    String payouts(
            SignedInMember me, @RequestParam(required = false) @Nullable String stripe, Model model, Locale locale) {
        PayoutSettings settings;
        String warning = null;
        if ("done".equals(stripe)) {
            try {
                settings = payments.refreshStripeStatus(me.id());
            } catch (Refusal refusal) {
                settings = payments.payoutSettings(me.id());
                warning = text(refusal, locale);
            }
        } else {
            settings = payments.payoutSettings(me.id());
        }
        return form(model, settings, settings.method().key(), settings.instructions(), FormErrors.none(), warning);
    }

    @PostMapping(PATH)
    String save(
            SignedInMember me,
            @RequestParam(defaultValue = "") String method,
            @RequestParam(defaultValue = "") String instructions,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            PayoutSettings.Method chosen = PayoutSettings.Method.byKey(method)
                    .orElseThrow(() -> InvalidInput.of("method", "payments.method.invalid"));
            payments.updatePayoutSettings(me.id(), chosen, instructions);
        } catch (InvalidInput invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return form(
                    model,
                    payments.payoutSettings(me.id()),
                    method,
                    instructions,
                    FormErrors.of(invalid, messages, locale),
                    null);
        }
        redirect.addFlashAttribute("saved", "payments.payouts.saved");
        return "redirect:" + PATH;
    }

    /** Sends the member to Stripe's onboarding, creating their account first if they have none. */
    @PostMapping(PATH + "/stripe")
    String connect(SignedInMember me, Model model, Locale locale, HttpServletResponse response) {
        return toStripe(me, model, locale, response);
    }

    /** Where Stripe sends a member whose onboarding link ran out: a fresh link, once they have an account. */
    @GetMapping(PATH + "/stripe")
    String again(SignedInMember me, Model model, Locale locale, HttpServletResponse response) {
        if (payments.payoutSettings(me.id()).stripeAccount() == null) {
            return "redirect:" + PATH;
        }
        return toStripe(me, model, locale, response);
    }

    private String toStripe(SignedInMember me, Model model, Locale locale, HttpServletResponse response) {
        try {
            URI onboarding = payments.connectStripe(
                    me.id(), URI.create(baseUrl + PATH + "?stripe=done"), URI.create(baseUrl + PATH + "/stripe"));
            return "redirect:" + onboarding;
        } catch (Refusal refusal) {
            if (refusal.kind() != Refusal.Kind.UNAVAILABLE && refusal.kind() != Refusal.Kind.INVALID_STATE) {
                throw refusal;
            }
            response.setStatus(refusal.kind().status());
            if (refusal.retryAfter() != null) {
                response.setHeader(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(refusal.retryAfter().toSeconds()));
            }
            PayoutSettings settings = payments.payoutSettings(me.id());
            return form(
                    model,
                    settings,
                    settings.method().key(),
                    settings.instructions(),
                    FormErrors.none(),
                    text(refusal, locale));
        }
    }

    private String form(
            Model model,
            PayoutSettings settings,
            String method,
            String instructions,
            FormErrors errors,
            @Nullable String warning) {
        model.addAttribute("settings", settings);
        model.addAttribute("method", method);
        model.addAttribute("instructions", instructions);
        model.addAttribute("errors", errors);
        model.addAttribute("stripe", payments.connectsStripeAccounts());
        model.addAttribute("stripeGateway", payments.gateway() == Gateway.STRIPE_CONNECT);
        model.addAttribute("warning", warning);
        return "payments/payouts";
    }

    private String text(Refusal refusal, Locale locale) {
        return messages.getMessage(refusal.code(), refusal.args(), refusal.code(), locale);
    }
}
