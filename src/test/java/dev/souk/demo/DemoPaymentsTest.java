package dev.souk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignUp;
import dev.souk.payments.Gateway;
import dev.souk.payments.PaymentState;
import dev.souk.payments.PaymentView;
import dev.souk.payments.Payments;
import dev.souk.shared.Money;
import dev.souk.testing.Members;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

@SoukTest
@Import(WithMailbox.class)
class DemoPaymentsTest {

    @Autowired
    Accounts accounts;

    @Autowired
    Payments payments;

    @Autowired
    DemoPayments demo;

    @AfterEach
    void backToDirect() {
        payments.chooseGateway(Gateway.DIRECT);
    }

    @Test
    void theDemoMovesMoneyThroughTheCardSimulatorAndTheLedgerBalances() {
        UUID amira = member("Amira");
        UUID tomas = member("Tomás");
        UUID lena = member("Lena");

        demo.seed(amira, tomas, lena);

        assertThat(payments.gateway()).isEqualTo(Gateway.CARD_SIMULATOR);
        List<PaymentView> lenas = payments.receipts(lena, null, 10).items();
        assertThat(lenas)
                .extracting(PaymentView::state)
                .containsExactlyInAnyOrder(PaymentState.PAID_OUT, PaymentState.CAPTURED, PaymentState.REQUIRES_ACTION);
        assertThat(payments.receipts(amira, null, 10).items())
                .extracting(PaymentView::state)
                .containsExactly(PaymentState.AUTHORIZED);
        assertThat(payments.earningsSummary(amira).paidOut()).containsExactly(Money.of(18_000 - 2_160, "EUR"));
        assertThat(payments.earningsSummary(amira).commissionOwed()).containsExactly(Money.of(600, "EUR"));
        assertThat(payments.earningsSummary(tomas).held()).containsExactly(Money.of(3_000, "EUR"));
        assertThat(payments.checkLedger().passed()).isTrue();
    }

    private UUID member(String name) {
        return accounts.register(new SignUp(Members.uniqueEmail("demo"), Members.PASSWORD, name), true);
    }
}
