package dev.souk.notifications.webhooks;

import dev.souk.listings.ListingClosed;
import dev.souk.listings.ListingPublished;
import dev.souk.messaging.MessageSent;
import dev.souk.payments.PaymentFailed;
import dev.souk.payments.PaymentRefunded;
import dev.souk.payments.PayoutSent;
import dev.souk.reviews.ReviewPublished;
import dev.souk.shared.Money;
import dev.souk.transactions.TransactionMoved;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns the other modules' events into webhook events. Payloads carry ids and the facts of the event,
 * never what members wrote (a message's text stays in its conversation). An event's id is made from
 * its type and its facts, so the same event handed over again by the outbox has the same id and is
 * delivered once.
 */
@Component
class WebhookEvents {

    private final Webhooks webhooks;
    private final Clock clock;

    WebhookEvents(Webhooks webhooks, Clock clock) {
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(TransactionMoved e) {
        record(
                EventType.TRANSACTION_MOVED,
                e,
                e.at(),
                data("transactionId", e.transactionId())
                        .with("process", e.process())
                        .with("transition", e.transition())
                        .with("from", e.from())
                        .with("to", e.to())
                        .with("by", e.by())
                        .with("listingId", e.listingId())
                        .with("customerId", e.customerId())
                        .with("providerId", e.providerId()));
    }

    @ApplicationModuleListener
    void on(PaymentFailed e) {
        record(
                EventType.PAYMENT_FAILED,
                e,
                null,
                data("paymentId", e.paymentId())
                        .with("transactionId", e.reference())
                        .with("customerId", e.customerId())
                        .with("failureCode", e.failureCode()));
    }

    @ApplicationModuleListener
    void on(PaymentRefunded e) {
        record(
                EventType.PAYMENT_REFUNDED,
                e,
                null,
                data("paymentId", e.paymentId())
                        .with("transactionId", e.reference())
                        .with("customerId", e.customerId())
                        .with("amount", money(e.amount())));
    }

    @ApplicationModuleListener
    void on(PayoutSent e) {
        record(
                EventType.PAYOUT_SENT,
                e,
                null,
                data("paymentId", e.paymentId())
                        .with("transactionId", e.reference())
                        .with("providerId", e.providerId())
                        .with("amount", money(e.amount())));
    }

    @ApplicationModuleListener
    void on(ReviewPublished e) {
        record(
                EventType.REVIEW_PUBLISHED,
                e,
                e.at(),
                data("reviewId", e.reviewId())
                        .with("transactionId", e.transactionId())
                        .with("authorId", e.authorId())
                        .with("subjectId", e.subjectId())
                        .with("listingId", e.listingId())
                        .with("rating", e.rating()));
    }

    @ApplicationModuleListener
    void on(ListingPublished e) {
        record(
                EventType.LISTING_PUBLISHED,
                e,
                e.publishedAt(),
                data("listingId", e.listingId()).with("ownerId", e.ownerId()));
    }

    @ApplicationModuleListener
    void on(ListingClosed e) {
        record(EventType.LISTING_CLOSED, e, e.closedAt(), data("listingId", e.listingId()));
    }

    @ApplicationModuleListener
    void on(MessageSent e) {
        record(
                EventType.MESSAGE_SENT,
                e,
                e.sentAt(),
                data("conversationId", e.conversationId())
                        .with("messageId", e.messageId())
                        .with("senderId", e.senderId())
                        .with("recipientId", e.recipientId()));
    }

    private void record(EventType type, Record event, @Nullable Instant at, Data data) {
        webhooks.record(type, id(type, event), at == null ? clock.instant() : at, data.values);
    }

    /** The same for the same event, however often it is handed over: its type and every fact of it. */
    static UUID id(EventType type, Record event) {
        return UUID.nameUUIDFromBytes((type.key() + "\n" + event).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> money(Money money) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("amount", money.amount());
        json.put("currency", money.currency().getCurrencyCode());
        return json;
    }

    private static Data data(String name, Object value) {
        return new Data().with(name, value);
    }

    /** The facts of an event in the order integrators read them; absent ones are left out. */
    private static final class Data {

        final Map<String, @Nullable Object> values = new LinkedHashMap<>();

        Data with(String name, @Nullable Object value) {
            if (value != null) {
                values.put(name, value instanceof UUID id ? id.toString() : value);
            }
            return this;
        }
    }
}
