package dev.souk.transactions;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.souk.accounts.Accounts;
import dev.souk.infra.SoukProperties;
import dev.souk.infra.Timers;
import dev.souk.listings.DayAvailability;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import dev.souk.messaging.Messaging;
import dev.souk.payments.Gateway;
import dev.souk.payments.PaymentState;
import dev.souk.payments.PaymentView;
import dev.souk.payments.Payments;
import dev.souk.payments.StartPayment;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import dev.souk.transactions.Process.Action;
import dev.souk.transactions.Process.Guard;
import dev.souk.transactions.Process.Param;
import dev.souk.transactions.Process.Role;
import dev.souk.transactions.Process.Transition;
import dev.souk.transactions.Process.Trigger;
import dev.souk.transactions.TransactionStore.Row;
import dev.souk.transactions.TransactionStore.StoredQuote;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where two members deal. The facade decides: it checks and prices requests, takes transitions as the
 * transaction's process allows, and records them; money moves through the payments facade once the
 * transition that decides it has committed.
 */
@Service
public class Transactions {

    public static final int DEFAULT_LIMIT = 24;
    public static final int MAX_LIMIT = 100;

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    /** How long a node keeps repeated money actions to itself before another may take them. */
    private static final Duration MONEY_CLAIM = Duration.ofMinutes(2);

    private final TransactionStore store;
    private final ProcessCatalog processes;
    private final Listings listings;
    private final Marketplace marketplace;
    private final Payments payments;
    private final Messaging messaging;
    private final Accounts accounts;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final ObjectProvider<Timers> timers;
    private final OneTimeTask<String> timerTask;
    private final MessageSource messages;
    private final SoukProperties properties;
    private final Clock clock;

