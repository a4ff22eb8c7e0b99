package dev.souk.payments;

import dev.souk.marketplace.Marketplace;
import dev.souk.payments.Ledger.Account;
import dev.souk.payments.Ledger.Entry;
import dev.souk.payments.PaymentStore.OperationKind;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The facade of the payments module. Every money movement runs in three steps, and never holds a
 * database transaction open across a gateway call: the intent is recorded (an operation with its
 * idempotency key), the gateway is called with that key, the outcome is recorded together with its
 * journal. An outcome that never came (timeout, crash) is fetched again by {@link PaymentRecovery}
 * with the same key, so the gateway moves the money once.
 *
 * <p>The facade decides whether money may move (its checks and refusals); {@link MoneyMovements} moves
 * it in those three steps and recovers, {@link PaymentWebhooks} applies the gateways' events, {@link
 * PayoutAccounts} keeps how providers are paid, and {@link PaymentStore} and {@link Ledger} read and
 * write. Slightly over 500 lines because those checks, one per movement, are the module's public API.
 */
@Service
public class Payments {

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
    private final MoneyMovements movements;
    private final PaymentWebhooks webhooks;
    private final PayoutAccounts payouts;
    private final Marketplace marketplace;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Payments(
            PaymentStore store,
            Ledger ledger,
            MoneyMovements movements,
            PaymentWebhooks webhooks,
            PayoutAccounts payouts,
            Marketplace marketplace,
            ApplicationEventPublisher events,
            Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.movements = movements;
        this.webhooks = webhooks;
        this.payouts = payouts;
        this.marketplace = marketplace;
        this.events = events;
        this.clock = clock;
    }

    // --- the marketplace's gateway ---------------------------------------------------------------

    /** The gateway new payments go through. */
    @Transactional(readOnly = true)
    public Gateway gateway() {
        return store.gateway();
    }

    /** The gateways this install can use: those with what they need configured. */
    public List<Gateway> usableGateways() {
        return movements.adapters().stream()
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
        return movements.start(request);
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
            Row released = row.state() == PaymentState.CAPTURED ? movements.release(row, clock.instant()) : row;
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
        if (!(movements.adapter(row.view().gateway()) instanceof CardSimulator simulator)
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

    private PaymentView run(
            UUID paymentId, OperationKind kind, String idempotencyKey, MoneyMovements.Decision decision) {
        if (!validKey(idempotencyKey)) {
            throw InvalidInput.of("idempotencyKey", "payments.key.invalid", KEY_MAX);
        }
        return movements.run(paymentId, kind, idempotencyKey, decision);
    }

    // --- webhooks --------------------------------------------------------------------------------

    /**
     * A gateway's webhook: verified (a bad signature is a 400 and nothing is recorded), applied once
     * (a replayed event has no second effect).
     */
    public void receiveWebhook(String gatewayKey, Map<String, String> headers, byte[] body) {
        webhooks.receive(gatewayKey, headers, body);
    }

    // --- recovery --------------------------------------------------------------------------------

    /**
     * Repeats, with their keys, the gateway calls whose outcome was never recorded, and marks holds
     * that ran out. Answers how many operations it resumed.
     */
    int recover(int limit) {
        return movements.recover(limit);
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
        return payouts.payoutSettings(memberId);
    }

    /** Sets how customers pay this provider directly; the Stripe account, if any, is kept. */
    @Transactional
    public PayoutSettings updatePayoutSettings(UUID memberId, PayoutSettings.Method method, String instructions) {
        return payouts.updatePayoutSettings(memberId, method, instructions);
    }

    /** Whether providers can connect a Stripe account now: the marketplace pays them through Stripe. */
    public boolean connectsStripeAccounts() {
        return payouts.connectsStripeAccounts();
    }

    /**
     * Starts or resumes the provider's Stripe onboarding and answers where to send them: Stripe's own
     * pages, which come back to {@code returnUrl} (or to {@code refreshUrl} when the link ran out).
     */
    public URI connectStripe(UUID memberId, URI returnUrl, URI refreshUrl) {
        return payouts.connectStripe(memberId, returnUrl, refreshUrl);
    }

    /** Asks Stripe how far the provider's onboarding went and keeps the answer. */
    public PayoutSettings refreshStripeStatus(UUID memberId) {
        return payouts.refreshStripeStatus(memberId);
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
