package dev.souk.transactions;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.accounts.MemberProfile;
import dev.souk.accounts.SignedInMember;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import dev.souk.messaging.MessageView;
import dev.souk.messaging.Messaging;
import dev.souk.payments.Gateway;
import dev.souk.payments.PaymentState;
import dev.souk.payments.Payments;
import dev.souk.shared.Decimals;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import dev.souk.shared.PageContext;
import dev.souk.shared.Refusal;
import dev.souk.transactions.pages.DealText;
import dev.souk.transactions.pages.TransitionForm;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages of dealing: the price on a listing's page, confirming a booking or an order, a member's
 * trips and orders, their bookings and sales, one transaction with its timeline and the buttons of
 * the transitions the viewer may take, and the disputes operators resolve. Forms work without
 * JavaScript; htmx only saves reloads.
 */
@Controller
class TransactionPages {

    /** Messages of the conversation shown on a transaction's page; the rest is a link away. */
    private static final int RECENT_MESSAGES = 3;

    /** How often a page the checkout sent the customer back to asks for itself (every 2 s) before it stops. */
    private static final int RETURN_POLLS = 30;

    /** States in which a sale waits for its provider: a request to answer, an order to ship. */
    private static final List<String> WAITING_FOR_PROVIDER = List.of("requested", "paid");

    private final Transactions transactions;
    private final Listings listings;
    private final Marketplace marketplace;
    private final Accounts accounts;
    private final Messaging messaging;
    private final Payments payments;
    private final MessageSource messages;

    TransactionPages(
            Transactions transactions,
            Listings listings,
            Marketplace marketplace,
            Accounts accounts,
            Messaging messaging,
            Payments payments,
            MessageSource messages) {
        this.transactions = transactions;
        this.listings = listings;
        this.marketplace = marketplace;
        this.accounts = accounts;
        this.messaging = messaging;
        this.payments = payments;
        this.messages = messages;
    }

