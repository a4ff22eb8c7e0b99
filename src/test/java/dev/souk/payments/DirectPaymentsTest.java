package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Direct payments: no money passes through the marketplace; the provider owes its commission once paid. */
@SoukTest
@Import(WithMailbox.class)
class DirectPaymentsTest {

    @LocalServerPort
    int port;

    @Autowired
    Payments payments;

    @Autowired
    JdbcClient jdbc;

    Http http;
    Signed customer;
    Signed provider;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        customer = Members.verifiedMember(http, "Dora Customer");
        provider = Members.verifiedMember(http, "Dan Provider");
        payments.chooseGateway(Gateway.DIRECT);
    }

    StartPayment request(long amount, long fee, String key) {
        return new StartPayment(
                UUID.randomUUID(),
                customer.id(),
                provider.id(),
                Money.of(amount, "EUR"),
                Money.of(fee, "EUR"),
                "Two nights at the lake",
                key,
                URI.create("http://localhost/back"));
    }

    @Test
    void theProviderMarksTheMoneyReceivedAndThenOwesTheCommissionUntilTheOperatorSettlesIt() {
        String key = "direct-" + UUID.randomUUID();
        PaymentView agreed = payments.start(request(20_000, 2_400, key));
        assertThat(agreed.state()).isEqualTo(PaymentState.AGREED);
        assertThat(payments.start(request(20_000, 2_400, key)).id())
                .as("the same key starts the same payment")
                .isEqualTo(agreed.id());
        assertThat(journals(agreed.id())).as("nothing moved yet").isZero();

        assertThatThrownBy(() -> payments.markReceived(customer.id(), agreed.id()))
                .as("only the provider says the money arrived")
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
        HttpResponse<String> received =
                http.postJson("/api/v1/payments/" + agreed.id() + "/received", "{}", provider.auth());
        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        assertThat(received.body()).contains("\"state\":\"received\"");
        assertThat(journals(agreed.id())).isOne();

        Earnings earnings = payments.earningsSummary(provider.id());
        assertThat(earnings.commissionOwed()).containsExactly(Money.of(2_400, "EUR"));
        assertThat(payments.commissionDebts()).anySatisfy(debt -> {
            assertThat(debt.providerId()).isEqualTo(provider.id());
            assertThat(debt.owed()).isEqualTo(Money.of(2_400, "EUR"));
        });

        assertThatThrownBy(() -> payments.settleCommission(provider.id(), Money.of(2_401, "EUR")))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.CONFLICT));
        payments.settleCommission(provider.id(), Money.of(2_400, "EUR"));
        assertThat(payments.earningsSummary(provider.id()).commissionOwed()).isEmpty();
        assertThat(payments.checkLedger().passed()).isTrue();
    }

    @Test
    void aDirectPaymentHasNothingToRefundOrPayOut() {
        PaymentView agreed = payments.start(request(5_000, 500, "direct-" + UUID.randomUUID()));
        assertThatThrownBy(() -> payments.refund(agreed.id(), Money.of(100, "EUR"), "r-" + UUID.randomUUID()))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID_STATE));
        assertThatThrownBy(() -> payments.payout(agreed.id(), "p-" + UUID.randomUUID()))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID_STATE));
        assertThat(payments.cancel(agreed.id(), "c-" + UUID.randomUUID()).state())
                .isEqualTo(PaymentState.CANCELLED);
    }

    @Test
    void aPaymentInACurrencyTheMarketplaceDoesNotTakeIsRefusedAndNothingIsStored() {
        long before =
                jdbc.sql("SELECT count(*) FROM payments").query(Long.class).single();
        var request = new StartPayment(
                UUID.randomUUID(),
                customer.id(),
                provider.id(),
                Money.of(1_000, "JPY"),
                Money.of(0, "JPY"),
                "Lesson",
                "jpy-" + UUID.randomUUID(),
                URI.create("http://localhost/back"));
        assertThatThrownBy(() -> payments.start(request))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.problems())
                                .extracting(InvalidInput.FieldProblem::field)
                                .contains("amount.currency"));
        assertThat(jdbc.sql("SELECT count(*) FROM payments").query(Long.class).single())
                .isEqualTo(before);
    }

    @Test
    void anotherMembersPaymentIsNotFound() {
        PaymentView agreed = payments.start(request(5_000, 500, "direct-" + UUID.randomUUID()));
        Signed stranger = Members.verifiedMember(http, "Sam Stranger");
        HttpResponse<String> peek = http.get("/api/v1/payments/" + agreed.id(), stranger.auth());
        assertThat(peek.statusCode()).isEqualTo(404);
        assertThat(peek.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        HttpResponse<String> mark =
                http.postJson("/api/v1/payments/" + agreed.id() + "/received", "{}", stranger.auth());
        assertThat(mark.statusCode()).isEqualTo(404);
        assertThat(payments.payment(agreed.id()).orElseThrow().state()).isEqualTo(PaymentState.AGREED);
        assertThat(http.get("/api/v1/payments/" + agreed.id(), customer.auth()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theLedgerCheckIsForOperatorsOnly() {
        assertThat(http.get("/api/v1/admin/ledger/check", customer.auth()).statusCode())
                .isEqualTo(403);
        assertThat(http.get("/api/v1/admin/ledger/check").statusCode()).isEqualTo(401);
    }

    @Test
    void theLedgerRefusesToChangeWhatItRecorded() {
        PaymentView agreed = payments.start(request(5_000, 500, "direct-" + UUID.randomUUID()));
        payments.markReceived(provider.id(), agreed.id());
        assertThatThrownBy(() -> jdbc.sql("UPDATE ledger_entries SET amount = amount + 1 WHERE payment_id = :p")
                        .param("p", agreed.id())
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM ledger_journals WHERE payment_id = :p")
                        .param("p", agreed.id())
                        .update())
                .hasMessageContaining("append-only");
    }

    @Test
    void downloadMyDataHoldsTheMembersPaymentsAndDeletingTheAccountForgetsHowTheyGetPaid() throws InterruptedException {
        PaymentView agreed = payments.start(request(7_500, 900, "direct-" + UUID.randomUUID()));
        payments.updatePayoutSettings(
                provider.id(), PayoutSettings.Method.DIRECT, "IBAN PT50 0002 0123 1234 5678 9015 4");

        HttpResponse<String> mine = http.get("/api/v1/me/data", provider.auth());
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        assertThat(mine.body())
                .contains("\"payments\"")
                .contains(agreed.id().toString())
                .contains("IBAN PT50 0002 0123 1234 5678 9015 4");
        assertThat(http.get("/api/v1/me/data", customer.auth()).body())
                .contains(agreed.id().toString());

        HttpResponse<String> deleted = http.postJson(
                "/api/v1/me/deletion", "{\"currentPassword\": \"" + Members.PASSWORD + "\"}", provider.auth());
        assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 204);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (payoutSettingsOf(provider.id()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(payoutSettingsOf(provider.id()))
                .as("deletion is followed after its commit")
                .isZero();
        assertThat(payments.payment(agreed.id())).as("the books stay").isPresent();
    }

    private long payoutSettingsOf(UUID memberId) {
        return jdbc.sql("SELECT count(*) FROM payout_settings WHERE member_id = :m")
                .param("m", memberId)
                .query(Long.class)
                .single();
    }

    private long journals(UUID paymentId) {
        return jdbc.sql("SELECT count(*) FROM ledger_journals WHERE payment_id = :p")
                .param("p", paymentId)
                .query(Long.class)
                .single();
    }
}
