package dev.souk.payments;

import dev.souk.shared.Money;
import java.util.List;

/**
 * A provider's money, per currency, as the ledger has it.
 *
 * @param held captured from customers, paid out when their bookings or orders complete
 * @param owed released to the provider, on its way to their account
 * @param commissionOwed what the provider owes the marketplace on direct payments
 * @param paidOut paid out to the provider so far
 */
public record Earnings(List<Money> held, List<Money> owed, List<Money> commissionOwed, List<Money> paidOut) {

    public Earnings {
        held = List.copyOf(held);
        owed = List.copyOf(owed);
        commissionOwed = List.copyOf(commissionOwed);
        paidOut = List.copyOf(paidOut);
    }
}
