package dev.souk.transactions;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.accounts.MemberProfile;
import dev.souk.accounts.SignedInMember;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The pages of dealing: the price on a listing's page, confirming a booking or an order, a member's
 * trips and orders, their bookings and sales, and one transaction with its timeline and the buttons
 * of the transitions the viewer may take. Forms work without JavaScript; htmx only saves reloads.
 */
@Controller
class TransactionPages {

    private final Transactions transactions;
    private final Listings listings;
    private final Marketplace marketplace;
    private final Accounts accounts;
    private final MessageSource messages;

    TransactionPages(
            Transactions transactions,
            Listings listings,
            Marketplace marketplace,
            Accounts accounts,
            MessageSource messages) {
        this.transactions = transactions;
        this.listings = listings;
        this.marketplace = marketplace;
        this.accounts = accounts;
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

        private static void add(StringBuilder q, String name, @Nullable String value) {
            if (value != null && !value.isBlank()) {
                q.append(q.isEmpty() ? "" : "&")
                        .append(name)
                        .append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    // --- the price on the listing page -----------------------------------------------------------

    @GetMapping("/listings/{id}/quote")
    String quote(@PathVariable UUID id, Asking asking, Model model, Locale locale, HttpServletResponse response) {
        ListingView listing = publicListing(id);
        TransactionKind kind = kindOf(listing);
        model.addAttribute("listing", listing);
        model.addAttribute("query", asking.query());
        model.addAttribute("action", actionKey(listing));
        if (!asked(asking, kind)) {
            return "transactions/quote";
        }
        try {
            Quote quote = transactions.quote(asking.request(id, kind, null));
            model.addAttribute("quote", quote);
            model.addAttribute(
                    "terms", TransactionTexts.terms(quote.cancellation(), quote.timeZone(), messages, locale));
        } catch (InvalidInput invalid) {
            model.addAttribute("problems", problems(invalid.problems(), locale));
        } catch (Refusal refusal) {
            model.addAttribute("problems", refusalProblems(refusal, locale));
        }
        return "transactions/quote";
    }

    private static boolean asked(Asking asking, TransactionKind kind) {
        switch (kind) {
            case PURCHASE:
                return asking.quantity() != null;
            case HOURLY:
                return asking.day() != null && !asking.day().isBlank() || asking.start() != null;
            default:
                return asking.start() != null
                        && !asking.start().isBlank()
                        && asking.end() != null
                        && !asking.end().isBlank();
        }
    }

    // --- confirming ------------------------------------------------------------------------------

    @GetMapping("/listings/{id}/book")
    String confirm(SignedInMember me, @PathVariable UUID id, Asking asking, Model model, Locale locale) {
        return confirmPage(me, id, asking, "", FormErrors.none(), model, locale);
    }

    @PostMapping("/listings/{id}/book")
    String book(
            SignedInMember me,
            @PathVariable UUID id,
            Asking asking,
            @RequestParam(defaultValue = "") String message,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        ListingView listing = publicListing(id);
        try {
            Transactions.Started started = transactions.start(me.id(), asking.request(id, kindOf(listing), message));
            if (started.nextActionUrl() != null) {
                return "redirect:" + started.nextActionUrl();
            }
            return "redirect:/transactions/" + started.transaction().id();
        } catch (InvalidInput invalid) {
            response.setStatus(400);
            return confirmPage(me, id, asking, message, FormErrors.of(invalid, messages, locale), model, locale);
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND || refusal.kind() == Refusal.Kind.FORBIDDEN) {
                throw refusal;
            }
            response.setStatus(refusal.kind().status());
            model.addAttribute("refused", String.join(" ", refusalProblems(refusal, locale)));
            return confirmPage(me, id, asking, message, FormErrors.none(), model, locale);
        }
    }

    private String confirmPage(
            SignedInMember me, UUID id, Asking asking, String message, FormErrors errors, Model model, Locale locale) {
        ListingView listing = publicListing(id);
        TransactionKind kind = kindOf(listing);
        model.addAttribute("listing", listing);
        model.addAttribute("query", asking.query());
        model.addAttribute("message", message);
        model.addAttribute("errors", errors);
        model.addAttribute("action", actionKey(listing));
        model.addAttribute("own", listing.ownerId().equals(me.id()));
        model.addAttribute("provider", accounts.profile(listing.ownerId()).orElse(null));
        if (kind != TransactionKind.INQUIRY && !model.containsAttribute("refused")) {
            try {
                Quote quote = transactions.quote(asking.request(id, kind, null));
                model.addAttribute("quote", quote);
                model.addAttribute(
                        "terms", TransactionTexts.terms(quote.cancellation(), quote.timeZone(), messages, locale));
            } catch (InvalidInput invalid) {
                model.addAttribute("refused", String.join(" ", problems(invalid.problems(), locale)));
            } catch (Refusal refusal) {
                model.addAttribute("refused", String.join(" ", refusalProblems(refusal, locale)));
            }
        }
        return "transactions/book";
    }

    // --- lists -----------------------------------------------------------------------------------

    @GetMapping("/trips")
    String trips(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        return list(me, false, cursor, model);
    }

    @GetMapping("/sales")
    String sales(SignedInMember me, @RequestParam(required = false) @Nullable String cursor, Model model) {
        if (cursor == null) {
            // what waits for the provider comes first
            model.addAttribute(
                    "pending",
                    transactions
                            .list(me.id(), true, "requested", null, Transactions.MAX_LIMIT)
                            .items());
        }
        return list(me, true, cursor, model);
    }

    private String list(SignedInMember me, boolean asProvider, @Nullable String cursor, Model model) {
        TransactionPage page = transactions.list(me.id(), asProvider, null, cursor, Transactions.DEFAULT_LIMIT);
        List<TransactionView> items = new ArrayList<>(page.items());
        @SuppressWarnings("unchecked")
        List<TransactionView> pending = (List<TransactionView>) model.getAttribute("pending");
        if (pending != null) {
            items.removeIf(t -> pending.stream().anyMatch(p -> p.id().equals(t.id())));
        }
        Map<UUID, String> names = new HashMap<>();
        List<TransactionView> all = new ArrayList<>(items);
        if (pending != null) {
            all.addAll(pending);
        }
        for (TransactionView t : all) {
            UUID other = asProvider ? t.customerId() : t.providerId();
            names.computeIfAbsent(other, this::name);
        }
        model.addAttribute("asProvider", asProvider);
        model.addAttribute("items", items);
        model.addAttribute("names", names);
        model.addAttribute("nextCursor", page.nextCursor());
        if (!model.containsAttribute("pending")) {
            model.addAttribute("pending", List.of());
        }
        return "transactions/list";
    }

    // --- one transaction -------------------------------------------------------------------------

    @GetMapping("/transactions/{id}")
    String transaction(SignedInMember me, @PathVariable UUID id, Model model, Locale locale) {
        TransactionView t = transactions.transaction(me.id(), operator(me), id);
        model.addAttribute("t", t);
        model.addAttribute("viewerId", me.id());
        model.addAttribute("customerName", name(t.customerId()));
        model.addAttribute("providerName", name(t.providerId()));
        model.addAttribute("asked", paramsOf(t));
        Quote quote = t.quote();
        model.addAttribute(
                "terms",
                quote == null
                        ? null
                        : TransactionTexts.terms(quote.cancellation(), quote.timeZone(), messages, locale));
        return "transactions/transaction";
    }

    @PostMapping("/transactions/{id}/transitions")
    String take(
            SignedInMember me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) @Nullable String message,
            @RequestParam(required = false) @Nullable String refund,
            Locale locale,
            RedirectAttributes redirect) {
        Map<String, String> params = new LinkedHashMap<>();
        if (message != null && !message.isBlank()) {
            params.put("message", message);
        }
        if (refund != null) {
            params.put("refund", refund);
        }
        try {
            transactions.take(me.id(), operator(me), id, name, params);
            redirect.addFlashAttribute(
                    "notice",
                    messages.getMessage(
                            "transactions.done." + safe(name),
                            null,
                            messages.getMessage("transactions.done", null, locale),
                            locale));
        } catch (InvalidInput invalid) {
            redirect.addFlashAttribute("failed", String.join(" ", problems(invalid.problems(), locale)));
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            redirect.addFlashAttribute("failed", String.join(" ", refusalProblems(refusal, locale)));
        }
        return "redirect:/transactions/" + id;
    }

    // --- internals -------------------------------------------------------------------------------

    /** Which parameters each available transition asks for on its form. */
    private Map<String, List<String>> paramsOf(TransactionView t) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : t.availableTransitions()) {
            params.put(name, transactions.paramsOf(t.processKey(), t.processVersion(), t.state(), name));
        }
        return params;
    }

    private static String safe(String name) {
        return name.length() > 40 || !name.matches("[a-z-]+") ? "unknown" : name;
    }

    private String name(UUID memberId) {
        return accounts.profile(memberId)
                .filter(p -> !p.deleted())
                .map(MemberProfile::displayName)
                .orElseGet(() -> messages.getMessage("transactions.party.gone", null, Locale.ENGLISH));
    }

    private boolean operator(SignedInMember me) {
        return accounts.account(me.id()).filter(MemberAccount::operator).isPresent();
    }

    private ListingView publicListing(UUID id) {
        return listings.findPublic(id).orElseThrow(() -> Refusal.notFound("transactions.listing.notFound"));
    }

    private TransactionKind kindOf(ListingView listing) {
        return marketplace
                .listingType(listing.listingType())
                .orElseThrow(() -> Refusal.notFound("transactions.listing.notFound"))
                .transaction();
    }

    /** {@code request}, {@code instant}, {@code buy} or {@code ask}: the words of the button. */
    private String actionKey(ListingView listing) {
        var type = marketplace.listingType(listing.listingType()).orElseThrow();
        switch (type.transaction()) {
            case PURCHASE:
                return "buy";
            case INQUIRY:
                return "ask";
            default:
                return type.instantBook() && listing.instantBook() ? "instant" : "request";
        }
    }

    private List<String> problems(List<InvalidInput.FieldProblem> problems, Locale locale) {
        return problems.stream()
                .map(p -> messages.getMessage(p.code(), p.args(), p.code(), locale))
                .distinct()
                .toList();
    }

    private List<String> refusalProblems(Refusal refusal, Locale locale) {
        if (refusal.problems().isEmpty()) {
            return List.of(messages.getMessage(refusal.code(), refusal.args(), refusal.code(), locale));
        }
        return problems(refusal.problems(), locale);
    }
}
