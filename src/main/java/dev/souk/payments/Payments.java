package dev.souk.payments;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.marketplace.Marketplace;
import dev.souk.payments.Ledger.Account;
import dev.souk.payments.Ledger.Entry;
import dev.souk.payments.PaymentGateway.Declined;
import dev.souk.payments.PaymentGateway.Outcome;
import dev.souk.payments.PaymentGateway.Pending;
import dev.souk.payments.PaymentGateway.RequiresAction;
import dev.souk.payments.PaymentGateway.Succeeded;
import dev.souk.payments.PaymentGateway.Unavailable;
import dev.souk.payments.PaymentGateway.WebhookEvent;
import dev.souk.payments.PaymentStore.Operation;
import dev.souk.payments.PaymentStore.OperationKind;
import dev.souk.payments.PaymentStore.OperationState;
import dev.souk.payments.PaymentStore.Row;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The facade of the payments module. Every money movement runs in three steps, and never holds a
 * database transaction open across a gateway call: the intent is recorded (an operation with its
 * idempotency key), the gateway is called with that key, the outcome is recorded together with its
 * journal. An outcome that never came (timeout, crash) is fetched again by {@link PaymentRecovery}
 * with the same key, so the gateway moves the money once.
 */
@Service
public class Payments {

    private static final Logger log = LoggerFactory.getLogger(Payments.class);

    /** How long a card hold lasts at the gateways Souk supports. */
    public static final Duration HOLD = Duration.ofDays(7);

    public static final int DESCRIPTION_MAX = 200;
    public static final int KEY_MAX = 200;
    public static final int RETURN_URL_MAX = 2000;
    static final int DEFAULT_LIMIT = 24;
    static final int MAX_LIMIT = 100;

    /** The first retry of a call whose outcome is unknown; later ones wait twice as long, up to an hour. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(15);

    static final Duration LAST_RETRY = Duration.ofHours(1);

    /** A call is no longer repeated this long before its gateway forgets the key it carries. */
    static final Duration GIVE_UP_BEFORE = Duration.ofHours(1);

    /** How long a member is asked to wait when Stripe could not be reached. */
    static final Duration STRIPE_RETRY = Duration.ofMinutes(1);

    /**
     * How long recovery leaves a call it resumed to that one node. A node that dies meanwhile leaves it
     * claimed: another takes it up after this, not after the hour of the longest wait.
     */
    static final Duration CLAIM = Duration.ofMinutes(5);

    private final PaymentStore store;
    private final Ledger ledger;
    private final Map<Gateway, PaymentGateway> gateways = new EnumMap<>(Gateway.class);
    private final Marketplace marketplace;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionOperations transactions;
    /** Providers' Stripe accounts; there only once a Stripe adapter is part of the application. */
    private final ObjectProvider<ConnectedAccounts> connectedAccounts;

    private final Accounts accounts;

    Payments(
            PaymentStore store,
            Ledger ledger,
            List<PaymentGateway> adapters,
            Marketplace marketplace,
            ApplicationEventPublisher events,
            Clock clock,
            TransactionOperations transactions,
            ObjectProvider<ConnectedAccounts> connectedAccounts,
            Accounts accounts) {
        this.store = store;
        this.ledger = ledger;
        // the first adapter of a gateway in Spring's order serves it: a stand-in ordered first replaces one
        adapters.forEach(adapter -> gateways.putIfAbsent(adapter.gateway(), adapter));
        this.marketplace = marketplace;
        this.events = events;
        this.clock = clock;
        this.transactions = transactions;
        this.connectedAccounts = connectedAccounts;
        this.accounts = accounts;
    }

    // --- the marketplace's gateway ---------------------------------------------------------------

    /** The gateway new payments go through. */
    @Transactional(readOnly = true)
    public Gateway gateway() {
        return store.gateway();
    }

    /** The gateways this install can use: those with what they need configured. */
    public List<Gateway> usableGateways() {
        return gateways.values().stream()
                .filter(PaymentGateway::configured)
                .map(PaymentGateway::gateway)
                .sorted()
                .toList();
    }

    /** Sends new payments through {@code gateway}; payments already started keep theirs. */
    @Transactional
    public void chooseGateway(Gateway gateway) {
        if (!usableGateways().contains(gateway)) {
            throw InvalidInput.of("gateway", "payments.gateway.notConfigured", gateway.key());
        }
        store.saveGateway(gateway, clock.instant());
    }

