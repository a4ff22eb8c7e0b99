package dev.souk.payments;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.accounts.SignedInMember;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The payments part of the JSON API: receipts, earnings, payout settings, gateway callbacks, the ledger check. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Payments", description = "Receipts, earnings and payouts, gateway webhooks, the ledger check")
class PaymentsApi {

    /** Gateways sign a few headers; nothing larger is needed to check them. */
    private static final int HEADER_MAX = 4096;

    private final Payments payments;
    private final Accounts accounts;

    PaymentsApi(Payments payments, Accounts accounts) {
        this.payments = payments;
        this.accounts = accounts;
    }

    // --- JSON shapes -----------------------------------------------------------------------------

    record MoneyJson(long amount, String currency) {
        static MoneyJson of(Money money) {
            return new MoneyJson(money.amount(), money.currency().getCurrencyCode());
        }

        static List<MoneyJson> of(List<Money> amounts) {
            return amounts.stream().map(MoneyJson::of).toList();
        }
    }

    record PaymentJson(
            UUID id,
            @Nullable UUID reference,
            String gateway,
            String state,
            String description,
            UUID customerId,
            UUID providerId,
            MoneyJson amount,
            MoneyJson fee,
            MoneyJson captured,
            MoneyJson refunded,
            MoneyJson paidOut,
            @Nullable String nextActionUrl,
            @Nullable String failureCode,
            @Nullable Instant holdExpiresAt,
            @Nullable Instant receivedAt,
            Instant createdAt) {

        static PaymentJson of(PaymentView p) {
            return new PaymentJson(
                    p.id(),
                    p.reference(),
                    p.gateway().key(),
                    p.state().key(),
                    p.description(),
                    p.customerId(),
                    p.providerId(),
                    MoneyJson.of(p.amount()),
                    MoneyJson.of(p.fee()),
                    MoneyJson.of(p.captured()),
                    MoneyJson.of(p.refunded()),
                    MoneyJson.of(p.paidOut()),
                    p.nextActionUrl() == null ? null : p.nextActionUrl().toString(),
                    p.failureCode(),
                    p.holdExpiresAt(),
                    p.receivedAt(),
                    p.createdAt());
        }
    }

    record Page<T>(List<T> items, @Nullable String nextCursor) {}

    record EarningsSummaryJson(
            List<MoneyJson> held, List<MoneyJson> owed, List<MoneyJson> commissionOwed, List<MoneyJson> paidOut) {}

    record EarningsJson(
            EarningsSummaryJson summary,
            List<PaymentJson> items,
            @Nullable String nextCursor) {}

    record StripeAccountJson(String account, boolean detailsSubmitted, boolean payoutsEnabled) {}

    record PayoutSettingsJson(
            String method, String instructions, @Nullable StripeAccountJson stripe) {
        static PayoutSettingsJson of(PayoutSettings s) {
            return new PayoutSettingsJson(
                    s.method().key(),
                    s.instructions(),
                    s.stripeAccount() == null
                            ? null
                            : new StripeAccountJson(s.stripeAccount(), s.detailsSubmitted(), s.payoutsEnabled()));
        }
    }

    record PayoutSettingsBody(
            @Nullable String method, @Nullable String instructions) {}

    record RefundBody(@Nullable MoneyJson amount) {}

    record LedgerCheckJson(
            boolean passed,
            Instant checkedAt,
            long journals,
            List<Long> unbalancedJournals,
            List<UUID> mismatchedPayments,
            List<String> negativeBalances,
            long tookMillis) {}

    // --- members ---------------------------------------------------------------------------------

