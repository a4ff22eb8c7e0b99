package dev.souk.transactions;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.accounts.SignedInMember;
import dev.souk.marketplace.TransactionKind;
import dev.souk.payments.PaymentView;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Money;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The transactions part of the JSON API: quotes, bookings and orders, and their transitions. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Transactions", description = "Quotes, bookings, orders and inquiries, and the transitions they go through")
class TransactionsApi {

    /** Parameters a transition takes; a few, each short. */
    private static final int PARAMS_MAX = 5;

    private final Transactions transactions;
    private final Accounts accounts;
    private final MessageSource messages;

    TransactionsApi(Transactions transactions, Accounts accounts, MessageSource messages) {
        this.transactions = transactions;
        this.accounts = accounts;
        this.messages = messages;
    }

    // --- JSON shapes (/api/openapi.json: QuoteJson, TransactionJson) -------------------------------

    @Schema(name = "TransactionMoney")
    record MoneyJson(long amount, String currency) {
        static MoneyJson of(Money money) {
            return new MoneyJson(money.amount(), money.currency().getCurrencyCode());
        }
    }

    record LineItemJson(
            String code, String label, long quantity, MoneyJson unitPrice, MoneyJson total, String to, String paidBy) {}

    record CancellationJson(String policy, @Nullable Instant refundableUntil, int refundPercent, String terms) {}

    record QuoteJson(
            UUID listingId,
            @Nullable String start,
            @Nullable String end,
            int seats,
            @Nullable Integer quantity,
            long units,
            List<LineItemJson> lineItems,
            MoneyJson customerTotal,
            MoneyJson providerTotal,
            MoneyJson marketplaceTotal,
            CancellationJson cancellation) {}

    record ProcessJson(String key, int version) {}

    record ListingRefJson(UUID id, String title) {}

    @Schema(name = "TransactionParty")
    record PartyJson(UUID id, String displayName, @Nullable String avatarUrl) {}

    record PaymentRefJson(
            UUID id, String gateway, String state, @Nullable String nextActionUrl) {}

    record StepJson(
            String name,
            @Nullable String from,
            String to,
            String by,
            Instant at,
            @Nullable String message,
            @Nullable MoneyJson refund) {}

    record TransactionJson(
            UUID id,
            ProcessJson process,
            String state,
            boolean finished,
            ListingRefJson listing,
            PartyJson customer,
            PartyJson provider,
            @Nullable String start,
            @Nullable String end,
            @Nullable Integer seats,
            @Nullable Integer quantity,
            @Nullable QuoteJson quote,
            @Nullable UUID conversationId,
            @Nullable PaymentRefJson payment,
            List<String> availableTransitions,
            List<StepJson> transitions,
            Instant createdAt) {}

    record StartedJson(
            TransactionJson transaction, @Nullable String nextActionUrl) {}

    record Page(List<TransactionJson> items, @Nullable String nextCursor) {}

    record StartBody(
            @Nullable UUID listingId,
            @Nullable String start,
            @Nullable String end,
            @Nullable Integer seats,
            @Nullable Integer quantity,
            @Nullable String message) {}

    record TransitionBody(@Nullable String name, @Nullable Map<String, String> params) {}

    // --- quotes ----------------------------------------------------------------------------------

    @GetMapping("/listings/{id}/quote")
    @Operation(
            summary = "The price of a stay, a rental, hours or items of a public listing, line by line, with the"
                    + " cancellation terms; availability, duration, advance notice and stock are checked",
            description = """
                    Nightly listings: `start` is the check-in date and `end` the check-out date. Daily listings: \
                    the first and the last day. Hourly ones: local date-times on whole hours \
                    (`2027-03-01T10:00`). Purchases: `quantity`. 409 lists the days or hours already taken.""")
    QuoteJson quote(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String start,
            @RequestParam(required = false) @Nullable String end,
            @RequestParam(required = false) @Nullable Integer seats,
            @RequestParam(required = false) @Nullable Integer quantity) {
        return quoteJson(transactions.quote(new BookingRequest(id, start, end, seats, quantity, null)));
    }

    // --- transactions ----------------------------------------------------------------------------

    @PostMapping("/transactions")
    @Operation(
            summary = "Requests to book, books or buys a public listing, or asks its provider about it",
            description = """
                    The listing's type chooses the process: request to book, instant booking, purchase or \
                    inquiry. With a card gateway the customer then pays at `nextActionUrl`. \
                    Send an `Idempotency-Key`: a retry returns the first answer.""")
    ResponseEntity<StartedJson> start(SignedInMember me, @RequestBody StartBody body) {
        if (body.listingId() == null) {
            throw InvalidInput.of("listingId", "transactions.listing.required");
        }
        Transactions.Started started = transactions.start(
                me.id(),
                new BookingRequest(
                        body.listingId(), body.start(), body.end(), body.seats(), body.quantity(), body.message()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new StartedJson(
                        json(started.transaction()),
                        started.nextActionUrl() == null
                                ? null
                                : started.nextActionUrl().toString()));
    }

    @GetMapping("/transactions")
    @Operation(
            summary =
                    "The signed-in member's trips and orders (`role=customer`) or bookings and sales (`role=provider`), newest first")
    Page list(
            SignedInMember me,
            @RequestParam(defaultValue = "customer") String role,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "" + Transactions.DEFAULT_LIMIT) int limit) {
        boolean provider;
        if ("provider".equals(role)) {
            provider = true;
        } else if ("customer".equals(role)) {
            provider = false;
        } else {
            throw InvalidInput.of("role", "transactions.role.invalid");
        }
        TransactionPage page = transactions.list(me.id(), provider, state, cursor, limit);
        return new Page(page.items().stream().map(this::json).toList(), page.nextCursor());
    }

