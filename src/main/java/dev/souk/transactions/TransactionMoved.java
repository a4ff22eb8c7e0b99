package dev.souk.transactions;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A transaction started or took a transition.
 *
 * @param from none when it started
 * @param by {@code customer}, {@code provider}, {@code operator} or {@code system}
 * @param refund what this transition gives back to the customer, in minor units of the transaction's currency
 * @param tell whether the process asks for the parties to be told
 */
public record TransactionMoved(
        UUID transactionId,
        String process,
        String transition,
        @Nullable String from,
        String to,
        String by,
        UUID listingId,
        UUID customerId,
        UUID providerId,
        @Nullable Long refund,
        boolean tell,
        Instant at) {}