    // --- starting and moving money ---------------------------------------------------------------

    /**
     * Starts a payment through the marketplace's gateway. With a card gateway the customer is then
     * sent to {@link PaymentView#nextActionUrl()}; a direct payment is agreed at once. The same
     * idempotency key answers the payment it started the first time.
     */
    public PaymentView start(StartPayment request) {
        refuseIfAny(startProblems(request));
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
            if (!store.insertOperation(op, now, now.plus(FIRST_RETRY))) {
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

    private List<FieldProblem> startProblems(StartPayment request) {
        List<FieldProblem> problems = new ArrayList<>();
        Money amount = request.amount();
        if (!amount.isPositive()) {
            problems.add(new FieldProblem("amount.amount", "payments.amount.positive"));
        }
        if (!marketplace.settings().allows(amount.currency())) {
            problems.add(new FieldProblem(
                    "amount.currency",
                    "payments.currency.notAllowed",
                    amount.currency().getCurrencyCode()));
        }
        if (!request.fee().currency().equals(amount.currency())
                || request.fee().amount() < 0
                || request.fee().amount() > amount.amount()) {
            problems.add(new FieldProblem("fee", "payments.fee.invalid"));
        }
        if (request.customerId().equals(request.providerId())) {
            problems.add(new FieldProblem("customerId", "payments.customer.isProvider"));
        }
        String description = request.description();
        if (description.isBlank() || description.length() > DESCRIPTION_MAX || !Text.oneLine(description)) {
            problems.add(new FieldProblem("description", "payments.description.invalid", DESCRIPTION_MAX));
        }
        if (!validKey(request.idempotencyKey())) {
            problems.add(new FieldProblem("idempotencyKey", "payments.key.invalid", KEY_MAX));
        }
        if (!request.returnUrl().isAbsolute() || request.returnUrl().toString().length() > RETURN_URL_MAX) {
            problems.add(new FieldProblem("returnUrl", "payments.returnUrl.invalid", RETURN_URL_MAX));
        }
        return problems;
    }

    /** Takes {@code amount} from the hold, or all of it if null; what is left of the hold is released. */
    public PaymentView capture(UUID paymentId, @Nullable Money amount, String idempotencyKey) {
        return run(paymentId, OperationKind.CAPTURE, idempotencyKey, row -> {
            if (row.view().gateway() == Gateway.DIRECT) {
                requireState(row, PaymentState.AGREED, PaymentState.RECEIVED);
                return row.view().amount().amount();
            }
            requireState(row, PaymentState.AUTHORIZED);
            if (store.openAmount(row.id(), OperationKind.CAPTURE) > 0) {
                // one capture at a time: a hold is captured once, and a webhook then names the one asked for
                throw Refusal.conflict("payments.capture.busy");
            }
            long wanted = amount == null ? row.view().authorized().amount() : amount.amount();
            if (amount != null && !amount.currency().equals(row.currency())) {
                throw InvalidInput.of("amount.currency", "payments.currency.notThePayments");
            }
            if (wanted <= 0) {
                throw InvalidInput.of("amount.amount", "payments.amount.positive");
            }
            if (wanted > row.view().authorized().amount()) {
                throw Refusal.conflict(
                        "payments.capture.tooMuch", shown(row.view().authorized()));
            }
            return wanted;
        });
    }

    /** Releases the hold of a payment nothing was captured of (or drops an agreed direct payment). */
    public PaymentView cancel(UUID paymentId, String idempotencyKey) {
        return run(paymentId, OperationKind.CANCEL, idempotencyKey, row -> {
            requireState(
                    row,
                    PaymentState.PENDING,
                    PaymentState.REQUIRES_ACTION,
                    PaymentState.AUTHORIZED,
                    PaymentState.AGREED);
            return 0;
        });
    }

    /** Gives back part or all of what was captured and not yet paid out; beyond that is a 409. */
    public PaymentView refund(UUID paymentId, Money amount, String idempotencyKey) {
        return run(paymentId, OperationKind.REFUND, idempotencyKey, row -> {
            if (row.view().gateway() == Gateway.DIRECT) {
                // no money passed through the marketplace: the members settle refunds between them
                throw Refusal.invalidState("payments.refund.direct");
            }
            requireState(row, PaymentState.CAPTURED);
            if (!amount.currency().equals(row.currency())) {
                throw InvalidInput.of("amount.currency", "payments.currency.notThePayments");
            }
            if (amount.amount() <= 0) {
                throw InvalidInput.of("amount.amount", "payments.amount.positive");
            }
            long left = row.held() - store.openAmount(row.id(), OperationKind.REFUND);
            if (amount.amount() > left) {
                throw Refusal.conflict("payments.refund.tooMuch", shown(row.money(Math.max(0, left))));
            }
            return amount.amount();
        });
    }

    /**
     * Completes a payment: the marketplace keeps its fee and the rest is paid out to the provider. A
     * direct payment has nothing to pay out: the provider was paid by the customer.
     */
    public PaymentView payout(UUID paymentId, String idempotencyKey) {
        return run(paymentId, OperationKind.PAYOUT, idempotencyKey, row -> {
            if (row.view().gateway() == Gateway.DIRECT) {
                throw Refusal.invalidState("payments.payout.direct");
            }
            requireState(row, PaymentState.CAPTURED, PaymentState.PAYOUT_PENDING);
            if (store.openAmount(row.id(), OperationKind.REFUND) > 0
                    || store.openAmount(row.id(), OperationKind.PAYOUT) > 0) {
                throw Refusal.conflict("payments.payout.busy");
            }
            // the payment completes: what was held becomes the provider's, less the marketplace's fee
            Row released = row.state() == PaymentState.CAPTURED ? release(row, clock.instant()) : row;
            return released.held();
        });
    }

    /** A direct payment: the provider confirms the customer's money arrived; the commission is then owed. */
    @Transactional
    public PaymentView markReceived(UUID providerId, UUID paymentId) {
        Row row = store.lock(paymentId)
                .filter(r -> r.view().providerId().equals(providerId))
                .orElseThrow(() -> Refusal.notFound("payments.notFound"));
        if (row.view().gateway() != Gateway.DIRECT) {
            throw Refusal.invalidState("payments.received.notDirect");
        }
        requireState(row, PaymentState.AGREED);
        Instant now = clock.instant();
        long fee = row.view().fee().amount();
        if (fee > 0) {
            ledger.post(
                    Ledger.Kind.COMMISSION,
                    row.id(),
                    null,
                    now,
                    List.of(
                            Entry.debit(Account.PROVIDER_PAYABLE, providerId, row.money(fee)),
                            Entry.credit(Account.MARKETPLACE_REVENUE, null, row.money(fee))));
        }
        Row received = row.state(PaymentState.RECEIVED).withFeesTaken(fee).receivedAt(now);
        store.update(received, now);
        events.publishEvent(
                new PaymentReceived(row.id(), row.view().reference(), row.view().customerId(), providerId));
        return received.view();
    }

    /** The operator records commission a provider paid them for direct payments. */
    @Transactional
    public void settleCommission(UUID providerId, Money amount) {
        if (amount.amount() <= 0) {
            throw InvalidInput.of("amount", "payments.amount.positive");
        }
        // two settlements of one provider at once queue here, so both can't pass the check below
        store.lockMember(providerId);
        long owed = commissionOwed(providerId).stream()
                .filter(m -> m.currency().equals(amount.currency()))
                .mapToLong(Money::amount)
                .sum();
        if (amount.amount() > owed) {
            throw Refusal.conflict("payments.settlement.tooMuch", shown(new Money(owed, amount.currency())));
        }
        ledger.post(
                Ledger.Kind.SETTLEMENT,
                null,
                null,
                clock.instant(),
                List.of(
                        Entry.debit(Account.OPERATOR_CASH, null, amount),
                        Entry.credit(Account.PROVIDER_PAYABLE, providerId, amount)));
    }

    /**
     * For the demo marketplace: the customer pays a card-simulator checkout with the test card that is
     * always accepted, as they would on its page. The hold follows by webhook, as on the page.
     */
    public void payWithTestCard(UUID paymentId) {
        Row row = store.find(paymentId).orElseThrow(() -> Refusal.notFound("payments.notFound"));
        if (!(gateways.get(row.view().gateway()) instanceof CardSimulator simulator)
                || row.state() != PaymentState.REQUIRES_ACTION
                || row.gatewayReference() == null) {
            throw Refusal.invalidState("payments.state.refused", row.state().key());
        }
        YearMonth nextYear = YearMonth.now(clock).plusYears(1);
        simulator.pay(
                row.gatewayReference(),
                new CardForm("4242 4242 4242 4242", nextYear.format(EXPIRY), "123", "Demo Customer").check(nextYear));
    }

    private static final java.time.format.DateTimeFormatter EXPIRY =
            java.time.format.DateTimeFormatter.ofPattern("MM/yy");

    // --- the three steps -------------------------------------------------------------------------

    private interface Decision {
        /** Checks the operation may run on the locked payment and answers its amount. */
        long amount(Row row);
    }

    private PaymentView run(UUID paymentId, OperationKind kind, String idempotencyKey, Decision decision) {
        if (!validKey(idempotencyKey)) {
            throw InvalidInput.of("idempotencyKey", "payments.key.invalid", KEY_MAX);
        }
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
            if (!store.insertOperation(started, now, now.plus(FIRST_RETRY))) {
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
        PaymentGateway adapter = gateways.get(gateway);
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
            Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(op.attempts(), 8));
            store.retryLater(op.id(), now.plus(wait.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait));
            return row.view();
        });
    }

