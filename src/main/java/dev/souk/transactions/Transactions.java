package dev.souk.transactions;

import dev.souk.accounts.Accounts;
import dev.souk.infra.SoukProperties;
import dev.souk.listings.ListingView;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.TransactionKind;
import dev.souk.messaging.Messaging;
import dev.souk.payments.Gateway;
import dev.souk.payments.PaymentState;
import dev.souk.payments.PaymentView;
import dev.souk.payments.Payments;
import dev.souk.payments.StartPayment;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Refusal;
import dev.souk.transactions.Process.Action;
import dev.souk.transactions.Process.Param;
import dev.souk.transactions.Process.Role;
import dev.souk.transactions.Process.Transition;
import dev.souk.transactions.Process.Trigger;
import dev.souk.transactions.TransactionStore.Row;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where two members deal. The facade decides: it starts transactions and takes their transitions as
 * the process allows, each in one database transaction opened here, and calls the payments gateway
 * only outside one; money moves through the payments facade once the transition that decides it has
 * committed. Its package-private parts: {@link TransactionQuotes} prices a request and checks it is
 * free, {@link ProcessEngine} moves a transaction along a transition inside the caller's database
 * transaction, {@link TransactionMoney} runs the money actions, {@link TransactionReads} reads.
 */
@Service
public class Transactions {

    public static final int DEFAULT_LIMIT = 24;
    public static final int MAX_LIMIT = 100;

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    private final TransactionStore store;
    private final ProcessCatalog processes;
    private final TransactionQuotes quotes;
    private final ProcessEngine engine;
    private final TransactionMoney money;
    private final TransactionReads reads;
    private final Payments payments;
    private final Messaging messaging;
    private final Accounts accounts;
    private final TransactionTemplate transactions;
    private final SoukProperties properties;
    private final Clock clock;

