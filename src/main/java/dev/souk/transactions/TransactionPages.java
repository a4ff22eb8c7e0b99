package dev.souk.transactions;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.accounts.SignedInMember;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import dev.souk.messaging.MessageView;
import dev.souk.messaging.Messaging;
import dev.souk.payments.PaymentState;
import dev.souk.shared.Decimals;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import dev.souk.shared.PageContext;
import dev.souk.shared.Refusal;
import dev.souk.transactions.pages.TransitionForm;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
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

/**
 * One transaction's page: its timeline, its status as the viewer's role reads it, the recent messages
 * of its conversation, and the forms of the transitions the viewer may take now. Forms work without
 * JavaScript; htmx only saves reloads.
 */
@Controller
class TransactionPages {

    /** Messages of the conversation shown on a transaction's page; the rest is a link away. */
    private static final int RECENT_MESSAGES = 3;

    /** How often a page the checkout sent the customer back to asks for itself (every 2 s) before it stops. */
    private static final int RETURN_POLLS = 30;

    private final Transactions transactions;
    private final Listings listings;
    private final Marketplace marketplace;
    private final Accounts accounts;
    private final Messaging messaging;
    private final MessageSource messages;
    private final DealWords words;

    TransactionPages(
            Transactions transactions,
            Listings listings,
            Marketplace marketplace,
            Accounts accounts,
            Messaging messaging,
            MessageSource messages,
            DealWords words) {
        this.transactions = transactions;
        this.listings = listings;
        this.marketplace = marketplace;
        this.accounts = accounts;
        this.messaging = messaging;
        this.messages = messages;
        this.words = words;
    }

    // --- one transaction -------------------------------------------------------------------------

