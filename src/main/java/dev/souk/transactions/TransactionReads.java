package dev.souk.transactions;

import dev.souk.payments.PaymentView;
import dev.souk.payments.Payments;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import dev.souk.transactions.Process.Role;
import dev.souk.transactions.Process.Transition;
import dev.souk.transactions.TransactionStore.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Transactions as their parties, an operator or another module see them: one, a member's lists, the
 * booked days of a listing; each view carries the transitions its viewer may take now.
 */
@Component
class TransactionReads {

    private final TransactionStore store;
    private final ProcessCatalog processes;
    private final Payments payments;
    private final Clock clock;

    TransactionReads(TransactionStore store, ProcessCatalog processes, Payments payments, Clock clock) {
        this.store = store;
        this.processes = processes;
        this.payments = payments;
        this.clock = clock;
    }

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
    TransactionView transaction(UUID memberId, boolean operator, UUID id) {
        Row row = store.find(id)
                .filter(r -> operator || ProcessEngine.isParty(r, memberId))
                .orElseThrow(() -> Refusal.notFound("transactions.notFound"));
        return view(row, memberId, operator);
    }

    /**
     * What active bookings hold of a listing's days from {@code from} to {@code to} (inclusive), at most
     * a year and a bit; days with nothing held are left out. The search module keeps its calendar with it.
     */
    List<BookedDay> bookedDays(UUID listingId, LocalDate from, LocalDate to) {
        if (to.isBefore(from) || java.time.temporal.ChronoUnit.DAYS.between(from, to) > Pricing.HORIZON_DAYS + 31) {
            throw InvalidInput.of("to", "transactions.range.invalid");
        }
        return store.bookedDays(listingId, from, to);
    }

    /** The transaction a payment pays for, if it is one. */
    Optional<UUID> byPayment(UUID paymentId) {
        return store.byPayment(paymentId);
    }

    /**
     * A member's transactions, newest first.
     *
     * @param asProvider their bookings and sales; otherwise their trips and orders
     * @param state only those in this state
     */
    TransactionPage list(
            UUID memberId, boolean asProvider, @Nullable String state, @Nullable String cursor, int limit) {
        if (limit < 1 || limit > Transactions.MAX_LIMIT) {
            throw InvalidInput.of("limit", "transactions.limit.range", Transactions.MAX_LIMIT);
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
    TransactionPage inState(UUID operatorId, String state, @Nullable String cursor, int limit) {
        if (limit < 1 || limit > Transactions.MAX_LIMIT) {
            throw InvalidInput.of("limit", "transactions.limit.range", Transactions.MAX_LIMIT);
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

    TransactionView view(Row row, UUID viewerId, boolean operator) {
        Process process = processes.version(row.processKey(), row.processVersion());
        Set<Role> roles = ProcessEngine.roles(row, viewerId, operator);
        Instant now = clock.instant();
        List<String> available = process.from(row.state()).stream()
                .filter(t -> t.by().stream().anyMatch(roles::contains))
                .filter(t -> ProcessEngine.guardsHold(t, row, now))
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
}
