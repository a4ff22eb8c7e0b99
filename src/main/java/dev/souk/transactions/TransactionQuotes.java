package dev.souk.transactions;

import dev.souk.listings.DayAvailability;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The price of a request and whether what it asks for is still free: the listing's rules, the
 * marketplace's currencies, and the days, hours, seats or stock the request would take.
 */
@Component
class TransactionQuotes {

    private final Listings listings;
    private final Marketplace marketplace;
    private final MessageSource messages;
    private final Clock clock;

    TransactionQuotes(Listings listings, Marketplace marketplace, MessageSource messages, Clock clock) {
        this.listings = listings;
        this.marketplace = marketplace;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * The price of a request for a public listing, with its availability, duration, advance notice and
     * stock checked: 400 for a malformed request, 422 for one the listing's rules refuse, 409 for dates
     * or stock already taken.
     */
    Quote quote(BookingRequest request) {
        ListingView listing = publicListing(request.listingId());
        ListingType type = typeOf(listing);
        if (type.transaction() == TransactionKind.INQUIRY) {
            throw Refusal.invalidState("transactions.notPriced");
        }
        Pricing.Asked asked = Pricing.parse(type.transaction(), request);
        Quote quote = priced(listing, type, asked);
        checkFree(listing, type, asked);
        return quote;
    }

    Quote priced(ListingView listing, ListingType type, Pricing.Asked asked) {
        Pricing.checkRules(listing, type, asked, LocalDate.ofInstant(clock.instant(), listing.timeZone()));
        Quote quote = Pricing.quote(
                listing, type.transaction(), asked, marketplace.config().commission(), messages);
        if (!marketplace.settings().allows(quote.customerTotal().currency())) {
            throw Refusal.invalidState("transactions.currency.notAccepted");
        }
        return quote;
    }

    /** Refuses (409) dates, seats or stock no longer free, listing the days taken. */
    void checkFree(ListingView listing, ListingType type, Pricing.Asked asked) {
        TransactionKind kind = type.transaction();
        if (kind == TransactionKind.PURCHASE) {
            Integer stock = listing.stock();
            if (asked.quantity() != null && (stock == null || stock < asked.quantity())) {
                throw Refusal.conflict("transactions.stock.insufficient", stock == null ? 0 : stock);
            }
            return;
        }
        if (!kind.bookable() || asked.start() == null || asked.end() == null) {
            return;
        }
        List<FieldProblem> taken = takenDays(listing, asked);
        if (!taken.isEmpty()) {
            throw Refusal.conflict("transactions.dates.taken", taken);
        }
    }

    List<FieldProblem> takenDays(ListingView listing, Pricing.Asked asked) {
        LocalDateTime start = asked.start();
        LocalDateTime end = asked.end();
        if (start == null || end == null) {
            return List.of();
        }
        LocalDate first = start.toLocalDate();
        LocalDate last = end.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                ? end.toLocalDate()
                : end.toLocalDate().plusDays(1);
        List<DayAvailability> days = listings.availability(listing.id(), null, true, first, last);
        List<FieldProblem> taken = new ArrayList<>();
        for (DayAvailability day : days) {
            if (day.slots().isEmpty()) {
                if (day.seats() < asked.seats()) {
                    taken.add(new FieldProblem(
                            "dates", "transactions.day.taken", day.date().toString()));
                }
                continue;
            }
            for (LocalDateTime hour = start; hour.isBefore(end); hour = hour.plusHours(1)) {
                if (!hour.toLocalDate().equals(day.date())) {
                    continue;
                }
                LocalDateTime at = hour;
                int free = day.slots().stream()
                        .filter(s -> s.start().equals(at.toLocalTime()))
                        .mapToInt(DayAvailability.Slot::seats)
                        .findFirst()
                        .orElse(0);
                if (free < asked.seats()) {
                    taken.add(new FieldProblem("dates", "transactions.hour.taken", at.toString()));
                }
            }
        }
        return taken;
    }

    ListingView publicListing(UUID id) {
        return listings.findPublic(id).orElseThrow(() -> Refusal.notFound("transactions.listing.notFound"));
    }

    ListingType typeOf(ListingView listing) {
        return marketplace
                .listingType(listing.listingType())
                .orElseThrow(() -> Refusal.notFound("transactions.listing.notFound"));
    }
}