    /**
     * One transaction.
     *
     * @param returned how many times the page has asked for itself since the customer came back from the
     *     checkout (the gateway's answer may come a moment after them); 0 otherwise
     */
    @GetMapping("/transactions/{id}")
    String transaction(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "0") int returned,
            Model model,
            Locale locale) {
        TransactionView t = transactions.transaction(me.id(), operator(me), id);
        model.addAttribute("returned", Math.max(0, Math.min(returned, RETURN_POLLS + 1)));
        return transactionPage(me, t, null, "", "", "", FormErrors.none(), null, model, locale);
    }

    @PostMapping("/transactions/{id}/transitions")
    String take(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String message,
            @RequestParam(required = false) @Nullable String refund,
            @RequestParam(required = false) @Nullable String price,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        boolean operator = operator(me);
        TransactionView before = transactions.transaction(me.id(), operator, id);
        Map<String, String> params = new LinkedHashMap<>();
        if (!message.isBlank()) {
            params.put("message", message);
        }
        String typedRefund = refund == null ? "" : refund;
        String typedPrice = price == null ? "" : price;
        try {
            if (refund != null) {
                params.put("refund", Long.toString(minorUnits(refund, before)));
            }
            if (price != null) {
                params.put("price", Long.toString(offerUnits(price)));
            }
            transactions.take(me.id(), operator, id, name, params);
        } catch (InvalidInput invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            TransactionView now = transactions.transaction(me.id(), operator, id);
            return transactionPage(
                    me,
                    now,
                    name,
                    message,
                    typedRefund,
                    typedPrice,
                    formErrors(invalid, now, locale),
                    null,
                    model,
                    locale);
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            response.setStatus(refusal.kind().status());
            TransactionView now = transactions.transaction(me.id(), operator, id);
            String failed = String.join(" ", words.worded(refusal, locale));
            return transactionPage(me, now, null, "", "", "", FormErrors.none(), failed, model, locale);
        }
        redirect.addFlashAttribute(
                "notice",
                messages.getMessage(
                        "transactions.done." + safe(name),
                        null,
                        messages.getMessage("transactions.done", null, locale),
                        locale));
        return "redirect:/transactions/" + id;
    }

    /**
     * The transaction as this viewer sees it; after a refused form, that form again with its errors
     * under its fields and what was typed in them.
     */
    private String transactionPage(
            SignedInMember me,
            TransactionView t,
            @Nullable String form,
            String message,
            String refund,
            String price,
            FormErrors errors,
            @Nullable String failed,
            Model model,
            Locale locale) {
        boolean asCustomer = t.customerId().equals(me.id());
        boolean asProvider = t.providerId().equals(me.id());
        String role = asProvider ? "provider" : asCustomer ? "customer" : "operator";
        String customerName = words.name(t.customerId());
        String providerName = words.name(t.providerId());
        String otherName = asProvider ? customerName : providerName;
        Quote quote = t.quote();
        String terms = quote == null ? null : words.terms(quote, locale);
        String kindWord = kindWord(t.kind());

        // transitions that ask for the same fields share one form, so a message is typed once
        Map<List<String>, List<String>> byFields = new LinkedHashMap<>();
        for (String name : t.availableTransitions()) {
            byFields.computeIfAbsent(
                            transactions.paramsOf(t.processKey(), t.processVersion(), t.state(), name),
                            fields -> new ArrayList<>())
                    .add(name);
        }
        List<TransitionForm> forms = new ArrayList<>();
        byFields.forEach((fields, names) -> {
            List<TransitionForm.Button> buttons = names.stream()
                    .map(name -> new TransitionForm.Button(
                            name,
                            text(
                                    "transactions.transition." + name + "." + kindWord,
                                    "transactions.transition." + name,
                                    locale),
                            text("transactions.transition." + name + ".help." + role, null, locale, otherName),
                            name.equals("decline") || name.equals("cancel") || name.equals("dispute")))
                    .toList();
            boolean failedHere = names.contains(form);
            forms.add(new TransitionForm(
                    "t-" + names.get(0),
                    buttons,
                    fields.contains("message"),
                    fields.contains("refund"),
                    fields.contains("price"),
                    failedHere ? message : "",
                    failedHere ? refund : "",
                    failedHere ? price : "",
                    failedHere ? errors : FormErrors.none()));
        });
        boolean awaitingPayment = asCustomer
                && "pending-payment".equals(t.state())
                && t.payment() != null
                && t.payment().state() == PaymentState.REQUIRES_ACTION
                && t.payment().nextActionUrl() != null;

        model.addAttribute("t", t);
        model.addAttribute("role", role);
        model.addAttribute("customerName", customerName);
        model.addAttribute("providerName", providerName);
        model.addAttribute("otherName", otherName);
        model.addAttribute("kindWord", kindWord);
        // back from the checkout before the gateway's answer moved the transaction: it moves in a moment
        int returned = model.getAttribute("returned") instanceof Integer times ? times : 0;
        boolean confirming = asCustomer
                && "pending-payment".equals(t.state())
                && t.payment() != null
                && t.payment().state() != PaymentState.FAILED
                && (returned > 0 && returned <= RETURN_POLLS || !awaitingPayment);
        model.addAttribute("returned", returned);
        model.addAttribute("poll", confirming && returned <= RETURN_POLLS);
        String statusKey = "transactions.status." + t.state() + "." + role + (confirming ? ".confirming" : "");
        model.addAttribute("status", text(statusKey, null, locale, otherName, customerName, providerName));
        model.addAttribute(
                "payUrl",
                awaitingPayment && !confirming ? t.payment().nextActionUrl().toString() : null);
        model.addAttribute("forms", forms);
        model.addAttribute("terms", terms);
        model.addAttribute("failed", failed);
        model.addAttribute(
                "photo",
                listings.findPublic(t.listingId()).map(ListingView::cover).orElse(null));
        model.addAttribute("refundable", quote == null ? null : quote.customerTotal());
        model.addAttribute("currency", marketplace.settings().defaultCurrency().getCurrencyCode());
        List<MessageView> recent = List.of();
        if ((asCustomer || asProvider) && t.conversationId() != null) {
            try {
                recent = new ArrayList<>(messaging
                        .messages(me.id(), t.conversationId(), null, RECENT_MESSAGES)
                        .items());
                java.util.Collections.reverse(recent);
            } catch (Refusal gone) {
                // the conversation is no longer the viewer's to read: the page goes on without it
            }
        }
        model.addAttribute("recent", recent);
        model.addAttribute("conversationLink", (asCustomer || asProvider) && t.conversationId() != null);
        return "transactions/transaction";
    }

    /** A refund typed in the currency's major units ("12.50"), in minor units for the facade. */
    private long minorUnits(String typed, TransactionView t) {
        Quote quote = t.quote();
        int digits =
                quote == null ? 2 : Math.max(0, quote.customerTotal().currency().getDefaultFractionDigits());
        BigDecimal amount = typed.isBlank() ? null : Decimals.parse(typed, 12, digits);
        if (amount == null || amount.signum() < 0) {
            throw InvalidInput.of(
                    "refund", typed.isBlank() ? "transactions.refund.required" : "transactions.refund.amount");
        }
        return amount.movePointRight(digits).longValueExact();
    }

    /** An offer's price as typed in the marketplace's currency (e.g. "45.50"), in minor units. */
    private long offerUnits(String typed) {
        int digits = Math.max(0, marketplace.settings().defaultCurrency().getDefaultFractionDigits());
        BigDecimal amount = typed.isBlank() ? null : Decimals.parse(typed, 12, digits);
        if (amount == null || amount.signum() <= 0) {
            throw InvalidInput.of(
                    "price", typed.isBlank() ? "transactions.price.required" : "transactions.price.amount");
        }
        return amount.movePointRight(digits).longValueExact();
    }

    /** The facade names a transition's parameters {@code params.<name>}; the form names them plainly. */
    private FormErrors formErrors(InvalidInput invalid, TransactionView t, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        Money paid = t.quote() == null ? null : t.quote().customerTotal();
        for (FieldProblem problem : invalid.problems()) {
            String field = problem.field().startsWith("params.")
                    ? problem.field().substring("params.".length())
                    : problem.field();
            String text;
            if (field.equals("refund") && paid != null && !problem.code().equals("transactions.refund.required")) {
                text = messages.getMessage(
                        "transactions.refund.amount", new Object[] {PageContext.money(paid, locale)}, locale);
            } else {
                text = messages.getMessage(problem.code(), problem.args(), problem.code(), locale);
            }
            errors.putIfAbsent(field, text);
        }
        return new FormErrors(errors);
    }

    // --- internals -------------------------------------------------------------------------------

    private static String safe(String name) {
        return name.length() > 40 || !name.matches("[a-z-]+") ? "unknown" : name;
    }

    /** A text of the bundles, or the fallback's when there is none of its own (null without a fallback). */
    private @Nullable String text(String key, @Nullable String fallback, Locale locale, Object... args) {
        String own = messages.getMessage(key, args, null, locale);
        if (own != null || fallback == null) {
            return own;
        }
        return messages.getMessage(fallback, args, fallback, locale);
    }

    /** {@code booking}, {@code order} or {@code inquiry}: how texts name the transaction. */
    private static String kindWord(TransactionKind kind) {
        switch (kind) {
            case PURCHASE:
                return "order";
            case INQUIRY:
                return "inquiry";
            default:
                return "booking";
        }
    }

    private boolean operator(SignedInMember me) {
        return accounts.account(me.id()).filter(MemberAccount::operator).isPresent();
    }
}