    @GetMapping("/transactions/{id}")
    @Operation(
            summary =
                    "One transaction of the signed-in member's, with the transitions they may take now (404 for anyone else)")
    TransactionJson transaction(SignedInMember me, @PathVariable UUID id) {
        return json(transactions.transaction(me.id(), operator(me), id));
    }

    @PostMapping("/transactions/{id}/transitions")
    @Operation(
            summary = "Takes a transition (`accept`, `decline`, `cancel`, `ship`, `receive`, `dispute`, `resolve`…)",
            description = """
                    `availableTransitions` of the transaction names those the caller may take now; others are \
                    refused with 422. `params` may carry a `message` to the other party and, for `resolve`, \
                    the `refund` in minor units. Send an `Idempotency-Key`: a retry returns the first answer.""")
    TransactionJson transition(SignedInMember me, @PathVariable UUID id, @RequestBody TransitionBody body) {
        String name = body.name();
        if (name == null || name.isBlank()) {
            throw InvalidInput.of("name", "transactions.transition.required");
        }
        Map<String, String> params = body.params() == null ? Map.of() : body.params();
        if (params.size() > PARAMS_MAX) {
            throw InvalidInput.of("params", "transactions.params.tooMany", PARAMS_MAX);
        }
        return json(transactions.take(me.id(), operator(me), id, name.strip(), new LinkedHashMap<>(params)));
    }

    private boolean operator(SignedInMember me) {
        return accounts.account(me.id()).filter(MemberAccount::operator).isPresent();
    }

    // --- mapping ---------------------------------------------------------------------------------

    private TransactionJson json(TransactionView t) {
        PaymentView payment = t.payment();
        return new TransactionJson(
                t.id(),
                new ProcessJson(t.processKey(), t.processVersion()),
                t.state(),
                t.finished(),
                new ListingRefJson(t.listingId(), t.listingTitle()),
                party(t.customerId()),
                party(t.providerId()),
                shownStart(t.kind(), t.start()),
                shownEnd(t.kind(), t.end()),
                t.kind().bookable() ? t.seats() : null,
                t.quantity(),
                t.quote() == null ? null : quoteJson(t.quote()),
                t.conversationId(),
                payment == null
                        ? null
                        : new PaymentRefJson(
                                payment.id(),
                                payment.gateway().key(),
                                payment.state().key(),
                                payment.nextActionUrl() == null
                                        ? null
                                        : payment.nextActionUrl().toString()),
                t.availableTransitions(),
                t.transitions().stream()
                        .map(s -> new StepJson(
                                s.name(),
                                s.from(),
                                s.to(),
                                s.by(),
                                s.at(),
                                s.message(),
                                s.refund() == null || t.quote() == null
                                        ? null
                                        : MoneyJson.of(new Money(
                                                s.refund(),
                                                t.quote().customerTotal().currency()))))
                        .toList(),
                t.createdAt());
    }

    private PartyJson party(UUID id) {
        return accounts.profile(id)
                .filter(p -> !p.deleted())
                .map(p -> new PartyJson(p.id(), p.displayName(), p.avatarThumbUrl()))
                .orElseGet(() -> new PartyJson(
                        id,
                        messages.getMessage("transactions.party.gone", null, LocaleContextHolder.getLocale()),
                        null));
    }

    private QuoteJson quoteJson(Quote q) {
        Locale locale = LocaleContextHolder.getLocale();
        Quote.Cancellation c = q.cancellation();
        return new QuoteJson(
                q.listingId(),
                shownStart(q.kind(), q.start()),
                shownEnd(q.kind(), q.end()),
                q.seats(),
                q.quantity(),
                q.units(),
                q.lineItems().stream()
                        .map(i -> new LineItemJson(
                                i.code(),
                                i.label(),
                                i.quantity(),
                                MoneyJson.of(i.unitPrice()),
                                MoneyJson.of(i.total()),
                                i.to(),
                                i.paidBy()))
                        .toList(),
                MoneyJson.of(q.customerTotal()),
                MoneyJson.of(q.providerTotal()),
                MoneyJson.of(q.marketplaceTotal()),
                new CancellationJson(
                        c.policy(),
                        c.refundableUntil(),
                        c.refundPercent(),
                        TransactionTexts.terms(c, q.timeZone(), messages, locale)));
    }

    /** As the customer typed it: the check-in date, the first day, or the first hour. */
    static @Nullable String shownStart(TransactionKind kind, @Nullable LocalDateTime start) {
        if (start == null) {
            return null;
        }
        return kind == TransactionKind.HOURLY
                ? start.toString()
                : start.toLocalDate().toString();
    }

    /** The check-out date, the last day (inclusive), or the end of the last hour. */
    static @Nullable String shownEnd(TransactionKind kind, @Nullable LocalDateTime end) {
        if (end == null) {
            return null;
        }
        switch (kind) {
            case HOURLY:
                return end.toString();
            case DAILY:
                return end.toLocalDate().minusDays(1).toString();
            default:
                return end.toLocalDate().toString();
        }
    }
}
