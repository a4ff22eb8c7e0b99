package dev.souk.payments;

import dev.souk.payments.Ledger.Account;
import dev.souk.payments.Ledger.Entry;
import dev.souk.payments.PaymentGateway.Declined;
import dev.souk.payments.PaymentGateway.Outcome;
import dev.souk.payments.PaymentGateway.Pending;
import dev.souk.payments.PaymentGateway.RequiresAction;
import dev.souk.payments.PaymentGateway.Succeeded;
import dev.souk.payments.PaymentGateway.Unavailable;
import dev.souk.payments.PaymentStore.Operation;
import dev.souk.payments.PaymentStore.OperationKind;
import dev.souk.payments.PaymentStore.OperationState;
import dev.souk.payments.PaymentStore.Row;
import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Moves money in the three steps of {@link Payments}: records the operation (with its idempotency
 * key), calls the gateway outside any database transaction, and records the outcome with its journal,
 * once, whether the call's answer or a webhook brings it first. Also the recovery that repeats calls
 * whose answer never came. {@link Payments} decides whether an operation may run; this runs it.
 */
@Component
class MoneyMovements {

    private static final Logger log = LoggerFactory.getLogger(MoneyMovements.class);

    private final PaymentStore store;
    private final Ledger ledger;
    private final Map<Gateway, PaymentGateway> gateways = new EnumMap<>(Gateway.class);
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionOperations transactions;