    @GetMapping("/me/payments")
    @Operation(summary = "What the signed-in member paid: receipts, newest first")
    Page<PaymentJson> receipts(
            SignedInMember me,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "" + Payments.DEFAULT_LIMIT) int limit) {
        PaymentPage page = payments.receipts(me.id(), cursor, limit);
        return new Page<>(page.items().stream().map(PaymentJson::of).toList(), page.nextCursor());
    }

    @GetMapping("/payments/{id}")
    @Operation(summary = "One payment of the signed-in member's, as customer or provider (404 for anyone else)")
    PaymentJson payment(SignedInMember me, @PathVariable UUID id) {
        return PaymentJson.of(payments.payment(me.id(), id));
    }

    @PostMapping("/payments/{id}/received")
    @Operation(summary = "The provider confirms a direct payment arrived; the marketplace's commission is then owed")
    PaymentJson received(SignedInMember me, @PathVariable UUID id) {
        return PaymentJson.of(payments.markReceived(me.id(), id));
    }

    @GetMapping("/me/earnings")
    @Operation(summary = "What the signed-in member earns as a provider: totals, then payments newest first")
    EarningsJson earnings(
            SignedInMember me,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "" + Payments.DEFAULT_LIMIT) int limit) {
        PaymentPage page = payments.earnings(me.id(), cursor, limit);
        Earnings e = payments.earningsSummary(me.id());
        return new EarningsJson(
                new EarningsSummaryJson(
                        MoneyJson.of(e.held()),
                        MoneyJson.of(e.owed()),
                        MoneyJson.of(e.commissionOwed()),
                        MoneyJson.of(e.paidOut())),
                page.items().stream().map(PaymentJson::of).toList(),
                page.nextCursor());
    }

    @GetMapping("/me/payout-settings")
    @Operation(summary = "How the signed-in member gets paid as a provider")
    PayoutSettingsJson payoutSettings(SignedInMember me) {
        return PayoutSettingsJson.of(payments.payoutSettings(me.id()));
    }

    @PutMapping("/me/payout-settings")
    @Operation(
            summary = "Sets how the signed-in member gets paid: `direct` (customers pay you, following your"
                    + " instructions) or `stripe` (once your Stripe account is connected on the payouts page)")
    PayoutSettingsJson updatePayoutSettings(SignedInMember me, @RequestBody PayoutSettingsBody body) {
        PayoutSettings.Method chosen = PayoutSettings.Method.byKey(body.method() == null ? "" : body.method())
                .orElseThrow(() -> InvalidInput.of("method", "payments.method.invalid"));
        return PayoutSettingsJson.of(
                payments.updatePayoutSettings(me.id(), chosen, body.instructions() == null ? "" : body.instructions()));
    }

    // --- gateways --------------------------------------------------------------------------------

    @PostMapping(value = "/webhooks/{gateway}", consumes = "application/json")
    @Operation(
            summary = "A payment gateway's callback: verified by its signature (400 and nothing recorded if"
                    + " wrong); a replayed event is acknowledged with no second effect")
    Map<String, Boolean> webhook(
            @PathVariable String gateway,
            @RequestBody(required = false) byte @Nullable [] body,
            HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String value = request.getHeader(name);
            if (value != null && value.length() <= HEADER_MAX) {
                headers.put(name.toLowerCase(Locale.ROOT), value);
            }
        }
        payments.receiveWebhook(gateway, headers, body == null ? new byte[0] : body);
        return Map.of("received", true);
    }

    // --- operators -------------------------------------------------------------------------------

    @GetMapping("/admin/ledger/check")
    @Operation(
            summary = "Operators: verifies the ledger — every journal balances, every payment's figures match"
                    + " its journals and captured = paid out + held + refunded + fees")
    LedgerCheckJson ledgerCheck(SignedInMember me) {
        requireOperator(me);
        LedgerCheck check = payments.checkLedger();
        return new LedgerCheckJson(
                check.passed(),
                check.checkedAt(),
                check.journals(),
                check.unbalancedJournals(),
                check.mismatchedPayments(),
                check.negativeBalances(),
                check.tookMillis());
    }

    @PostMapping("/admin/payments/{id}/refunds")
    @Operation(
            summary = "Operators: refunds part or all of a captured payment to its customer (409 beyond what"
                    + " is left)")
    PaymentJson refund(SignedInMember me, @PathVariable UUID id, @RequestBody RefundBody body) {
        requireOperator(me);
        MoneyJson amount = body.amount();
        if (amount == null) {
            throw InvalidInput.of("amount", "payments.amount.missing");
        }
        // a retried request is answered from its Idempotency-Key before it reaches here; each one
        // that does is a refund of its own
        return PaymentJson.of(
                payments.refund(id, money(amount), UUID.randomUUID().toString()));
    }

    private void requireOperator(SignedInMember me) {
        if (accounts.account(me.id()).filter(MemberAccount::operator).isEmpty()) {
            throw Refusal.forbidden("payments.operatorsOnly");
        }
    }

    static Money money(MoneyJson json) {
        String code = json.currency();
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw InvalidInput.of("amount.currency", "payments.currency.invalid");
        }
        try {
            return new Money(json.amount(), Currency.getInstance(code));
        } catch (IllegalArgumentException unknown) {
            throw InvalidInput.of("amount.currency", "payments.currency.invalid");
        }
    }
}
