package dev.souk.transactions;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.souk.infra.Timers;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.messaging.Messaging;
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
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Moves a transaction along a transition of its process, inside the caller's database transaction:
 * records the step, runs the transition's actions (dates and stock held or released, money actions
 * recorded to run after commit, events) and sets the timers of the state entered. Who may take which
 * transition, and the parameters it takes, are checked here too.
 */
@Component
class ProcessEngine {

    private final TransactionStore store;
    private final ProcessCatalog processes;
    private final TransactionQuotes quotes;
    private final Listings listings;
    private final Marketplace marketplace;
    private final Messaging messaging;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<Timers> timers;
    private final OneTimeTask<String> timerTask;
    private final MessageSource messages;
    private final Clock clock;

    ProcessEngine(
            TransactionStore store,
            ProcessCatalog processes,
            TransactionQuotes quotes,
            Listings listings,
            Marketplace marketplace,
            Messaging messaging,
            ApplicationEventPublisher events,
            ObjectProvider<Timers> timers,
            OneTimeTask<String> transactionTimerTask,
            MessageSource messages,
            Clock clock) {
        this.store = store;
        this.processes = processes;
        this.quotes = quotes;
        this.listings = listings;
        this.marketplace = marketplace;
        this.messaging = messaging;
        this.events = events;
        this.timers = timers;
        this.timerTask = transactionTimerTask;
        this.messages = messages;
        this.clock = clock;
    }

    /** The transition waiting for this trigger taken, in the caller's transaction; the row as it is then. */
    Row fired(Row row, Trigger trigger) {
        Process process = processes.version(row.processKey(), row.processVersion());
        return process.from(row.state()).stream()
                .filter(t -> t.on().filter(trigger::equals).isPresent())
                .findFirst()
                .map(t -> move(row, t, "system", null, Map.of(), clock.instant()))
                .orElse(row);
    }

    Row move(Row row, Transition t, String by, @Nullable UUID member, Map<Param, String> params, Instant now) {
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
    void perform(
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
            ListingView listing = quotes.publicListing(row.listingId());
            List<FieldProblem> taken = quotes.takenDays(listing, new Pricing.Asked(start, end, 0, row.seats(), null));
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

    void setTimers(Row row) {
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

    static boolean guardsHold(Transition t, Row row, Instant now) {
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

    Map<Param, String> params(Transition t, Row row, Map<String, String> given) {
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

    static @Nullable String message(@Nullable String text) {
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

    static boolean isParty(Row row, UUID memberId) {
        return row.customerId().equals(memberId) || row.providerId().equals(memberId);
    }

    static Set<Role> roles(Row row, UUID memberId, boolean operator) {
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
}