    MoneyMovements(
            PaymentStore store,
            Ledger ledger,
            List<PaymentGateway> adapters,
            ApplicationEventPublisher events,
            Clock clock,
            TransactionOperations transactions) {
        this.store = store;
        this.ledger = ledger;
        // the first adapter of a gateway in Spring's order serves it: a stand-in ordered first replaces one
        adapters.forEach(adapter -> gateways.putIfAbsent(adapter.gateway(), adapter));
        this.events = events;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** The adapter serving a gateway; null when the application has none for it. */
    @Nullable
    PaymentGateway adapter(Gateway gateway) {
        return gateways.get(gateway);
    }

    Collection<PaymentGateway> adapters() {
        return gateways.values();
    }

    /**
     * Starts a checked payment through the marketplace's gateway: the payment and its authorization are
     * recorded, then the gateway is asked. The same idempotency key answers the payment it started the
     * first time.
     */
    PaymentView start(StartPayment request) {
        String key = request.idempotencyKey() + ":authorize";
        Optional<Operation> known = store.operationByKey(key);
        if (known.isPresent()) {
            return resume(known.get());
        }
        Gateway gateway = store.gateway();
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        Money zero = Money.zero(request.amount().currency());
        var payment = new PaymentView(
                id,
                request.reference(),
                gateway,
                request.customerId(),
                request.providerId(),
                request.description(),
                request.amount(),
                request.fee(),
                gateway == Gateway.DIRECT ? PaymentState.AGREED : PaymentState.PENDING,
                zero,
                zero,
                zero,
                zero,
                null,
                null,
                null,
                null,
                now);
        var op = new Operation(
                UUID.randomUUID(),
                id,
                OperationKind.AUTHORIZE,
                request.amount().amount(),
                key,
                OperationState.STARTED,
                null,
                0);
        boolean first = Boolean.TRUE.equals(transactions.execute(status -> {
            store.insert(payment, request.returnUrl(), now);
            if (!store.insertOperation(op, now, now.plus(Payments.FIRST_RETRY))) {
                status.setRollbackOnly();
                return false;
            }
            if (gateway == Gateway.DIRECT) {
                // nothing to call: the customer pays the provider as they agreed
                store.finishOperation(op.id(), OperationState.SUCCEEDED, null, null, now);
            }
            return true;
        }));
        if (!first) {
            return resume(store.operationByKey(key).orElseThrow());
        }
        if (gateway == Gateway.DIRECT) {
            return payment;
        }
        String providerAccount = store.payoutSettings(request.providerId())
                .map(PayoutSettings::stripeAccount)
                .orElse(null);
        Outcome outcome = call(
                gateway,
                adapter -> adapter.authorize(new PaymentGateway.Authorization(
                        id,
                        key,
                        request.amount(),
                        request.fee(),
                        providerAccount,
                        request.description(),
                        request.returnUrl())));
        return record(op.id(), outcome);
    }

    // --- the three steps -------------------------------------------------------------------------

    interface Decision {
        /** Checks the operation may run on the locked payment and answers its amount. */
        long amount(Row row);
    }

    /** Records an operation the decision allows on the locked payment, then calls the gateway. */
    PaymentView run(UUID paymentId, OperationKind kind, String idempotencyKey, Decision decision) {
        String key = idempotencyKey + ":" + kind.key();
        Optional<Operation> known = store.operationByKey(key);
        if (known.isPresent()) {
            if (!known.get().paymentId().equals(paymentId)) {
                throw Refusal.invalidState("payments.key.reused");
            }
            return resume(known.get());
        }
        Instant now = clock.instant();
        Operation op = transactions.execute(status -> {
            Row row = store.lock(paymentId).orElseThrow(() -> Refusal.notFound("payments.notFound"));
            long amount = decision.amount(row);
            var started =
                    new Operation(UUID.randomUUID(), paymentId, kind, amount, key, OperationState.STARTED, null, 0);
            if (!store.insertOperation(started, now, now.plus(Payments.FIRST_RETRY))) {
                status.setRollbackOnly();
                return store.operationByKey(key).orElseThrow();
            }
            if (kind == OperationKind.PAYOUT && amount == 0) {
                // the marketplace kept all that was left: nothing to send
                store.finishOperation(started.id(), OperationState.SUCCEEDED, null, null, now);
                Row row2 = store.find(paymentId).orElseThrow();
                store.update(row2.state(PaymentState.PAID_OUT), now);
                return started;
            }
            if (row.view().gateway() == Gateway.DIRECT) {
                succeed(row, started, null, now);
                store.finishOperation(started.id(), OperationState.SUCCEEDED, null, null, now);
            }
            return started;
        });
        if (op == null) {
            throw new IllegalStateException("no operation recorded for " + key);
        }
        return resume(op);
    }

    /** Calls the gateway for a started operation (again, with its key) and records the outcome. */
    PaymentView resume(Operation op) {
        Row row = store.find(op.paymentId()).orElseThrow();
        if (op.state() != OperationState.STARTED || row.view().gateway() == Gateway.DIRECT) {
            return row.view();
        }
        Outcome outcome = call(row.view().gateway(), adapter -> switch (op.kind()) {
            case AUTHORIZE ->
                adapter.authorize(new PaymentGateway.Authorization(
                        row.id(),
                        op.idempotencyKey(),
                        row.view().amount(),
                        row.view().fee(),
                        store.payoutSettings(row.view().providerId())
                                .map(PayoutSettings::stripeAccount)
                                .orElse(null),
                        row.view().description(),
                        store.returnUrl(row.id())));
            case CAPTURE -> adapter.capture(gatewayReference(row), row.money(op.amount()), op.idempotencyKey());
            case CANCEL -> adapter.cancel(gatewayReference(row), op.idempotencyKey());
            case REFUND -> adapter.refund(gatewayReference(row), row.money(op.amount()), op.idempotencyKey());
            case PAYOUT ->
                adapter.payout(new PaymentGateway.Payout(
                        row.id(),
                        op.idempotencyKey(),
                        gatewayReference(row),
                        row.money(op.amount()),
                        store.payoutSettings(row.view().providerId())
                                .map(PayoutSettings::stripeAccount)
                                .orElse(null)));
        });
        return record(op.id(), outcome);
    }

    private static String gatewayReference(Row row) {
        String reference = row.gatewayReference();
        // a payment is only captured, refunded or paid out after the gateway named it
        return reference == null ? row.id().toString() : reference;
    }

    private Outcome call(Gateway gateway, java.util.function.Function<PaymentGateway, Outcome> call) {
        PaymentGateway adapter = adapter(gateway);
        if (adapter == null) {
            return new Unavailable("no adapter for " + gateway.key());
        }
        try {
            return call.apply(adapter);
        } catch (RuntimeException e) {
            // the outcome is unknown: the call is repeated later with the same key
            log.warn("payment gateway {} failed: {}", gateway.key(), e.toString());
            return new Unavailable(e.toString());
        }
    }

    /** Records a gateway's answer to an operation, once: a webhook may have recorded it already. */
    PaymentView record(UUID operationId, Outcome outcome) {
        return transactions.execute(status -> {
            // the payment before its operation, as webhooks lock them: two outcomes at once queue, never deadlock
            Row row = store.lock(store.paymentOfOperation(operationId).orElseThrow())
                    .orElseThrow();
            Operation op = store.lockOperation(operationId).orElseThrow();
            Instant now = clock.instant();
            if (op.state() == OperationState.SUCCEEDED || op.state() == OperationState.FAILED) {
                return row.view();
            }
            if (outcome instanceof Succeeded s) {
                store.finishOperation(op.id(), OperationState.SUCCEEDED, s.reference(), null, now);
                return succeed(row, op, s.reference(), now).view();
            }
            if (outcome instanceof Pending p) {
                store.finishOperation(op.id(), OperationState.ACCEPTED, p.reference(), null, now);
                nameAtGateway(row, op, p.reference());
                return store.find(row.id()).orElseThrow().view();
            }
            if (outcome instanceof RequiresAction a) {
                store.finishOperation(op.id(), OperationState.ACCEPTED, a.reference(), null, now);
                nameAtGateway(row, op, a.reference());
                Row waiting = store.find(row.id()).orElseThrow();
                if (waiting.state() == PaymentState.PENDING) {
                    waiting = waiting.state(PaymentState.REQUIRES_ACTION).nextAction(a.url());
                    store.update(waiting, now);
                }
                return waiting.view();
            }
            if (outcome instanceof Declined d) {
                store.finishOperation(op.id(), OperationState.FAILED, null, d.code(), now);
                return fail(row, op, d.code(), now).view();
            }
            // unavailable: the outcome is unknown, so the same call is repeated later with the same key
            Duration wait = Payments.FIRST_RETRY.multipliedBy(1L << Math.min(op.attempts(), 8));
            store.retryLater(op.id(), now.plus(wait.compareTo(Payments.LAST_RETRY) > 0 ? Payments.LAST_RETRY : wait));
            return row.view();
        });
    }

    private void nameAtGateway(Row row, Operation op, String reference) {
        if (op.kind() == OperationKind.AUTHORIZE) {
            store.setGatewayReference(row.id(), reference);
        }
    }

    /** The effect of an operation that succeeded, with its journal. */
    Row succeed(Row row, Operation op, @Nullable String reference, Instant now) {
        PaymentView p = row.view();
        boolean direct = p.gateway() == Gateway.DIRECT;
        UUID provider = p.providerId();
        Row next = switch (op.kind()) {
            case AUTHORIZE -> {
                if (reference != null) {
                    store.setGatewayReference(row.id(), reference);
                }
                if (row.state() != PaymentState.PENDING && row.state() != PaymentState.REQUIRES_ACTION) {
                    yield row;
                }
                events.publishEvent(new PaymentAuthorized(row.id(), p.reference(), p.customerId(), provider));
                yield row.state(PaymentState.AUTHORIZED)
                        .authorized(op.amount())
                        .holdUntil(now.plus(Payments.HOLD))
                        .nextAction(null);
            }
            case CAPTURE -> {
                events.publishEvent(new PaymentCaptured(row.id(), p.reference(), p.customerId(), provider));
                if (direct) {
                    yield row;
                }
                ledger.post(
                        Ledger.Kind.CAPTURE,
                        row.id(),
                        op.id(),
                        now,
                        List.of(
                                Entry.debit(Account.GATEWAY_CLEARING, null, row.money(op.amount())),
                                Entry.credit(Account.FUNDS_HELD, provider, row.money(op.amount()))));
                yield row.state(PaymentState.CAPTURED).captured(op.amount()).holdUntil(null);
            }
            case CANCEL -> {
                events.publishEvent(new PaymentCancelled(row.id(), p.reference(), p.customerId(), provider));
                yield row.state(PaymentState.CANCELLED).holdUntil(null).nextAction(null);
            }
            case REFUND -> {
                ledger.post(
                        Ledger.Kind.REFUND,
                        row.id(),
                        op.id(),
                        now,
                        List.of(
                                Entry.debit(Account.FUNDS_HELD, provider, row.money(op.amount())),
                                Entry.credit(Account.GATEWAY_CLEARING, null, row.money(op.amount()))));
                events.publishEvent(
                        new PaymentRefunded(row.id(), p.reference(), p.customerId(), row.money(op.amount())));
                Row refunded = row.refunded(p.refunded().amount() + op.amount());
                yield refunded.view().refunded().equals(p.captured())
                        ? refunded.state(PaymentState.REFUNDED)
                        : refunded;
            }
            case PAYOUT -> {
                Row released = row.state() == PaymentState.CAPTURED ? release(row, now) : row;
                ledger.post(
                        Ledger.Kind.PAYOUT,
                        row.id(),
                        op.id(),
                        now,
                        List.of(
                                Entry.debit(Account.PROVIDER_PAYABLE, provider, row.money(op.amount())),
                                Entry.credit(Account.GATEWAY_CLEARING, null, row.money(op.amount()))));
                events.publishEvent(new PayoutSent(row.id(), p.reference(), provider, row.money(op.amount())));
                Row paid = released.paidOut(released.view().paidOut().amount() + op.amount());
                yield paid.state(PaymentState.PAID_OUT);
            }
        };
        store.update(next, now);
        return next;
    }

    /**
     * What was held for the provider becomes owed to the provider, less the marketplace's fee, which
     * becomes revenue. Runs once per payment, when its payout starts.
     */
    Row release(Row row, Instant now) {
        long held = row.held();
        long fee = Math.min(feeOn(row), held);
        long share = held - fee;
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.debit(Account.FUNDS_HELD, row.view().providerId(), row.money(held)));
        if (share > 0) {
            entries.add(Entry.credit(Account.PROVIDER_PAYABLE, row.view().providerId(), row.money(share)));
        }
        if (fee > 0) {
            entries.add(Entry.credit(Account.MARKETPLACE_REVENUE, null, row.money(fee)));
        }
        if (held > 0) {
            ledger.post(Ledger.Kind.RELEASE, row.id(), null, now, entries);
        }
        Row released = row.state(PaymentState.PAYOUT_PENDING).withFeesTaken(fee);
        store.update(released, now);
        return released;
    }

