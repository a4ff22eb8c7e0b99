package dev.souk.payments;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberProfile;
import dev.souk.accounts.SignedInMember;
import dev.souk.marketplace.Marketplace;
import dev.souk.shared.PageContext;
import dev.souk.shared.Refusal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A member's payments under {@code /account}: what they paid (receipts), what they earn as a provider,
 * and each payment on its own page, which only its customer and provider may see.
 */
@Controller
class PaymentPages {

    static final int PAGE_SIZE = 20;

    private final Payments payments;
    private final Accounts accounts;
    private final Marketplace marketplace;
    private final MessageSource messages;

    PaymentPages(Payments payments, Accounts accounts, Marketplace marketplace, MessageSource messages) {
        this.payments = payments;
        this.accounts = accounts;
        this.marketplace = marketplace;
        this.messages = messages;
    }

    @GetMapping("/account/payments")
    String receipts(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        PaymentPage page = payments.receipts(me.id(), cursor, PAGE_SIZE);
        model.addAttribute("payments", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("names", names(page.items(), PaymentView::providerId));
        return "payments/receipts";
    }

    @GetMapping("/account/earnings")
    String earnings(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        PaymentPage page = payments.earnings(me.id(), cursor, PAGE_SIZE);
        model.addAttribute("summary", payments.earningsSummary(me.id()));
        model.addAttribute("currency", marketplace.settings().defaultCurrency());
        model.addAttribute("payments", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("names", names(page.items(), PaymentView::customerId));
        return "payments/earnings";
    }

    /** One payment, for its customer or its provider; a 404 page for anyone else. */
    @GetMapping("/account/payments/{id}")
    String payment(SignedInMember me, @PathVariable UUID id, Model model) {
        PaymentView payment = payments.payment(me.id(), id);
        boolean provider = payment.providerId().equals(me.id());
        UUID other = provider ? payment.customerId() : payment.providerId();
        model.addAttribute("payment", payment);
        model.addAttribute("provider", provider);
        model.addAttribute(
                "other", accounts.profile(other).map(MemberProfile::displayName).orElse(null));
        model.addAttribute(
                "instructions",
                payment.gateway() == Gateway.DIRECT && !provider
                        ? payments.payoutSettings(payment.providerId()).instructions()
                        : "");
        return "payments/payment";
    }

    /**
     * The provider of a direct payment says the customer's money arrived. A second click (the state
     * moved on) is told so on the page it came from rather than on an error page.
     *
     * @param back {@code earnings} to return to the earnings list; the payment's page otherwise
     */
    @PostMapping("/account/payments/{id}/received")
    String received(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String back,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            PaymentView received = payments.markReceived(me.id(), id);
            redirect.addFlashAttribute(
                    "notice",
                    messages.getMessage(
                            "payments.received.done",
                            new Object[] {PageContext.money(received.fee(), locale)},
                            locale));
        } catch (Refusal refusal) {
            if (refusal.kind() != Refusal.Kind.INVALID_STATE) {
                throw refusal;
            }
            redirect.addFlashAttribute(
                    "failed", messages.getMessage(refusal.code(), refusal.args(), refusal.code(), locale));
        }
        return "redirect:" + ("earnings".equals(back) ? "/account/earnings" : "/account/payments/" + id);
    }

    /** The display names of the other members of these payments; members who left have none. */
    private Map<UUID, String> names(List<PaymentView> items, Function<PaymentView, UUID> member) {
        Map<UUID, String> names = new LinkedHashMap<>();
        items.stream()
                .map(member)
                .distinct()
                .forEach(id -> accounts.profile(id).ifPresent(p -> names.put(id, p.displayName())));
        return names;
    }
}