    private void nameAtGateway(Row row, Operation op, String reference) {
        if (op.kind() == OperationKind.AUTHORIZE) {
            store.setGatewayReference(row.id(), reference);
        }
    }

    /** The effect of an operation that succeeded, with its journal. */
    private Row succeed(Row row, Operation op, @Nullable String reference, Instant now) {
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
                        .holdUntil(now.plus(HOLD))
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
    private Row release(Row row, Instant now) {
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

    // --- webhooks --------------------------------------------------------------------------------

    /**
     * A gateway's webhook: verified (a bad signature is a 400 and nothing is recorded), applied once
     * (a replayed event has no second effect).
     */
    public void receiveWebhook(String gatewayKey, Map<String, String> headers, byte[] body) {
        Gateway gateway = Gateway.byKey(gatewayKey).orElseThrow(() -> Refusal.notFound("payments.gateway.unknown"));
        PaymentGateway adapter = gateways.get(gateway);
        if (adapter == null) {
            throw Refusal.notFound("payments.gateway.unknown");
        }
        WebhookEvent event;
        try {
            event = adapter.verify(headers, body);
        } catch (PaymentGateway.BadSignature e) {
            throw InvalidInput.of("signature", "payments.webhook.badSignature");
        } catch (GatewayUnavailable e) {
            // reading the event needed the gateway, which didn't answer: it sends the event again
            throw Refusal.unavailable("payments.webhook.gatewayUnavailable", Duration.ofSeconds(30));
        }
        if (event.kind() == WebhookEvent.Kind.ACCOUNT_UPDATED && adapter instanceof ConnectedAccounts accounts) {
            // asked of the gateway, outside any transaction, rather than trusting the event's copy
            ConnectedAccounts.AccountStatus account;
            try {
                account = accounts.status(event.reference());
            } catch (GatewayUnavailable e) {
                throw Refusal.unavailable("payments.webhook.gatewayUnavailable", Duration.ofSeconds(30));
            }
            transactions.executeWithoutResult(status -> {
                if (store.firstSeen(gateway, event.id(), event.kind().name(), clock.instant())) {
                    store.updateAccountStatus(
                            event.reference(), account.detailsSubmitted(), account.payoutsEnabled(), clock.instant());
                }
            });
            return;
        }
        transactions.executeWithoutResult(status -> {
            if (!store.firstSeen(gateway, event.id(), event.kind().name(), clock.instant())) {
                return;
            }
            apply(gateway, event);
        });
    }

    private void apply(Gateway gateway, WebhookEvent event) {
        if (event.kind() == WebhookEvent.Kind.OTHER || event.kind() == WebhookEvent.Kind.ACCOUNT_UPDATED) {
            return;
        }
        Optional<UUID> paymentId = store.idByGatewayReference(gateway, event.reference())
                .or(() -> store.paymentOfOperationReference(event.reference()))
                .or(() -> paymentIdIn(event.reference()));
        if (paymentId.isEmpty()) {
            // the answer naming the payment may not be recorded yet: the gateway sends it again later
            throw Refusal.unavailable("payments.webhook.unknownPayment", Duration.ofSeconds(30));
        }
        Row row = store.lock(paymentId.get()).orElseThrow();
        Instant now = clock.instant();
        switch (event.kind()) {
            case AUTHORIZED ->
                open(row, OperationKind.AUTHORIZE).ifPresent(op -> {
                    succeedFromWebhook(row, op, event.reference(), now);
                    // the hold runs from when the gateway placed it, which may be long before its event arrived
                    Instant placed = event.createdAt().isBefore(now) ? event.createdAt() : now;
                    store.find(row.id())
                            .filter(held -> held.state() == PaymentState.AUTHORIZED)
                            .ifPresent(held -> store.update(held.holdUntil(placed.plus(HOLD)), now));
                });
            case AUTHORIZATION_FAILED -> {
                if (row.state() == PaymentState.PENDING || row.state() == PaymentState.REQUIRES_ACTION) {
                    String code = event.failureCode() == null ? "declined" : event.failureCode();
                    store.update(row.failure(code), now);
                    events.publishEvent(new PaymentFailed(
                            row.id(), row.view().reference(), row.view().customerId(), code));
                }
            }
            case CAPTURED -> open(row, OperationKind.CAPTURE).ifPresent(op -> succeedFromWebhook(row, op, null, now));
            case CANCELLED -> open(row, OperationKind.CANCEL).ifPresent(op -> succeedFromWebhook(row, op, null, now));
            case REFUNDED ->
                open(row, OperationKind.REFUND, op -> event.reference().equals(op.gatewayReference()))
                        // named by the payment, not the refund: the open refund of that amount, if one is;
                        // a refund of its own name whose answer was lost is recorded when recovery asks again
                        .or(() -> event.reference().equals(row.gatewayReference()) && event.amount() != null
                                ? open(
                                        row,
                                        OperationKind.REFUND,
                                        op -> op.amount() == event.amount().amount())
                                : Optional.empty())
                        .ifPresent(op -> succeedFromWebhook(row, op, null, now));
            case EXPIRED -> expire(row, now);
            // a payout waits for the one before it, so the open one is the one the event is about
            case PAYOUT_PAID -> open(row, OperationKind.PAYOUT).ifPresent(op -> succeedFromWebhook(row, op, null, now));
            case PAYOUT_FAILED ->
                open(row, OperationKind.PAYOUT).ifPresent(op -> {
                    String code = event.failureCode() == null ? "payout_failed" : event.failureCode();
                    store.finishOperation(op.id(), OperationState.FAILED, null, code, now);
                    store.update(row.failure(code), now);
                });
            default -> {}
        }
    }

    private Optional<Operation> open(Row row, OperationKind kind) {
        return open(row, kind, op -> true);
    }

    /** The payment's oldest open operation of this kind that {@code which} picks. */
    private Optional<Operation> open(Row row, OperationKind kind, java.util.function.Predicate<Operation> which) {
        return store.openOperations(row.id(), kind).stream().filter(which).findFirst();
    }

    private static boolean isOpen(Operation op) {
        return op.state() == OperationState.STARTED || op.state() == OperationState.ACCEPTED;
    }

    private void succeedFromWebhook(Row row, Operation op, @Nullable String reference, Instant now) {
        Operation locked = store.lockOperation(op.id()).orElseThrow();
        if (!isOpen(locked)) {
            return;
        }
        store.finishOperation(op.id(), OperationState.SUCCEEDED, null, null, now);
        succeed(row, locked, reference, now);
    }

    private Optional<UUID> paymentIdIn(String reference) {
        try {
            return store.find(UUID.fromString(reference)).map(Row::id);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    /** A hold that ran out: the gateway released it; nothing can be captured any more. */
    private void expire(Row row, Instant now) {
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

    // --- recovery --------------------------------------------------------------------------------

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
                                store.giveUp(adapter.gateway(), now.minus(kept.minus(GIVE_UP_BEFORE)), now))));
        List<Operation> due = transactions.execute(status -> store.claimDue(now, now.plus(CLAIM), limit));
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

    // --- reading ---------------------------------------------------------------------------------

    /** A payment its customer or provider may see; 404 for anyone else. */
    @Transactional(readOnly = true)
    public PaymentView payment(UUID memberId, UUID paymentId) {
        return store.find(paymentId)
                .map(Row::view)
                .filter(p -> p.customerId().equals(memberId) || p.providerId().equals(memberId))
                .orElseThrow(() -> Refusal.notFound("payments.notFound"));
    }

    /** A payment, as the module that started it sees it. */
    @Transactional(readOnly = true)
    public Optional<PaymentView> payment(UUID paymentId) {
        return store.find(paymentId).map(Row::view);
    }

    /** What the member paid, newest first. */
    @Transactional(readOnly = true)
    public PaymentPage receipts(UUID memberId, @Nullable String cursor, int limit) {
        return page(cursor, limit, (before, id, size) -> store.ofCustomer(memberId, before, id, size));
    }

    /** What the member was paid (or is owed), newest first. */
    @Transactional(readOnly = true)
    public PaymentPage earnings(UUID memberId, @Nullable String cursor, int limit) {
        return page(cursor, limit, (before, id, size) -> store.ofProvider(memberId, before, id, size));
    }

    private interface PageQuery {
        List<Row> rows(@Nullable Instant before, @Nullable UUID beforeId, int limit);
    }

    private PaymentPage page(@Nullable String cursor, int limit, PageQuery query) {
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        PaymentCursor after = cursor == null || cursor.isBlank() ? null : PaymentCursor.parse(cursor);
        List<Row> rows = query.rows(after == null ? null : after.at(), after == null ? null : after.id(), size + 1);
        List<PaymentView> items = rows.stream().limit(size).map(Row::view).toList();
        String next = rows.size() > size
                ? new PaymentCursor(
                                items.get(size - 1).createdAt(),
                                items.get(size - 1).id())
                        .encode()
                : null;
        return new PaymentPage(items, next);
    }

    /** A provider's totals: held for them, owed to them, paid out, and commission they owe. */
    @Transactional(readOnly = true)
    public Earnings earningsSummary(UUID memberId) {
        List<Money> held = new ArrayList<>();
        List<Money> owed = new ArrayList<>();
        List<Money> commissionOwed = new ArrayList<>();
        for (Ledger.Balance balance : ledger.balances(memberId)) {
            Money amount = balance.amount();
            Money negated = new Money(-amount.amount(), amount.currency());
            switch (balance.account()) {
                case FUNDS_HELD -> add(held, negated);
                case PROVIDER_PAYABLE ->
                    add(amount.amount() > 0 ? commissionOwed : owed, amount.amount() > 0 ? amount : negated);
                default -> {}
            }
        }
        return new Earnings(held, owed, commissionOwed, store.paidOut(memberId));
    }

    private static void add(List<Money> list, Money amount) {
        if (amount.amount() != 0) {
            list.add(amount);
        }
    }

    /** What a provider owes the marketplace in commission on direct payments, per currency. */
    @Transactional(readOnly = true)
    public List<Money> commissionOwed(UUID providerId) {
        return earningsSummary(providerId).commissionOwed();
    }

    /** Providers who owe commission on direct payments, with what they owe. */
    @Transactional(readOnly = true)
    public List<CommissionDebt> commissionDebts() {
        return ledger.debts();
    }

    @Transactional(readOnly = true)
    public List<MonthlyRevenue> revenueByMonth(int months) {
        Instant since = clock.instant().minus(Duration.ofDays(31L * Math.max(1, Math.min(months, 120))));
        return ledger.revenueByMonth(marketplace.settings().timeZone().getId(), since);
    }

    /**
     * Gateway calls that stayed unanswered for a day and are no longer repeated: the gateway may or may
     * not have moved the money, so the operator checks at the gateway (newest first, at most 50).
     */
    @Transactional(readOnly = true)
    public List<UnansweredCall> unansweredCalls() {
        return store.unanswered(50).stream()
                .map(op -> new UnansweredCall(op.paymentId(), op.kind().key(), op.amount(), op.idempotencyKey()))
                .toList();
    }

    /** Checks the whole ledger, on one snapshot of its own; see {@link LedgerCheck}. */
    public LedgerCheck checkLedger() {
        return ledger.check(clock.instant());
    }

    // --- payout settings -------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public PayoutSettings payoutSettings(UUID memberId) {
        return store.payoutSettings(memberId).orElse(PayoutSettings.none());
    }

    /** Sets how customers pay this provider directly; the Stripe account, if any, is kept. */
    @Transactional
    public PayoutSettings updatePayoutSettings(UUID memberId, PayoutSettings.Method method, String instructions) {
        if (instructions.length() > PayoutSettings.INSTRUCTIONS_MAX || !Text.acceptable(instructions)) {
            throw InvalidInput.of("instructions", "payments.instructions.invalid", PayoutSettings.INSTRUCTIONS_MAX);
        }
        PayoutSettings current = payoutSettings(memberId);
        if (method == PayoutSettings.Method.STRIPE && current.stripeAccount() == null) {
            throw InvalidInput.of("method", "payments.method.stripeNotConnected");
        }
        var next = new PayoutSettings(
                method,
                instructions.strip(),
                current.stripeAccount(),
                current.detailsSubmitted(),
                current.payoutsEnabled());
        store.savePayoutSettings(memberId, next, clock.instant());
        return next;
    }

    /** Whether providers can connect a Stripe account now: the marketplace pays them through Stripe. */
    public boolean connectsStripeAccounts() {
        return gateway() == Gateway.STRIPE_CONNECT && connectedAccounts.getIfAvailable() != null;
    }

    /**
     * Starts or resumes the provider's Stripe onboarding and answers where to send them: Stripe's own
     * pages, which come back to {@code returnUrl} (or to {@code refreshUrl} when the link ran out).
     * The account is created once: the same idempotency key answers the same account if the first
     * answer was lost. Stripe is called outside any database transaction.
     */
    public URI connectStripe(UUID memberId, URI returnUrl, URI refreshUrl) {
        if (gateway() != Gateway.STRIPE_CONNECT) {
            throw Refusal.invalidState("payments.stripe.notInUse");
        }
        ConnectedAccounts stripe = stripe();
        String account = payoutSettings(memberId).stripeAccount();
        if (account == null) {
            String email = accounts.account(memberId)
                    .map(MemberAccount::email)
                    .orElseThrow(() -> Refusal.notFound("payments.member.notFound"));
            String created = atStripe(() -> stripe.createAccount(memberId, email, "connect-account-" + memberId));
            // two clicks at once create one account (same key); whichever is stored first stays
            account = transactions.execute(status -> store.setStripeAccount(memberId, created, clock.instant()));
        }
        String connected = account;
        return atStripe(() -> stripe.onboardingLink(connected, returnUrl, refreshUrl));
    }

    /** Asks Stripe how far the provider's onboarding went and keeps the answer; nothing to ask without an account. */
    public PayoutSettings refreshStripeStatus(UUID memberId) {
        PayoutSettings current = payoutSettings(memberId);
        String account = current.stripeAccount();
        if (account == null) {
            return current;
        }
        ConnectedAccounts stripe = stripe();
        ConnectedAccounts.AccountStatus status = atStripe(() -> stripe.status(account));
        transactions.executeWithoutResult(tx -> store.updateAccountStatus(
                account, status.detailsSubmitted(), status.payoutsEnabled(), clock.instant()));
        return payoutSettings(memberId);
    }

    private ConnectedAccounts stripe() {
        ConnectedAccounts stripe = connectedAccounts.getIfAvailable();
        if (stripe == null) {
            throw Refusal.unavailable("payments.stripe.unavailable", STRIPE_RETRY);
        }
        return stripe;
    }

    /** A call to Stripe; whatever keeps it from answering (not set up, unreachable) is a refusal to try later. */
    private static <T> T atStripe(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            log.warn("Stripe connected accounts failed: {}", e.toString());
            throw Refusal.unavailable("payments.stripe.unavailable", STRIPE_RETRY);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** An amount as a refusal's text shows it, e.g. "12.50 EUR". */
    private static String shown(Money money) {
        return money.decimal().toPlainString() + " " + money.currency().getCurrencyCode();
    }

    private static boolean validKey(String key) {
        return !key.isEmpty() && key.length() <= KEY_MAX && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static void requireState(Row row, PaymentState... allowed) {
        for (PaymentState state : allowed) {
            if (row.state() == state) {
                return;
            }
        }
        throw Refusal.invalidState("payments.state.refused", row.state().key());
    }

    private static void refuseIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }
}
