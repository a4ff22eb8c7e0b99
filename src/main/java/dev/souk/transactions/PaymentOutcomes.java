package dev.souk.transactions;

import dev.souk.payments.PaymentAuthorized;
import dev.souk.payments.PaymentCancelled;
import dev.souk.payments.PaymentExpired;
import dev.souk.payments.PaymentFailed;
import dev.souk.payments.PaymentState;
import dev.souk.payments.Payments;
import dev.souk.transactions.Process.Trigger;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** What the payments module reports moves the transaction that waits for it. */
@Component
class PaymentOutcomes {

    private final Transactions transactions;
    private final Payments payments;

    PaymentOutcomes(Transactions transactions, Payments payments) {
        this.transactions = transactions;
        this.payments = payments;
    }

    @ApplicationModuleListener
    void on(PaymentAuthorized event) {
        fire(event.reference(), Trigger.PAYMENT_AUTHORIZED, event.paymentId());
    }

    /** A declined card leaves the checkout open for another; only a payment that failed for good ends it. */
    @ApplicationModuleListener
    void on(PaymentFailed event) {
        boolean gone = payments.payment(event.paymentId())
                .filter(p -> p.state() == PaymentState.FAILED)
                .isPresent();
        if (gone) {
            fire(event.reference(), Trigger.PAYMENT_FAILED, event.paymentId());
        }
    }

    @ApplicationModuleListener
    void on(PaymentExpired event) {
        fire(event.reference(), Trigger.PAYMENT_FAILED, event.paymentId());
    }

    @ApplicationModuleListener
    void on(PaymentCancelled event) {
        fire(event.reference(), Trigger.PAYMENT_FAILED, event.paymentId());
    }

    private void fire(@Nullable UUID reference, Trigger trigger, UUID paymentId) {
        if (reference != null) {
            transactions.fire(reference, trigger, paymentId);
        }
    }
}
