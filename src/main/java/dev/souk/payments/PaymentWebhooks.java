package dev.souk.payments;

import dev.souk.payments.PaymentGateway.WebhookEvent;
import dev.souk.payments.PaymentStore.Operation;
import dev.souk.payments.PaymentStore.OperationKind;
import dev.souk.payments.PaymentStore.OperationState;
import dev.souk.payments.PaymentStore.Row;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Applies gateways' webhooks: each event verified by its gateway's adapter and recorded once, then
 * applied to the payment it names as the outcome of its open operation, through {@link
 * MoneyMovements}, so an outcome the call's answer recorded first is not applied twice.
 */
@Component
class PaymentWebhooks {

    private final PaymentStore store;
    private final MoneyMovements movements;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionOperations transactions;

    PaymentWebhooks(
            PaymentStore store,
            MoneyMovements movements,
            ApplicationEventPublisher events,
            Clock clock,
            TransactionOperations transactions) {
        this.store = store;
        this.movements = movements;
        this.events = events;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * A gateway's webhook: verified (a bad signature is a 400 and nothing is recorded), applied once
     * (a replayed event has no second effect).
     */
    void receive(String gatewayKey, Map<String, String> headers, byte[] body) {
        Gateway gateway = Gateway.byKey(gatewayKey).orElseThrow(() -> Refusal.notFound("payments.gateway.unknown"));
        PaymentGateway adapter = movements.adapter(gateway);
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
                            .ifPresent(held -> store.update(held.holdUntil(placed.plus(Payments.HOLD)), now));
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
            case EXPIRED -> movements.expire(row, now);
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
        movements.succeed(row, locked, reference, now);
    }

    private Optional<UUID> paymentIdIn(String reference) {
        try {
            return store.find(UUID.fromString(reference)).map(Row::id);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }
}