    Transactions(
            TransactionStore store,
            ProcessCatalog processes,
            TransactionQuotes quotes,
            ProcessEngine engine,
            TransactionMoney money,
            TransactionReads reads,
            Payments payments,
            Messaging messaging,
            Accounts accounts,
            TransactionTemplate transactions,
            SoukProperties properties,
            Clock clock) {
        this.store = store;
        this.processes = processes;
        this.quotes = quotes;
        this.engine = engine;
        this.money = money;
        this.reads = reads;
        this.payments = payments;
        this.messaging = messaging;
        this.accounts = accounts;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    // --- quoting ---------------------------------------------------------------------------------

    /**
     * The price of a request for a public listing, with its availability, duration, advance notice and
     * stock checked: 400 for a malformed request, 422 for one the listing's rules refuse, 409 for dates
     * or stock already taken.
     */
    public Quote quote(BookingRequest request) {
        return quotes.quote(request);
    }

    // --- starting --------------------------------------------------------------------------------

    /**
     * A transaction just started.
     *
     * @param nextActionUrl where the customer pays (a card checkout); none when nothing is due now
     */
    public record Started(
            TransactionView transaction, @Nullable URI nextActionUrl) {}

    /**
     * Starts a booking, an order or an inquiry on a public listing, following the process its type
     * chooses. The same refusals as {@link #quote}, and: 403 for an unverified member, 422 for the
     * owner of the listing.
     */
    public Started start(UUID customerId, BookingRequest request) {
        return start(customerId, request, null);
    }

    /**
     * {@link #start(UUID, BookingRequest)} for a form that names its attempt: sent again (a second
     * click, a reload), it answers the transaction the first one made instead of making another.
     *
     * @param attempt the id the transaction takes; one of another member's is not used
     */
    public Started start(UUID customerId, BookingRequest request, @Nullable UUID attempt) {
        if (attempt != null) {
            Optional<Row> made = store.find(attempt);
            if (made.isPresent()) {
                return again(customerId, made.get());
            }
        }
        accounts.requireVerified(customerId);
        ListingView listing = quotes.publicListing(request.listingId());
        if (listing.ownerId().equals(customerId)) {
            throw Refusal.invalidState("transactions.ownListing");
        }
        ListingType type = quotes.typeOf(listing);
        TransactionKind kind = type.transaction();
        Pricing.Asked asked = Pricing.parse(kind, request);
        String message = ProcessEngine.message(request.message());
        Quote quote = kind == TransactionKind.INQUIRY ? null : quotes.priced(listing, type, asked);
        if (kind == TransactionKind.INQUIRY && message == null) {
            throw InvalidInput.of("message", "transactions.message.required");
        }
        quotes.checkFree(listing, type, asked);
        Process process = processes.latest(processKey(listing, type));
        boolean pays = quote != null && process.start().actions().contains(Action.AUTHORIZE_PAYMENT);
        // a direct payment calls no one: it is agreed in the transaction's own database transaction,
        // together with the transition it decides
        boolean payNow = pays && payments.gateway() == Gateway.DIRECT;
        UUID id = attempt != null ? attempt : UUID.randomUUID();
        Row started;
        try {
            started = transactions.execute(status -> {
                Instant now = clock.instant();
                UUID conversation = messaging.openConversation(customerId, listing.id());
                Row row = new Row(
                        id,
                        process.key(),
                        process.version(),
                        process.start().to(),
                        1,
                        now,
                        listing.id(),
                        listing.title(),
                        kind,
                        customerId,
                        listing.ownerId(),
                        asked.start(),
                        asked.end(),
                        listing.timeZone(),
                        asked.seats(),
                        asked.quantity(),
                        quote == null ? null : store.stored(quote),
                        null,
                        conversation,
                        now);
                store.insert(row);
                TransactionView.Step step =
                        new TransactionView.Step("start", null, row.state(), "customer", now, message, null);
                engine.perform(row, row, step, process.start().actions(), Map.of(), customerId, type.multipleSeats());
                if (message != null) {
                    messaging.send(customerId, conversation, message);
                }
                if (payNow && quote != null) {
                    PaymentView payment = payments.start(startPayment(row, quote));
                    store.setPayment(row.id(), payment.id());
                    Row paid = row.paidWith(payment.id());
                    Trigger trigger = decided(payment);
                    Row moved = trigger == null ? paid : engine.fired(paid, trigger);
                    if (moved.seq() != row.seq()) {
                        return moved;
                    }
                }
                engine.setTimers(row);
                return row;
            });
        } catch (DataIntegrityViolationException e) {
            if (attempt != null && sqlState(e, "23505")) {
                // the same attempt, sent twice at once: the other one made it
                return again(customerId, store.find(attempt).orElseThrow(() -> e));
            }
            if (!sqlState(e, "23P01")) {
                throw e;
            }
            // someone booked these dates between the check and the insert
            List<FieldProblem> taken = quotes.takenDays(listing, asked);
            throw Refusal.conflict(
                    "transactions.dates.taken",
                    taken.isEmpty() ? List.of(new FieldProblem("dates", "transactions.dates.justTaken")) : taken);
        }
        URI next = null;
        if (started != null && pays && !payNow && quote != null) {
            next = authorize(started, quote);
        } else if (started != null && payNow) {
            money.runMoney(id);
        }
        return new Started(reads.view(store.find(id).orElseThrow(), customerId, false), next);
    }

    /** A transaction an attempt already made: its customer sees it; anyone else has made nothing. */
    private Started again(UUID customerId, Row made) {
        if (!made.customerId().equals(customerId)) {
            throw Refusal.conflict("transactions.attempt.taken");
        }
        return new Started(reads.view(made, customerId, false), null);
    }

    /**
     * Whether the database refused the write with this state: {@code 23P01} a booking that overlaps
     * another (the exclusion constraint), {@code 23505} a key taken.
     */
    private static boolean sqlState(Throwable e, String state) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String processKey(ListingView listing, ListingType type) {
        switch (type.transaction()) {
            case INQUIRY:
                return "inquiry";
            case PURCHASE:
                return "purchase";
            default:
                return type.instantBook() && listing.instantBook() ? "instant-booking" : "request-booking";
        }
    }

    /**
     * Starts the payment of a committed transaction (outside any database transaction: the gateway is
     * called). A direct payment is agreed at once, which pays the transaction now.
     */
    private @Nullable URI authorize(Row row, Quote quote) {
        PaymentView payment;
        try {
            payment = payments.start(startPayment(row, quote));
        } catch (RuntimeException e) {
            log.warn("transaction={} payment could not start: {}", row.id(), e.toString());
            failWithoutPayment(row.id());
            throw e;
        }
        transactions.executeWithoutResult(status -> store.setPayment(row.id(), payment.id()));
        Trigger trigger = decided(payment);
        if (trigger != null) {
            fire(row.id(), trigger, payment.id());
        }
        return payment.state() == PaymentState.REQUIRES_ACTION ? payment.nextActionUrl() : null;
    }

    private StartPayment startPayment(Row row, Quote quote) {
        return new StartPayment(
                row.id(),
                row.customerId(),
                row.providerId(),
                quote.customerTotal(),
                quote.marketplaceTotal(),
                description(row),
                // each attempt at paying (an offer may be paid again after a failure) has its own key
                "transaction:" + row.id() + ":" + row.seq(),
                // back on the transaction's page, which waits there for the gateway's answer
                URI.create(properties.baseUrl().replaceAll("/+$", "") + "/transactions/" + row.id() + "?returned=1"));
    }

    /** The trigger a payment's state fires at once; none while it waits for the customer or the gateway. */
    private static @Nullable Trigger decided(PaymentView payment) {
        switch (payment.state()) {
            case AGREED, AUTHORIZED:
                return Trigger.PAYMENT_AUTHORIZED;
            case FAILED:
                return Trigger.PAYMENT_FAILED;
            default:
                return null;
        }
    }

    /** A payment that could not even start: the transaction gives up what it held for it. */
    private void failWithoutPayment(UUID id) {
        transactions.executeWithoutResult(
                status -> store.lock(id).ifPresent(row -> engine.fired(row, Trigger.PAYMENT_FAILED)));
    }

    private static String description(Row row) {
        String title = row.listingTitle();
        return title.length() > 150 ? title.substring(0, 150) : title;
    }

    // --- transitions -----------------------------------------------------------------------------

    /**
     * Takes a transition as a party (or an operator): 404 if the member is neither, 422 if the process
     * doesn't let them take it now, 400 for parameters it doesn't take or that are malformed.
     */
    public TransactionView take(UUID memberId, boolean operator, UUID id, String name, Map<String, String> params) {
        if (name.length() > 50) {
            throw InvalidInput.of("name", "transactions.transition.unknown");
        }
        Row paying = transactions.execute(status -> {
            Row row = store.lock(id)
                    .filter(r -> operator || ProcessEngine.isParty(r, memberId))
                    .orElseThrow(() -> Refusal.notFound("transactions.notFound"));
            Process process = processes.version(row.processKey(), row.processVersion());
            Set<Role> roles = ProcessEngine.roles(row, memberId, operator);
            Instant now = clock.instant();
            Transition transition = process.from(row.state()).stream()
                    .filter(t -> t.name().equals(name))
                    .filter(t -> t.by().stream().anyMatch(roles::contains))
                    .filter(t -> ProcessEngine.guardsHold(t, row, now))
                    .findFirst()
                    .orElseThrow(() -> Refusal.invalidState("transactions.transition.notAvailable", name));
            Map<Param, String> checked = engine.params(transition, row, params);
            Role role =
                    transition.by().stream().filter(roles::contains).findFirst().orElseThrow();
            Row moved = engine.move(row, transition, role.name().toLowerCase(Locale.ROOT), memberId, checked, now);
            return transition.actions().contains(Action.AUTHORIZE_PAYMENT) ? moved : null;
        });
        if (paying != null && paying.quote() != null) {
            authorize(paying, paying.quote());
        }
        money.runMoney(id);
        return reads.transaction(memberId, operator, id);
    }

    /**
     * What a payment reports takes the transition waiting for it, if the transaction still waits and
     * the payment is the one it waits for (an earlier, failed one of an offer's may report late).
     */
    void fire(UUID id, Trigger trigger, UUID paymentId) {
        transactions.executeWithoutResult(status -> store.lock(id)
                .filter(row -> paymentId.equals(row.paymentId()))
                .ifPresent(row -> engine.fired(row, trigger)));
        money.runMoney(id);
    }

    /** A timer set when the transaction entered a state; nothing happens if it has moved on since. */
    void fireTimer(UUID id, int seq, String name) {
        transactions.executeWithoutResult(status -> store.lock(id).ifPresent(row -> {
            if (row.seq() != seq) {
                return;
            }
            Process process = processes.version(row.processKey(), row.processVersion());
            process.from(row.state()).stream()
                    .filter(t -> t.name().equals(name) && t.timer().isPresent())
                    .findFirst()
                    .ifPresent(t -> engine.move(row, t, "system", null, Map.of(), clock.instant()));
        }));
        money.runMoney(id);
    }

    // --- money -----------------------------------------------------------------------------------

    /** Repeats money actions that failed before; called every few seconds on one node. */
    void repeatDueMoney(int limit) {
        money.repeatDueMoney(limit);
    }

    // --- reading ---------------------------------------------------------------------------------

    /** The parameters a transition's form asks for ({@code message}, {@code refund}). */
    List<String> paramsOf(String processKey, int version, String state, String name) {
        return reads.paramsOf(processKey, version, state, name);
    }

    /** One transaction, for its customer, its provider or an operator; 404 for anyone else. */
    public TransactionView transaction(UUID memberId, boolean operator, UUID id) {
        return reads.transaction(memberId, operator, id);
    }

    /**
     * What active bookings hold of a listing's days from {@code from} to {@code to} (inclusive), at most
     * a year and a bit; days with nothing held are left out. The search module keeps its calendar with it.
     */
    public List<BookedDay> bookedDays(UUID listingId, LocalDate from, LocalDate to) {
        return reads.bookedDays(listingId, from, to);
    }

    /** The transaction a payment pays for, if it is one. */
    public Optional<UUID> byPayment(UUID paymentId) {
        return reads.byPayment(paymentId);
    }

    /**
     * A member's transactions, newest first.
     *
     * @param asProvider their bookings and sales; otherwise their trips and orders
     * @param state only those in this state
     */
    public TransactionPage list(
            UUID memberId, boolean asProvider, @Nullable String state, @Nullable String cursor, int limit) {
        return reads.list(memberId, asProvider, state, cursor, limit);
    }

    /**
     * Every member's transactions in one state, newest first, as an operator sees them (disputes to
     * resolve); the caller has checked the viewer is an operator.
     */
    public TransactionPage inState(UUID operatorId, String state, @Nullable String cursor, int limit) {
        return reads.inState(operatorId, state, cursor, limit);
    }

    /** Every transaction of a member's in one role, newest first, for their data export. */
    List<TransactionView> all(UUID memberId, boolean asProvider, int max) {
        return reads.all(memberId, asProvider, max);
    }
}
