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
import dev.souk.payments.Gateway;
import dev.souk.payments.Payments;
import dev.souk.shared.FormErrors;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The customer's side of starting a deal: the price on a listing's page as dates change, and the page
 * that confirms a booking, an order or a question before it is sent. Forms work without JavaScript;
 * htmx only saves reloads.
 */
@Controller
class BookingPages {

    private final Transactions transactions;
    private final Listings listings;
    private final Marketplace marketplace;
    private final Accounts accounts;
    private final Payments payments;
    private final MessageSource messages;
    private final DealWords words;

    BookingPages(
            Transactions transactions,
            Listings listings,
            Marketplace marketplace,
            Accounts accounts,
            Payments payments,
            MessageSource messages,
            DealWords words) {
        this.transactions = transactions;
        this.listings = listings;
        this.marketplace = marketplace;
        this.accounts = accounts;
        this.payments = payments;
        this.messages = messages;
        this.words = words;
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
            model.addAttribute("terms", words.terms(quote, locale));
        } catch (InvalidInput invalid) {
            model.addAttribute("problems", words.worded(invalid.problems(), locale));
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            model.addAttribute("problems", words.worded(refusal, locale));
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
                    me, id, asking, message, errors, words.worded(others, locale), !others.isEmpty(), model, locale);
        } catch (Refusal refusal) {
            if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            response.setStatus(refusal.kind().status());
            // dates taken and the listing's rules are answered with other dates; a refused member is not
            boolean rechoose = refusal.kind() != Refusal.Kind.FORBIDDEN && refusal.kind() != Refusal.Kind.RATE_LIMITED;
            return confirmPage(
                    me, id, asking, message, FormErrors.none(), words.worded(refusal, locale), rechoose, model, locale);
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
                model.addAttribute("terms", words.terms(quote, locale));
            } catch (InvalidInput invalid) {
                otherDates = true;
                if (problems.isEmpty()) {
                    problems.addAll(words.worded(invalid.problems(), locale));
                }
            } catch (Refusal refusal) {
                if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
                    throw refusal;
                }
                otherDates = true;
                if (problems.isEmpty()) {
                    problems.addAll(words.worded(refusal, locale));
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
}
