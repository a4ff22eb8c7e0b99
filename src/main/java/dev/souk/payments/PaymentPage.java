package dev.souk.payments;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of payments, newest first, and the cursor of the next page if there is one. */
public record PaymentPage(List<PaymentView> items, @Nullable String nextCursor) {

    public PaymentPage {
        items = List.copyOf(items);
    }
}
