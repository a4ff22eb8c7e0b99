package dev.souk.transactions;

import dev.souk.accounts.MemberDeleted;
import dev.souk.accounts.PersonalData;
import java.util.List;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * The member's part of transactions in "download my data": their trips and orders, their bookings
 * and sales, each with its timeline. A deleted member's transactions stay, as the records of a deal
 * with someone else must, holding ids, dates and amounts; what they wrote on them is erased.
 */
@Component
class TransactionsPersonalData implements PersonalData {

    /** Far more than anyone's history; the export is a file, not a page. */
    private static final int MAX = 100_000;

    private final Transactions transactions;
    private final TransactionStore store;

    TransactionsPersonalData(Transactions transactions, TransactionStore store) {
        this.transactions = transactions;
        this.store = store;
    }

    record TransactionsData(List<TransactionView> asCustomer, List<TransactionView> asProvider) {}

    @Override
    public String part() {
        return "transactions";
    }

    @Override
    public Object export(UUID memberId) {
        return new TransactionsData(transactions.all(memberId, false, MAX), transactions.all(memberId, true, MAX));
    }

    @ApplicationModuleListener
    void on(MemberDeleted event) {
        store.forgetMessagesOf(event.memberId());
    }
}