    /**
     * What the listing page's price form asks: check-in and check-out, first and last day, a day with a
     * first hour and a number of hours, or a quantity.
     */
    record Asking(
            @Nullable String start,
            @Nullable String end,
            @Nullable String day,
            @Nullable String from,
            @Nullable Integer hours,
            @Nullable Integer seats,
            @Nullable Integer quantity) {

        /** The request as the facade takes it; hours become a start and an end on that day. */
        BookingRequest request(UUID listingId, TransactionKind kind, @Nullable String message) {
            if (kind == TransactionKind.HOURLY && day != null && from != null && hours != null) {
                try {
                    LocalTime first = LocalTime.parse(from.length() > 5 ? "" : from);
                    var start = LocalDate.parse(day.length() > 10 ? "" : day).atTime(first);
                    var end = start.plusHours(Math.max(0, Math.min(hours, 24)));
                    return new BookingRequest(listingId, start.toString(), end.toString(), seats, quantity, message);
                } catch (DateTimeParseException e) {
                    return new BookingRequest(listingId, day, null, seats, quantity, message);
                }
            }
            return new BookingRequest(listingId, start, end, seats, quantity, message);
        }

        /** Whether anything was asked that can be priced. */
        boolean asked(TransactionKind kind) {
            switch (kind) {
                case PURCHASE:
                    return quantity != null;
                case HOURLY:
                    return filled(day) || filled(start);
                default:
                    return filled(start) && filled(end);
            }
        }

        /** The same question as query parameters, for the confirm page's address. */
        String query() {
            StringBuilder q = new StringBuilder();
            add(q, "start", start);
            add(q, "end", end);
            add(q, "day", day);
            add(q, "from", from);
            add(q, "hours", hours == null ? null : hours.toString());
            add(q, "seats", seats == null ? null : seats.toString());
            add(q, "quantity", quantity == null ? null : quantity.toString());
            return q.toString();
        }

        private static boolean filled(@Nullable String value) {
            return value != null && !value.isBlank();
        }

        private static void add(StringBuilder q, String name, @Nullable String value) {
            if (filled(value)) {
                q.append(q.isEmpty() ? "" : "&")
                        .append(name)
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    // --- the price on the listing page -----------------------------------------------------------

    /**
     * The price fragment the listing page's form asks for as dates change. Refusals are worded in it
     * with a 200, so that htmx shows them where the price would be.
     */
    @GetMapping("/listings/{id}/quote")
    String quote(@PathVariable UUID id, Asking asking, Model model, Locale locale) {
        ListingView listing = publicListing(id);
        TransactionKind kind = typeOf(listing).transaction();
        model.addAttribute("listing", listing);
        if (!asking.asked(kind) || kind == TransactionKind.INQUIRY) {
            return "transactions/quote";
        }
        try {
            Quote quote = transactions.quote(asking.request(id, kind, null));
            model.addAttribute("quote", quote);
            model.addAttribute("terms", terms(quote, locale));
        } catch (InvalidInput invalid) {
            model.addAttribute("problems", worded(invalid.problems(), locale));
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            model.addAttribute("problems", worded(refusal, locale));
        }
        return "transactions/quote";
    }

    // --- confirming ------------------------------------------------------------------------------

    @GetMapping("/listings/{id}/book")
    String confirm(SignedInMember me, @PathVariable UUID id, Asking asking, Model model, Locale locale) {
        ListingView listing = publicListing(id);
        TransactionKind kind = typeOf(listing).transaction();
        if (kind != TransactionKind.INQUIRY && !asking.asked(kind)) {
            // nothing chosen yet: the listing's form is where dates and quantities are chosen
            return "redirect:/listings/" + id + "#book";
        }
        List<String> refused = new ArrayList<>();
        if (!verified(me)) {
            refused.add(messages.getMessage("accounts.unverified", null, locale));
        }
        return confirmPage(me, id, asking, "", FormErrors.none(), refused, false, model, locale);
    }

    @PostMapping("/listings/{id}/book")
    String book(
            SignedInMember me,
            @PathVariable UUID id,
            Asking asking,
            @RequestParam(defaultValue = "") String message,
            @RequestParam(defaultValue = "") String attempt,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        ListingView listing = publicListing(id);
        try {
            Transactions.Started started = transactions.start(
                    me.id(), asking.request(id, typeOf(listing).transaction(), message), attemptId(attempt));
            if (started.nextActionUrl() != null) {
                return "redirect:" + started.nextActionUrl();
            }
            return "redirect:/transactions/" + started.transaction().id();
        } catch (InvalidInput invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            // the message is the one field on this page; what is wrong with the dates is said above it
            List<FieldProblem> others = invalid.problems().stream()
                    .filter(p -> !p.field().equals("message"))
                    .toList();
            List<FieldProblem> ofMessage = invalid.problems().stream()
                    .filter(p -> p.field().equals("message"))
                    .toList();
            FormErrors errors = ofMessage.isEmpty()
                    ? FormErrors.none()
                    : FormErrors.of(new InvalidInput(ofMessage), messages, locale);
            return confirmPage(
                    me, id, asking, message, errors, worded(others, locale), !others.isEmpty(), model, locale);
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            response.setStatus(refusal.kind().status());
            // dates taken and the listing's rules are answered with other dates; a refused member is not
            boolean rechoose = refusal.kind() != Refusal.Kind.FORBIDDEN && refusal.kind() != Refusal.Kind.RATE_LIMITED;
            return confirmPage(
                    me, id, asking, message, FormErrors.none(), worded(refusal, locale), rechoose, model, locale);
        }
    }

    /** The form's attempt id, if it is one; anything else starts a transaction of its own. */
    private static @Nullable UUID attemptId(String attempt) {
        if (attempt.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(attempt);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String confirmPage(
            SignedInMember me,
            UUID id,
            Asking asking,
            String message,
            FormErrors errors,
            List<String> refused,
            boolean rechoose,
            Model model,
            Locale locale) {
        ListingView listing = publicListing(id);
        ListingType type = typeOf(listing);
        TransactionKind kind = type.transaction();
        String action = actionKey(listing, type);
        MemberProfile provider = accounts.profile(listing.ownerId()).orElse(null);
        String providerName = provider == null ? "" : provider.displayName();
        model.addAttribute("listing", listing);
        model.addAttribute("query", asking.query());
        model.addAttribute("message", message);
        model.addAttribute("errors", errors);
        model.addAttribute("action", action);
        model.addAttribute("own", listing.ownerId().equals(me.id()));
        model.addAttribute("providerName", providerName);
        model.addAttribute("note", note(action, providerName, locale));
        // the form's attempt: sent twice (a second click), it makes one transaction
        model.addAttribute("attempt", UUID.randomUUID().toString());
        List<String> problems = new ArrayList<>(refused);
        boolean otherDates = rechoose;
        if (kind != TransactionKind.INQUIRY) {
            try {
                Quote quote = transactions.quote(asking.request(id, kind, null));
                model.addAttribute("quote", quote);
                model.addAttribute("terms", terms(quote, locale));
            } catch (InvalidInput invalid) {
                otherDates = true;
                if (problems.isEmpty()) {
                    problems.addAll(worded(invalid.problems(), locale));
                }
            } catch (Refusal refusal) {
                if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                    throw refusal;
                }
                otherDates = true;
                if (problems.isEmpty()) {
                    problems.addAll(worded(refusal, locale));
                }
            }
        }
        model.addAttribute("refused", problems);
        model.addAttribute("rechoose", otherDates);
        return "transactions/book";
    }

    /** What happens once the customer confirms, as the marketplace's gateway does it. */
    private String note(String action, String providerName, Locale locale) {
        String key = "transactions.action." + action + ".note";
        if (!action.equals("ask") && payments.gateway() == Gateway.DIRECT) {
            key += ".direct";
        }
        return messages.getMessage(key, new Object[] {providerName}, locale);
    }

    // --- lists -----------------------------------------------------------------------------------

    @GetMapping("/trips")
    String trips(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        return list(me, false, List.of(), cursor, model);
    }

    @GetMapping("/sales")
    String sales(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        List<TransactionView> waiting = new ArrayList<>();
        if (cursor == null) {
            for (String state : WAITING_FOR_PROVIDER) {
                waiting.addAll(transactions
                        .list(me.id(), true, state, null, Transactions.MAX_LIMIT)
                        .items());
            }
            // the oldest request first: it expires first
            waiting.sort(Comparator.comparing(TransactionView::createdAt));
        }
        return list(me, true, waiting, cursor, model);
    }

    private String list(
            SignedInMember me,
            boolean asProvider,
            List<TransactionView> pending,
            @Nullable String cursor,
            Model model) {
        TransactionPage page = transactions.list(me.id(), asProvider, null, cursor, Transactions.DEFAULT_LIMIT);
        List<TransactionView> items = new ArrayList<>(page.items());
        items.removeIf(t -> pending.stream().anyMatch(p -> p.id().equals(t.id())));
        Map<UUID, String> names = new HashMap<>();
        for (List<TransactionView> list : List.of(pending, items)) {
            for (TransactionView t : list) {
                UUID other = asProvider ? t.customerId() : t.providerId();
                names.computeIfAbsent(other, this::name);
            }
        }
        model.addAttribute("asProvider", asProvider);
        model.addAttribute("pending", pending);
        model.addAttribute("items", items);
        model.addAttribute("names", names);
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("older", cursor != null);
        return "transactions/list";
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
            String failed = String.join(" ", worded(refusal, locale));
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
        String customerName = name(t.customerId());
        String providerName = name(t.providerId());
        String otherName = asProvider ? customerName : providerName;
        Quote quote = t.quote();
        String terms = quote == null ? null : terms(quote, locale);
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

    // --- operators -------------------------------------------------------------------------------

    /** Disputed transactions of every member, for operators to resolve. */
    @GetMapping("/admin/transactions")
    String disputes(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        TransactionPage page = transactions.inState(me.id(), "disputed", cursor, Transactions.DEFAULT_LIMIT);
        Map<UUID, String> names = new HashMap<>();
        for (TransactionView t : page.items()) {
            names.computeIfAbsent(t.customerId(), this::name);
            names.computeIfAbsent(t.providerId(), this::name);
        }
        model.addAttribute("items", page.items());
        model.addAttribute("names", names);
        model.addAttribute("nextCursor", page.nextCursor());
        return "transactions/admin-disputes";
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

    private @Nullable String terms(Quote quote, Locale locale) {
        return TransactionTexts.terms(quote.cancellation(), quote.timeZone(), messages, locale);
    }

    private String name(UUID memberId) {
        return accounts.profile(memberId)
                .filter(p -> !p.deleted())
                .map(MemberProfile::displayName)
                .orElseGet(() -> messages.getMessage("transactions.party.gone", null, LocaleContextHolder.getLocale()));
    }

    private boolean operator(SignedInMember me) {
        return accounts.account(me.id()).filter(MemberAccount::operator).isPresent();
    }

    private boolean verified(SignedInMember me) {
        return accounts.account(me.id()).filter(MemberAccount::emailVerified).isPresent();
    }

    private ListingView publicListing(UUID id) {
        return listings.findPublic(id).orElseThrow(() -> Refusal.notFound("transactions.listing.notFound"));
    }

    private ListingType typeOf(ListingView listing) {
        return marketplace
                .listingType(listing.listingType())
                .orElseThrow(() -> Refusal.notFound("transactions.listing.notFound"));
    }

    /** {@code request}, {@code instant}, {@code buy} or {@code ask}: the words of the button. */
    static String actionKey(ListingView listing, ListingType type) {
        switch (type.transaction()) {
            case PURCHASE:
                return "buy";
            case INQUIRY:
                return "ask";
            default:
                return type.instantBook() && listing.instantBook() ? "instant" : "request";
        }
    }

    private List<String> worded(Refusal refusal, Locale locale) {
        if (refusal.problems().isEmpty()) {
            return List.of(messages.getMessage(refusal.code(), refusal.args(), refusal.code(), locale));
        }
        List<String> worded = new ArrayList<>();
        if (refusal.code().equals("transactions.dates.taken")) {
            worded.add(messages.getMessage(refusal.code(), null, locale));
        }
        worded.addAll(worded(refusal.problems(), locale));
        return worded;
    }

    /** Problems as sentences; the days and hours taken in one, as people read dates. */
    private List<String> worded(List<FieldProblem> problems, Locale locale) {
        List<String> worded = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        for (FieldProblem p : problems) {
            if ((p.code().equals("transactions.day.taken") || p.code().equals("transactions.hour.taken"))
                    && p.args().length == 1) {
                taken.add(readable(String.valueOf(p.args()[0]), locale));
            } else {
                worded.add(messages.getMessage(p.code(), p.args(), p.code(), locale));
            }
        }
        if (!taken.isEmpty()) {
            worded.add(messages.getMessage("transactions.taken.list", new Object[] {String.join(", ", taken)}, locale));
        }
        return worded.stream().distinct().toList();
    }

    /** A day ({@code 2027-03-12}) or an hour ({@code 2027-03-12T10:00}) of the facade's, as people read it. */
    private static String readable(String isoDayOrHour, Locale locale) {
        try {
            if (isoDayOrHour.length() == 10) {
                return DealText.day(locale, LocalDate.parse(isoDayOrHour));
            }
            return DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", locale)
                    .format(LocalDateTime.parse(isoDayOrHour));
        } catch (DateTimeParseException e) {
            return isoDayOrHour;
        }
    }
}
