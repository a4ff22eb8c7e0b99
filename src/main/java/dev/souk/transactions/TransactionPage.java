package dev.souk.transactions;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of a member's transactions, newest first. */
public record TransactionPage(
        List<TransactionView> items, @Nullable String nextCursor) {

    public TransactionPage {
        items = List.copyOf(items);
    }
}
