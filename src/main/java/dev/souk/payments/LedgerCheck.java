package dev.souk.payments;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the ledger check found.
 *
 * @param unbalancedJournals journals whose entries don't sum to zero in a currency (the first 20)
 * @param mismatchedPayments payments whose own figures differ from what their journals say (the first 20)
 * @param negativeBalances accounts below zero where they must not be (the first 20)
 */
public record LedgerCheck(
        Instant checkedAt,
        long journals,
        List<Long> unbalancedJournals,
        List<UUID> mismatchedPayments,
        List<String> negativeBalances,
        long tookMillis) {

    public boolean passed() {
        return unbalancedJournals.isEmpty() && mismatchedPayments.isEmpty() && negativeBalances.isEmpty();
    }
}
