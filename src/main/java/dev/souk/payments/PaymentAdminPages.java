package dev.souk.payments;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberProfile;
import dev.souk.marketplace.Marketplace;
import dev.souk.payments.pages.CommissionForm;
import dev.souk.payments.pages.RevenueChart;
import dev.souk.shared.Decimals;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Money;
import dev.souk.shared.PageContext;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's payments console under {@code /admin} (operators only, by the security rules): the
 * gateway new payments go through, revenue by month, the commission providers owe on direct payments,
 * and the ledger check.
 */
@Controller
class PaymentAdminPages {

    /** Months of revenue the console shows. */
    static final int MONTHS = 12;

    private final Payments payments;
    private final Accounts accounts;
    private final Marketplace marketplace;
    private final MessageSource messages;
    private final JsonMapper json;
    private final Clock clock;

    PaymentAdminPages(
            Payments payments,
            Accounts accounts,
            Marketplace marketplace,
            MessageSource messages,
            JsonMapper json,
            Clock clock) {
        this.payments = payments;
        this.accounts = accounts;
        this.marketplace = marketplace;
        this.messages = messages;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/admin/payments")
    String console(Model model, Locale locale) {
        return console(model, locale, payments.gateway().key(), FormErrors.none(), null);
    }

    @PostMapping("/admin/payments/gateway")
    String chooseGateway(
            @RequestParam(defaultValue = "") String gateway,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            payments.chooseGateway(
                    Gateway.byKey(gateway).orElseThrow(() -> InvalidInput.of("gateway", "payments.gateway.unknown")));
        } catch (InvalidInput invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return console(model, locale, gateway, FormErrors.of(invalid, messages, locale), null);
        }
        redirect.addFlashAttribute("saved", messages.getMessage("payments.admin.gateway.saved", null, locale));
        return "redirect:/admin/payments";
    }

    /** The operator received commission a provider owed; more than they owe is refused next to the amount. */
    @PostMapping("/admin/payments/commission/{providerId}")
    String settle(
            @PathVariable UUID providerId,
            @RequestParam(defaultValue = "") String currency,
            @RequestParam(defaultValue = "") String amount,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Money money;
        try {
            money = money(amount, currency);
            payments.settleCommission(providerId, money);
        } catch (InvalidInput invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            FormErrors errors = FormErrors.of(invalid, messages, locale);
            return console(
                    model,
                    locale,
                    payments.gateway().key(),
                    FormErrors.none(),
                    form(providerId, currency, amount, errors));
        } catch (Refusal refusal) {
            FormErrors errors = FormErrors.refused("amount", refusal, messages, locale, response);
            return console(
                    model,
                    locale,
                    payments.gateway().key(),
                    FormErrors.none(),
                    form(providerId, currency, amount, errors));
        }
        redirect.addFlashAttribute(
                "saved",
                messages.getMessage(
                        "payments.admin.commission.recorded",
                        new Object[] {PageContext.money(money, locale), name(providerId, locale)},
                        locale));
        return "redirect:/admin/payments";
    }

    @GetMapping("/admin/ledger")
    String ledger(Model model) {
        model.addAttribute("check", payments.checkLedger());
        model.addAttribute("unanswered", payments.unansweredCalls());
        return "payments/admin-ledger";
    }

    private String console(
            Model model, Locale locale, String chosen, FormErrors gatewayErrors, @Nullable CommissionForm commission) {
        List<CommissionDebt> debts = payments.commissionDebts();
        Map<UUID, String> names = new LinkedHashMap<>();
        debts.stream().map(CommissionDebt::providerId).distinct().forEach(id -> names.put(id, name(id, locale)));
        model.addAttribute("gateway", payments.gateway());
        model.addAttribute("gateways", Arrays.asList(Gateway.values()));
        model.addAttribute("usable", payments.usableGateways());
        model.addAttribute("chosen", chosen);
        model.addAttribute("errors", gatewayErrors);
        model.addAttribute(
                "revenue",
                RevenueChart.of(
                        payments.revenueByMonth(MONTHS),
                        YearMonth.from(
                                clock.instant().atZone(marketplace.settings().timeZone())),
                        MONTHS,
                        locale,
                        json));
        model.addAttribute("debts", debts);
        model.addAttribute("names", names);
        model.addAttribute("commission", commission);
        if (commission != null
                && debts.stream()
                        .noneMatch(d -> commission.isFor(
                                d.providerId(), d.owed().currency().getCurrencyCode()))) {
            // no row to show it under (a made-up currency, a debt paid meanwhile): above the page
            model.addAttribute(
                    "failed", commission.errors().messages().values().iterator().next());
        }
        return "payments/admin-payments";
    }

    private static CommissionForm form(UUID providerId, String currency, String amount, FormErrors errors) {
        return new CommissionForm(providerId, currency, amount, errors);
    }

    private String name(UUID memberId, Locale locale) {
        return accounts.profile(memberId)
                .map(MemberProfile::displayName)
                .orElseGet(() -> messages.getMessage("payments.member.gone", null, locale));
    }

    /** An amount as the operator typed it ("24.50") in the minor units of the currency of the debt. */
    private static Money money(String amount, String currencyCode) {
        Currency currency;
        try {
            if (!currencyCode.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException(currencyCode);
            }
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException unknown) {
            throw InvalidInput.of("amount", "payments.currency.invalid");
        }
        BigDecimal major = Decimals.parse(amount);
        if (major == null) {
            throw InvalidInput.of("amount", "payments.amount.invalid");
        }
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        BigDecimal minor = major.movePointRight(digits).stripTrailingZeros();
        if (minor.scale() > 0) {
            throw InvalidInput.of("amount", "payments.amount.decimals", digits);
        }
        // at most 15 digits before the point and a currency's few after it: always within a long
        return new Money(minor.longValueExact(), currency);
    }
}