    Transactions(
            TransactionStore store,
            ProcessCatalog processes,
            Listings listings,
            Marketplace marketplace,
            Payments payments,
            Messaging messaging,
            Accounts accounts,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            ObjectProvider<Timers> timers,
            OneTimeTask<String> transactionTimerTask,
            MessageSource messages,
            SoukProperties properties,
            Clock clock) {
        this.store = store;
        this.processes = processes;
        this.listings = listings;
        this.marketplace = marketplace;
        this.payments = payments;
        this.messaging = messaging;
        this.accounts = accounts;
        this.events = events;
        this.transactions = transactions;
        this.timers = timers;
        this.timerTask = transactionTimerTask;
        this.messages = messages;
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

    private Quote priced(ListingView listing, ListingType type, Pricing.Asked asked) {
        Pricing.checkRules(listing, type, asked, LocalDate.ofInstant(clock.instant(), listing.timeZone()));
        Quote quote = Pricing.quote(
                listing, type.transaction(), asked, marketplace.config().commission(), messages);
        if (!marketplace.settings().allows(quote.customerTotal().currency())) {
            throw Refusal.invalidState("transactions.currency.notAccepted");
        }
        return quote;
    }

    /** Refuses (409) dates, seats or stock no longer free, listing the days taken. */
    private void checkFree(ListingView listing, ListingType type, Pricing.Asked asked) {
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

    private List<FieldProblem> takenDays(ListingView listing, Pricing.Asked asked) {
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
        ListingView listing = publicListing(request.listingId());
        if (listing.ownerId().equals(customerId)) {
            throw Refusal.invalidState("transactions.ownListing");
        }
        ListingType type = typeOf(listing);
        TransactionKind kind = type.transaction();
        Pricing.Asked asked = Pricing.parse(kind, request);
        String message = message(request.message());
        Quote quote = kind == TransactionKind.INQUIRY ? null : priced(listing, type, asked);
        if (kind == TransactionKind.INQUIRY && message == null) {
            throw InvalidInput.of("message", "transactions.message.required");
        }
        checkFree(listing, type, asked);
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
                perform(row, row, step, process.start().actions(), Map.of(), customerId, type.multipleSeats());
                if (message != null) {
                    messaging.send(customerId, conversation, message);
                }
                if (payNow && quote != null) {
                    PaymentView payment = payments.start(startPayment(row, quote));
                    store.setPayment(row.id(), payment.id());
                    Row paid = row.paidWith(payment.id());
                    Trigger trigger = decided(payment);
                    Row moved = trigger == null ? paid : fired(paid, trigger);
                    if (moved.seq() != row.seq()) {
                        return moved;
                    }
                }
                setTimers(row);
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
            List<FieldProblem> taken = takenDays(listing, asked);
            throw Refusal.conflict(
                    "transactions.dates.taken",
                    taken.isEmpty() ? List.of(new FieldProblem("dates", "transactions.dates.justTaken")) : taken);
        }
        URI next = null;
        if (started != null && pays && !payNow && quote != null) {
            next = authorize(started, quote);
        } else if (started != null && payNow) {
            runMoney(id);
        }
        return new Started(view(store.find(id).orElseThrow(), customerId, false), next);
    }

    /** A transaction an attempt already made: its customer sees it; anyone else has made nothing. */
    private Started again(UUID customerId, Row made) {
        if (!made.customerId().equals(customerId)) {
            throw Refusal.conflict("transactions.attempt.taken");
        }
        return new Started(view(made, customerId, false), null);
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
                status -> store.lock(id).ifPresent(row -> fired(row, Trigger.PAYMENT_FAILED)));
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
                    .filter(r -> operator || isParty(r, memberId))
                    .orElseThrow(() -> Refusal.notFound("transactions.notFound"));
            Process process = processes.version(row.processKey(), row.processVersion());
            Set<Role> roles = roles(row, memberId, operator);
            Instant now = clock.instant();
            Transition transition = process.from(row.state()).stream()
                    .filter(t -> t.name().equals(name))
                    .filter(t -> t.by().stream().anyMatch(roles::contains))
                    .filter(t -> guardsHold(t, row, now))
                    .findFirst()
                    .orElseThrow(() -> Refusal.invalidState("transactions.transition.notAvailable", name));
            Map<Param, String> checked = params(transition, row, params);
            Role role =
                    transition.by().stream().filter(roles::contains).findFirst().orElseThrow();
            Row moved = move(row, transition, role.name().toLowerCase(Locale.ROOT), memberId, checked, now);
            return transition.actions().contains(Action.AUTHORIZE_PAYMENT) ? moved : null;
        });
        if (paying != null && paying.quote() != null) {
            authorize(paying, paying.quote());
        }
        runMoney(id);
        return transaction(memberId, operator, id);
    }

    /**
     * What a payment reports takes the transition waiting for it, if the transaction still waits and
     * the payment is the one it waits for (an earlier, failed one of an offer's may report late).
     */
    void fire(UUID id, Trigger trigger, UUID paymentId) {
        transactions.executeWithoutResult(status ->
                store.lock(id).filter(row -> paymentId.equals(row.paymentId())).ifPresent(row -> fired(row, trigger)));
        runMoney(id);
    }

    /** The transition waiting for this trigger taken, in the caller's transaction; the row as it is then. */
    private Row fired(Row row, Trigger trigger) {
        Process process = processes.version(row.processKey(), row.processVersion());
        return process.from(row.state()).stream()
                .filter(t -> t.on().filter(trigger::equals).isPresent())
                .findFirst()
                .map(t -> move(row, t, "system", null, Map.of(), clock.instant()))
                .orElse(row);
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
                    .ifPresent(t -> move(row, t, "system", null, Map.of(), clock.instant()));
        }));
        runMoney(id);
    }

    private Row move(Row row, Transition t, String by, @Nullable UUID member, Map<Param, String> params, Instant now) {
        Row moved = row.moved(t.to(), now);
        store.moved(moved, now);
        String price = params.get(Param.PRICE);
        if (price != null && t.actions().contains(Action.QUOTE)) {
            ListingView listing = listings.find(row.listingId(), null, true)
                    .orElseThrow(() -> Refusal.notFound("transactions.listing.notFound"));
            StoredQuote offer = store.stored(Pricing.offer(
                    listing,
                    new Money(Long.parseLong(price), marketplace.settings().defaultCurrency()),
                    marketplace.config().commission(),
                    messages,
                    row.timeZone()));
            store.setQuote(row.id(), offer);
            moved = moved.priced(offer);
        }
        String message = params.get(Param.MESSAGE);
        TransactionView.Step step = new TransactionView.Step(t.name(), row.state(), t.to(), by, now, message, null);
        perform(row, moved, step, t.actions(), params, member, false);
        setTimers(moved);
        // an operator's note stays on the timeline: the conversation is the two parties' own
        if (message != null && member != null && isParty(row, member) && row.conversationId() != null) {
            messaging.send(member, row.conversationId(), message);
        }
        return moved;
    }

    /**
     * Runs a transition's actions in order, within its database transaction; money actions are recorded
     * to run after it commits. Records the step; the caller sets the timers of the state entered.
     */
    private void perform(
            Row before,
            Row after,
            TransactionView.Step step,
            List<Action> actions,
            Map<Param, String> params,
            @Nullable UUID member,
            boolean multipleSeats) {
        Instant now = step.at();
        Long refund = null;
        boolean notify = false;
        for (int position = 0; position < actions.size(); position++) {
            Action action = actions.get(position);
            switch (action) {
                case QUOTE, AUTHORIZE_PAYMENT -> {
                    // priced before the transaction was stored; paid for once it is committed
                }
                case RESERVE_DATES -> reserve(after, multipleSeats);
                case RELEASE_DATES -> release(after);
                case RESERVE_STOCK -> listings.reserveStock(after.listingId(), quantity(after), after.id());
                case RELEASE_STOCK -> listings.releaseStock(after.listingId(), quantity(after), after.id());
                case CAPTURE, VOID, PAY_OUT ->
                    store.addMoneyAction(after.id(), after.seq(), position, action, null, now);
                case REFUND_BY_POLICY, REFUND_IN_FULL, REFUND_AMOUNT -> {
                    long amount = refund(action, after, params, now);
                    refund = amount;
                    if (amount > 0) {
                        store.addMoneyAction(after.id(), after.seq(), position, action, amount, now);
                    }
                }
                case OPEN_REVIEW_WINDOW ->
                    events.publishEvent(new ReviewWindowOpened(
                            after.id(), after.listingId(), after.customerId(), after.providerId(), now));
                case NOTIFY -> notify = true;
            }
        }
        TransactionView.Step recorded =
                new TransactionView.Step(step.name(), step.from(), step.to(), step.by(), now, step.message(), refund);
        store.appendStep(
                after.id(),
                new TransactionStore.Step(
                        after.seq(),
                        recorded.name(),
                        recorded.from(),
                        recorded.to(),
                        recorded.by(),
                        member,
                        now,
                        recorded.message(),
                        refund),
                after.storedQuote());
        events.publishEvent(new TransactionMoved(
                after.id(),
                after.processKey(),
                step.name(),
                step.from(),
                step.to(),
                step.by(),
                after.listingId(),
                after.customerId(),
                after.providerId(),
                refund,
                notify,
                now));
    }

    private static int quantity(Row row) {
        Integer quantity = row.quantity();
        if (quantity == null) {
            throw new IllegalStateException("transaction " + row.id() + " has no quantity to reserve");
        }
        return quantity;
    }

    private void reserve(Row row, boolean multipleSeats) {
        LocalDateTime start = row.startsLocal();
        LocalDateTime end = row.endsLocal();
        if (start == null || end == null) {
            throw new IllegalStateException("transaction " + row.id() + " has no dates to reserve");
        }
        if (multipleSeats) {
            // several customers may share a day: count them under the listing's lock, then hold
            store.lockListing(row.listingId());
            ListingView listing = publicListing(row.listingId());
            List<FieldProblem> taken = takenDays(listing, new Pricing.Asked(start, end, 0, row.seats(), null));
            if (!taken.isEmpty()) {
                throw Refusal.conflict("transactions.dates.taken", taken);
            }
        }
        store.book(row.id(), row.listingId(), row.seats(), start, end, !multipleSeats);
        listings.seatsChanged(row.listingId());
        events.publishEvent(new BookingsChanged(row.listingId(), start.toLocalDate(), lastDay(end)));
    }

    private void release(Row row) {
        LocalDateTime start = row.startsLocal();
        LocalDateTime end = row.endsLocal();
        if (store.release(row.id()) && start != null && end != null) {
            listings.seatsChanged(row.listingId());
            events.publishEvent(new BookingsChanged(row.listingId(), start.toLocalDate(), lastDay(end)));
        }
    }

    private static LocalDate lastDay(LocalDateTime end) {
        return end.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                ? end.toLocalDate().minusDays(1)
                : end.toLocalDate();
    }

    private long refund(Action action, Row row, Map<Param, String> params, Instant now) {
        Quote quote = row.quote();
        if (quote == null) {
            return 0;
        }
        long paid = quote.customerTotal().amount();
        switch (action) {
            case REFUND_BY_POLICY:
                return Pricing.refundOnCancel(quote, paid, now);
            case REFUND_IN_FULL:
                return paid;
            default:
                String amount = params.get(Param.REFUND);
                return amount == null ? 0 : Long.parseLong(amount);
        }
    }

    private void setTimers(Row row) {
        Process process = processes.version(row.processKey(), row.processVersion());
        for (Transition t : process.from(row.state())) {
            t.timer().ifPresent(timer -> {
                Instant due = moment(timer.relativeTo(), row).plus(timer.after());
                Optional<Process.Moment> cap = timer.notLaterThan();
                if (cap.isPresent()) {
                    Instant latest = moment(cap.get(), row);
                    if (latest.isBefore(due)) {
                        due = latest;
                    }
                }
                String data = row.id() + "|" + row.seq() + "|" + t.name();
                timers.getObject().transactional().scheduleIfNotExists(timerTask.instance(data, data), due);
            });
        }
    }

    private static Instant moment(Process.Moment moment, Row row) {
        Instant at;
        switch (moment) {
            case START:
                at = row.startsAt();
                break;
            case END:
                at = row.endsAt();
                break;
            default:
                at = row.enteredAt();
        }
        // a timer relative to a booking's dates on an order without dates counts from entering the state
        return at == null ? row.enteredAt() : at;
    }

    private static boolean guardsHold(Transition t, Row row, Instant now) {
        for (Guard guard : t.guards()) {
            Instant start = row.startsAt();
            Instant end = row.endsAt();
            boolean holds;
            switch (guard) {
                case BEFORE_START:
                    holds = start == null || now.isBefore(start);
                    break;
                default:
                    holds = end != null && !now.isBefore(end);
            }
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private Map<Param, String> params(Transition t, Row row, Map<String, String> given) {
        Map<Param, String> checked = new java.util.EnumMap<>(Param.class);
        List<FieldProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> entry : given.entrySet()) {
            Param param = t.params().stream()
                    .filter(p -> p.name().equalsIgnoreCase(entry.getKey()))
                    .findFirst()
                    .orElse(null);
            if (param == null) {
                problems.add(new FieldProblem(
                        "params."
                                + (entry.getKey().length() > 30 ? entry.getKey().substring(0, 30) : entry.getKey()),
                        "transactions.param.unknown"));
                continue;
            }
            String value = entry.getValue();
            if (value == null || value.isBlank()) {
                continue;
            }
            if (param == Param.MESSAGE) {
                String message = message(value);
                if (message != null) {
                    checked.put(param, message);
                }
            } else if (param == Param.PRICE) {
                long amount = amount(value);
                if (amount < 1 || amount > Listings.MAX_AMOUNT) {
                    problems.add(new FieldProblem("params.price", "transactions.price.range", Listings.MAX_AMOUNT));
                } else {
                    checked.put(param, Long.toString(amount));
                }
            } else {
                long paid =
                        row.quote() == null ? 0 : row.quote().customerTotal().amount();
                long amount = amount(value);
                if (amount < 0 || amount > paid) {
                    problems.add(new FieldProblem("params.refund", "transactions.refund.range", paid));
                } else {
                    checked.put(param, Long.toString(amount));
                }
            }
        }
        if (t.params().contains(Param.REFUND) && !checked.containsKey(Param.REFUND) && problems.isEmpty()) {
            problems.add(new FieldProblem("params.refund", "transactions.refund.required"));
        }
        if (t.params().contains(Param.PRICE) && !checked.containsKey(Param.PRICE) && problems.isEmpty()) {
            problems.add(new FieldProblem("params.price", "transactions.price.required"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return checked;
    }

    /** Minor units as typed; -1 for anything that isn't a whole number of them. */
    private static long amount(String value) {
        String typed = value.strip();
        if (typed.isEmpty() || typed.length() > 19 || !typed.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        try {
            return Long.parseLong(typed);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static @Nullable String message(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > Messaging.TEXT_MAX || text.codePointCount(0, text.length()) > Messaging.TEXT_MAX) {
            throw InvalidInput.of("message", "validation.length", 1, Messaging.TEXT_MAX);
        }
        if (!Text.acceptable(text)) {
            throw InvalidInput.of("message", "transactions.message.invalid");
        }
        return text.strip();
    }

    // --- money -----------------------------------------------------------------------------------

    /**
     * Asks the payments facade to move the money committed transitions decided, in order; what fails
     * is repeated by {@link #repeatDueMoney} with the same idempotency key.
     */
    void runMoney(UUID id) {
        Row row = store.find(id).orElse(null);
        if (row == null || row.paymentId() == null) {
            return;
        }
        PaymentView payment = payments.payment(row.paymentId()).orElse(null);
        for (TransactionStore.MoneyAction action : store.openMoneyActions(id)) {
            try {
                if (payment != null) {
                    payment = move(row, payment, action);
                }
                store.moneyDone(action, clock.instant());
            } catch (RuntimeException e) {
                Duration wait = Duration.ofSeconds(Math.min(3600, 5L << Math.min(action.attempts(), 10)));
                log.info(
                        "transaction={} money action {} not done yet: {}",
                        id,
                        action.action().key(),
                        e.toString());
                store.moneyFailed(action, e.toString(), clock.instant().plus(wait));
                return;
            }
        }
    }

    private PaymentView move(Row row, PaymentView payment, TransactionStore.MoneyAction action) {
        String key = "transaction:" + row.id() + ":" + action.seq() + ":"
                + action.action().key();
        boolean direct = payment.gateway() == Gateway.DIRECT;
        switch (action.action()) {
            case CAPTURE:
                // a direct payment is the customer's to make to the provider: nothing to capture
                return direct ? payment : payments.capture(payment.id(), null, key);
            case VOID:
                if (payment.state() == PaymentState.FAILED
                        || payment.state() == PaymentState.CANCELLED
                        || payment.state() == PaymentState.EXPIRED) {
                    return payment;
                }
                return payments.cancel(payment.id(), key);
            case PAY_OUT:
                return direct ? payment : payments.payout(payment.id(), key);
            default:
                // refunds of direct payments are settled between the members; the amount is on the timeline
                Long amount = action.amount();
                if (direct || amount == null || amount <= 0) {
                    return payment;
                }
                long refundable = payment.refundable().amount();
                return refundable <= 0
                        ? payment
                        : payments.refund(
                                payment.id(),
                                new Money(
                                        Math.min(amount, refundable),
                                        payment.amount().currency()),
                                key);
        }
    }

    /** Repeats money actions that failed before; called every few seconds on one node. */
    void repeatDueMoney(int limit) {
        List<UUID> due = transactions.execute(status -> store.claimDueMoney(clock.instant(), MONEY_CLAIM, limit));
        if (due != null) {
            due.forEach(this::runMoney);
        }
    }

    // --- reading ---------------------------------------------------------------------------------

    /** The parameters a transition's form asks for ({@code message}, {@code refund}). */
    List<String> paramsOf(String processKey, int version, String state, String name) {
        return processes.version(processKey, version).from(state).stream()
                .filter(t -> t.name().equals(name))
                .flatMap(t -> t.params().stream())
                .map(p -> p.name().toLowerCase(Locale.ROOT))
                .distinct()
                .sorted()
                .toList();
    }

    /** One transaction, for its customer, its provider or an operator; 404 for anyone else. */
    public TransactionView transaction(UUID memberId, boolean operator, UUID id) {
        Row row = store.find(id)
                .filter(r -> operator || isParty(r, memberId))
                .orElseThrow(() -> Refusal.notFound("transactions.notFound"));
        return view(row, memberId, operator);
    }

    /**
     * What active bookings hold of a listing's days from {@code from} to {@code to} (inclusive), at most
     * a year and a bit; days with nothing held are left out. The search module keeps its calendar with it.
     */
    public List<BookedDay> bookedDays(UUID listingId, LocalDate from, LocalDate to) {
        if (to.isBefore(from) || java.time.temporal.ChronoUnit.DAYS.between(from, to) > Pricing.HORIZON_DAYS + 31) {
            throw InvalidInput.of("to", "transactions.range.invalid");
        }
        return store.bookedDays(listingId, from, to);
    }

    /** The transaction a payment pays for, if it is one. */
    public Optional<UUID> byPayment(UUID paymentId) {
        return store.byPayment(paymentId);
    }

    /**
     * A member's transactions, newest first.
     *
     * @param asProvider their bookings and sales; otherwise their trips and orders
     * @param state only those in this state
     */
    public TransactionPage list(
            UUID memberId, boolean asProvider, @Nullable String state, @Nullable String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInput.of("limit", "transactions.limit.range", MAX_LIMIT);
        }
        if (state != null && (state.length() > 40 || !state.matches("[a-z][a-z-]*"))) {
            throw InvalidInput.of("state", "transactions.state.invalid");
        }
        TransactionCursor after = cursor == null || cursor.isBlank() ? null : TransactionCursor.parse(cursor);
        List<Row> rows = store.list(memberId, asProvider, state, after, limit + 1);
        return page(rows, limit, r -> view(r, memberId, false));
    }

    /**
     * Every member's transactions in one state, newest first, as an operator sees them (disputes to
     * resolve); the caller has checked the viewer is an operator.
     */
    public TransactionPage inState(UUID operatorId, String state, @Nullable String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInput.of("limit", "transactions.limit.range", MAX_LIMIT);
        }
        if (state.length() > 40 || !state.matches("[a-z][a-z-]*")) {
            throw InvalidInput.of("state", "transactions.state.invalid");
        }
        TransactionCursor after = cursor == null || cursor.isBlank() ? null : TransactionCursor.parse(cursor);
        List<Row> rows = store.listInState(state, after, limit + 1);
        return page(rows, limit, r -> view(r, operatorId, true));
    }

    private static TransactionPage page(
            List<Row> rows, int limit, java.util.function.Function<Row, TransactionView> view) {
        List<TransactionView> items = rows.stream().limit(limit).map(view).toList();
        String next = rows.size() > limit
                ? new TransactionCursor(
                                rows.get(limit - 1).createdAt(),
                                rows.get(limit - 1).id())
                        .encode()
                : null;
        return new TransactionPage(items, next);
    }

    /** Every transaction of a member's in one role, newest first, for their data export. */
    List<TransactionView> all(UUID memberId, boolean asProvider, int max) {
        return store.list(memberId, asProvider, null, null, max).stream()
                .map(r -> view(r, memberId, false))
                .toList();
    }

    private TransactionView view(Row row, UUID viewerId, boolean operator) {
        Process process = processes.version(row.processKey(), row.processVersion());
        Set<Role> roles = roles(row, viewerId, operator);
        Instant now = clock.instant();
        List<String> available = process.from(row.state()).stream()
                .filter(t -> t.by().stream().anyMatch(roles::contains))
                .filter(t -> guardsHold(t, row, now))
                .map(Transition::name)
                .distinct()
                .toList();
        List<TransactionView.Step> steps = store.steps(row.id()).stream()
                .map(s -> new TransactionView.Step(s.name(), s.from(), s.to(), s.by(), s.at(), s.message(), s.refund()))
                .toList();
        PaymentView payment = row.paymentId() == null
                ? null
                : payments.payment(row.paymentId()).orElse(null);
        return new TransactionView(
                row.id(),
                row.processKey(),
                row.processVersion(),
                row.state(),
                process.isFinal(row.state()),
                row.listingId(),
                row.listingTitle(),
                row.kind(),
                row.customerId(),
                row.providerId(),
                row.startsLocal(),
                row.endsLocal(),
                row.timeZone(),
                row.seats(),
                row.quantity(),
                row.quote(),
                payment,
                row.conversationId(),
                steps,
                available,
                row.createdAt());
    }

    // --- internals -------------------------------------------------------------------------------

    private static boolean isParty(Row row, UUID memberId) {
        return row.customerId().equals(memberId) || row.providerId().equals(memberId);
    }

    private static Set<Role> roles(Row row, UUID memberId, boolean operator) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (row.customerId().equals(memberId)) {
            roles.add(Role.CUSTOMER);
        }
        if (row.providerId().equals(memberId)) {
            roles.add(Role.PROVIDER);
        }
        if (operator) {
            roles.add(Role.OPERATOR);
        }
        return roles;
    }

    private ListingView publicListing(UUID id) {
        return listings.findPublic(id).orElseThrow(() -> Refusal.notFound("transactions.listing.notFound"));
    }

    private ListingType typeOf(ListingView listing) {
        return marketplace
                .listingType(listing.listingType())
                .orElseThrow(() -> Refusal.notFound("transactions.listing.notFound"));
    }
}
