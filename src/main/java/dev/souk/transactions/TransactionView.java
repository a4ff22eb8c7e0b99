package dev.souk.transactions;

import dev.souk.marketplace.TransactionKind;
import dev.souk.payments.PaymentView;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A transaction as one of its parties (or an operator) sees it.
 *
 * @param start local time in the listing's time zone; see {@link Quote#start()}
 * @param quote none for inquiries
 * @param availableTransitions the transitions the viewer may take now
 */
public record TransactionView(
        UUID id,
        String processKey,
        int processVersion,
        String state,
        boolean finished,
        UUID listingId,
        String listingTitle,
        TransactionKind kind,
        UUID customerId,
        UUID providerId,
        @Nullable LocalDateTime start,
        @Nullable LocalDateTime end,
        ZoneId timeZone,
        int seats,
        @Nullable Integer quantity,
        @Nullable Quote quote,
        @Nullable PaymentView payment,
        @Nullable UUID conversationId,
        List<Step> transitions,
        List<String> availableTransitions,
        Instant createdAt) {

    public TransactionView {
        transitions = List.copyOf(transitions);
        availableTransitions = List.copyOf(availableTransitions);
    }

    /**
     * One recorded transition.
     *
     * @param by {@code customer}, {@code provider}, {@code operator} or {@code system}
     * @param refund what it gave back, in minor units
     */
    public record Step(
            String name,
            @Nullable String from,
            String to,
            String by,
            Instant at,
            @Nullable String message,
            @Nullable Long refund) {}
}
