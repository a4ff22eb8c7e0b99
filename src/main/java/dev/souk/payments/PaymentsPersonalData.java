package dev.souk.payments;

import dev.souk.accounts.MemberDeleted;
import dev.souk.accounts.PersonalData;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The member's part of payments in "download my data": what they paid, what they were paid, and how
 * they get paid. A deleted member's payout settings go; their payments and the ledger stay, as the
 * books of a business must, holding only ids and amounts.
 */
@Component
class PaymentsPersonalData implements PersonalData {

    /** Far more than anyone's history; the export is a file, not a page. */
    private static final int MAX = 100_000;

    private final PaymentStore store;

    PaymentsPersonalData(PaymentStore store) {
        this.store = store;
    }

    record PaymentsData(List<PaymentView> paid, List<PaymentView> received, PayoutSettings payoutSettings) {}

    @Override
    public String part() {
        return "payments";
    }

    @Override
    @Transactional(readOnly = true)
    public Object export(UUID memberId) {
        List<PaymentView> paid = new ArrayList<>();
        store.ofCustomer(memberId, null, null, MAX).forEach(row -> paid.add(row.view()));
        List<PaymentView> received = new ArrayList<>();
        store.ofProvider(memberId, null, null, MAX).forEach(row -> received.add(row.view()));
        return new PaymentsData(paid, received, store.payoutSettings(memberId).orElse(PayoutSettings.none()));
    }

    @ApplicationModuleListener
    void on(MemberDeleted event) {
        store.forgetPayoutSettings(event.memberId());
    }
}
