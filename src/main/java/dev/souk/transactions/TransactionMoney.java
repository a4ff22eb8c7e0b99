package dev.souk.transactions;

import dev.souk.payments.Gateway;
import dev.souk.payments.PaymentState;
import dev.souk.payments.PaymentView;
import dev.souk.payments.Payments;
import dev.souk.shared.Money;
import dev.souk.transactions.TransactionStore.Row;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The money actions committed transitions recorded (capture, void, pay out, refund), asked of the
 * payments facade outside any database transaction, each once per transition with its own idempotency key.
 */
@Component
class TransactionMoney {

    private static final Logger log = LoggerFactory.getLogger(TransactionMoney.class);

    /** How long a node keeps repeated money actions to itself before another may take them. */
    private static final Duration MONEY_CLAIM = Duration.ofMinutes(2);

    private final TransactionStore store;
    private final Payments payments;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TransactionMoney(TransactionStore store, Payments payments, TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.payments = payments;
        this.transactions = transactions;
        this.clock = clock;
    }

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
}
