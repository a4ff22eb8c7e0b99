package dev.souk.demo;

import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.payments.Payments;
import dev.souk.reviews.Reviews;
import dev.souk.shared.Refusal;
import dev.souk.transactions.BookingRequest;
import dev.souk.transactions.TransactionView;
import dev.souk.transactions.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deals in the demo marketplace, so a newcomer sees trips, sales and timelines at once: a stay
 * requested and one accepted, a lesson cancelled, a drill rented, bowls shipped and two sets received,
 * both reviewed by their buyers and their maker, so that ratings show on cards, the listing and profiles.
 * Paid through the card simulator with its test card, as a customer would at its checkout.
 */
@Component
class DemoTransactions {

    private static final Logger log = LoggerFactory.getLogger(DemoTransactions.class);

    /** How long a step may wait for the simulator's webhook. */
    private static final Duration STEP = Duration.ofSeconds(60);

    private final Transactions transactions;
    private final Listings listings;
    private final Payments payments;
    private final Reviews reviews;
    private final Clock clock;

    DemoTransactions(Transactions transactions, Listings listings, Payments payments, Reviews reviews, Clock clock) {
        this.transactions = transactions;
        this.listings = listings;
        this.payments = payments;
        this.reviews = reviews;
        this.clock = clock;
    }

    void seed(UUID amira, UUID tomas, UUID lena) {
        LocalDate today = LocalDate.now(clock);
        Optional<ListingView> room = listing(amira, "Bright room above a ceramics studio");
        Optional<ListingView> lesson = listing(amira, "Wheel-throwing for beginners");
        Optional<ListingView> bowls = listing(amira, "Set of four stoneware bowls");
        Optional<ListingView> drill = listing(tomas, "Cordless hammer drill");

        room.ifPresent(r -> {
            paid(lena, r.id(), today.plusDays(21), today.plusDays(24), null, "We are two, visiting the tile museum.");
            log.info("Demo transactions: a stay requested, waiting for its host");
            TransactionView accepted =
                    paid(tomas, r.id(), today.plusDays(40), today.plusDays(43), null, "Coming for a ceramics fair.");
            transactions.take(amira, false, accepted.id(), "accept", Map.of("message", "Welcome! Keys at the studio."));
            log.info("Demo transactions: a stay accepted");
        });
        lesson.ifPresent(l -> {
            for (int day = 7; day < 14; day++) {
                try {
                    TransactionView booked = transactions
                            .start(
                                    tomas,
                                    new BookingRequest(
                                            l.id(),
                                            today.plusDays(day) + "T10:00",
                                            today.plusDays(day) + "T12:00",
                                            1,
                                            null,
                                            "First time at a wheel!"))
                            .transaction();
                    payWhenAsked(booked);
                    await(tomas, booked.id(), "requested");
                    transactions.take(
                            tomas, false, booked.id(), "cancel", Map.of("message", "Sorry, my plans changed."));
                    log.info("Demo transactions: a lesson cancelled");
                    return;
                } catch (Refusal closed) {
                    // not open that day: try the next
                }
            }
        });
        drill.ifPresent(d -> {
            TransactionView rental =
                    paid(lena, d.id(), today.plusDays(10), today.plusDays(12), null, "For a weekend of shelves.");
            if ("requested".equals(rental.state())) {
                transactions.take(tomas, false, rental.id(), "accept", Map.of());
            }
            log.info("Demo transactions: a drill rented");
        });
        bowls.ifPresent(b -> {
            listings.setStock(amira, b.id(), 6, null, "A kiln batch of six sets");
            TransactionView shipped = paid(lena, b.id(), null, null, 1, null);
            transactions.take(amira, false, shipped.id(), "ship", Map.of("message", "Posted today, well wrapped."));
            TransactionView received = paid(tomas, b.id(), null, null, 1, null);
            transactions.take(amira, false, received.id(), "ship", Map.of());
            transactions.take(tomas, false, received.id(), "receive", Map.of());
            TransactionView another = paid(lena, b.id(), null, null, 1, null);
            transactions.take(amira, false, another.id(), "ship", Map.of());
            transactions.take(lena, false, another.id(), "receive", Map.of());
            log.info("Demo transactions: bowls shipped, and two sets received");
            review(
                    tomas,
                    received.id(),
                    5,
                    "Even lovelier than in the photos, and packed like treasure. We eat from" + " them every day.");
            review(amira, received.id(), 5, "Paid at once and said thank you. A pleasure to sell to.");
            review(amira, another.id(), 5, "Lena asked good questions about the glaze before buying. Welcome back!");
            review(
                    lena,
                    another.id(),
                    4,
                    "Beautiful glaze. One bowl is a little smaller than the others, which I" + " have come to like.");
            log.info("Demo transactions: both sets reviewed by their buyers and their maker");
        });
    }

    /** Reviews the other party once the transaction's review window is open (its event is handled after commit). */
    private void review(UUID author, UUID transaction, int rating, String text) {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (true) {
            try {
                reviews.write(author, transaction, rating, text);
                return;
            } catch (Refusal notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                sleep();
            }
        }
    }

    /** Starts a deal and pays it at the simulator's checkout; waits until the payment is in. */
    private TransactionView paid(
            UUID customer,
            UUID listing,
            @Nullable LocalDate start,
            @Nullable LocalDate end,
            @Nullable Integer quantity,
            @Nullable String message) {
        TransactionView started = transactions
                .start(
                        customer,
                        new BookingRequest(
                                listing,
                                start == null ? null : start.toString(),
                                end == null ? null : end.toString(),
                                null,
                                quantity,
                                message))
                .transaction();
        payWhenAsked(started);
        long deadline = System.nanoTime() + STEP.toNanos();
        TransactionView now = transactions.transaction(customer, false, started.id());
        while ("pending-payment".equals(now.state())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("transaction " + started.id() + " stayed unpaid");
            }
            sleep();
            now = transactions.transaction(customer, false, started.id());
        }
        return now;
    }

    private void payWhenAsked(TransactionView started) {
        if (started.payment() != null && started.payment().nextActionUrl() != null) {
            payments.payWithTestCard(started.payment().id());
        }
    }

    private void await(UUID member, UUID id, String state) {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!state.equals(transactions.transaction(member, false, id).state())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("transaction " + id + " never became " + state);
            }
            sleep();
        }
    }

    private Optional<ListingView> listing(UUID owner, String titleStart) {
        return listings.mine(owner, null, Listings.MAX_LIMIT).items().stream()
                .filter(l -> l.title().startsWith(titleStart) && l.isPublic())
                .findFirst();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