    /**
     * The marketplace's fee on what the customer finally paid: the agreed fee in proportion to what was
     * captured and not refunded (rounded half up), as card gateways take it on partial captures and
     * refunds.
     */
    static long feeOn(Row row) {
        PaymentView p = row.view();
        long kept = p.captured().amount() - p.refunded().amount();
        if (kept >= p.amount().amount()) {
            return p.fee().amount();
        }
        return java.math.BigDecimal.valueOf(p.fee().amount())
                .multiply(java.math.BigDecimal.valueOf(kept))
                .divide(java.math.BigDecimal.valueOf(p.amount().amount()), 0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** An operation the gateway refused for good. */
    private Row fail(Row row, Operation op, String code, Instant now) {
        PaymentView p = row.view();
        Row next = row.failure(code);
        if (op.kind() == OperationKind.AUTHORIZE) {
            next = next.state(PaymentState.FAILED).nextAction(null);
            events.publishEvent(new PaymentFailed(row.id(), p.reference(), p.customerId(), code));
        }
        store.update(next, now);
        return next;
    }

    /** A hold that ran out: the gateway released it; nothing can be captured any more. */
    void expire(Row row, Instant now) {
        if (row.state() != PaymentState.AUTHORIZED) {
            return;
        }
        store.update(row.state(PaymentState.EXPIRED).holdUntil(null), now);
        events.publishEvent(new PaymentExpired(
                row.id(),
                row.view().reference(),
                row.view().customerId(),
                row.view().providerId()));
    }

    /**
     * Repeats, with their keys, the gateway calls whose outcome was never recorded, and marks holds
     * that ran out. Answers how many operations it resumed.
     */
    int recover(int limit) {
        Instant now = clock.instant();
        // once a gateway forgets a call's key, repeating a refund or payout could make it twice, so what
        // is still unanswered by then is left to the operator (shown on the ledger page)
        gateways.values()
                .forEach(adapter -> adapter.keysKeptFor()
                        .ifPresent(kept -> transactions.executeWithoutResult(status ->
                                store.giveUp(adapter.gateway(), now.minus(kept.minus(Payments.GIVE_UP_BEFORE)), now))));
        List<Operation> due = transactions.execute(status -> store.claimDue(now, now.plus(Payments.CLAIM), limit));
        for (Operation op : due == null ? List.<Operation>of() : due) {
            try {
                resume(op);
            } catch (RuntimeException e) {
                log.warn("payment operation {} could not be resumed: {}", op.id(), e.toString());
            }
        }
        for (UUID id : store.expiredHolds(now, limit)) {
            transactions.executeWithoutResult(status -> store.lock(id).ifPresent(row -> expire(row, now)));
        }
        return due == null ? 0 : due.size();
    }
}
