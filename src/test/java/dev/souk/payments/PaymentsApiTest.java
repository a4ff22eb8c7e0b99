package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.shared.Money;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The payments API: payout settings, earnings, and the operator's refunds and ledger check. */
@SoukTest
@Import(WithMailbox.class)
class PaymentsApiTest {

    static final String OPERATOR_PASSWORD = "ledger-keeper-words";

    @LocalServerPort
    int port;

    @Autowired
    Payments payments;

    @Autowired
    Accounts accounts;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Http http;
    Signed customer;
    Signed provider;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        customer = Members.verifiedMember(http, "Api Customer");
        provider = Members.verifiedMember(http, "Api Provider");
        payments.chooseGateway(Gateway.DIRECT);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void aProviderSetsHowCustomersPayThemAndBadSettingsAreRefusedWithNothingChanged() {
        HttpResponse<String> none = http.get("/api/v1/me/payout-settings", provider.auth());
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).contains("\"method\":\"direct\"").contains("\"instructions\":\"\"");

        HttpResponse<String> saved = http.method("PUT", "/api/v1/me/payout-settings", """
                {"method": "direct", "instructions": "Bank transfer to IBAN DE89 3704 0044 0532 0130 00"}""", provider.auth());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

        HttpResponse<String> tooLong = http.method(
                "PUT",
                "/api/v1/me/payout-settings",
                "{\"method\": \"direct\", \"instructions\": \"" + "x".repeat(2001) + "\"}",
                provider.auth());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"field\":\"instructions\"");
        HttpResponse<String> stripe = http.method("PUT", "/api/v1/me/payout-settings", """
                {"method": "stripe", "instructions": ""}""", provider.auth());
        assertThat(stripe.statusCode()).isEqualTo(400);
        assertThat(stripe.body()).contains("\"field\":\"method\"");
        HttpResponse<String> unknown = http.method("PUT", "/api/v1/me/payout-settings", """
                {"method": "cheque"}""", provider.auth());
        assertThat(unknown.statusCode()).isEqualTo(400);

        assertThat(http.get("/api/v1/me/payout-settings", provider.auth()).body())
                .contains("Bank transfer to IBAN DE89 3704 0044 0532 0130 00");
        assertThat(http.get("/api/v1/me/payout-settings", customer.auth()).body())
                .as("each member has their own")
                .contains("\"instructions\":\"\"");
        assertThat(http.get("/api/v1/me/payout-settings").statusCode()).isEqualTo(401);
    }

    @Test
    void earningsShowTheCommissionAProviderOwesOnADirectPayment() {
        PaymentView agreed = start(12_000, 1_440);
        payments.markReceived(provider.id(), agreed.id());

        HttpResponse<String> earnings = http.get("/api/v1/me/earnings", provider.auth());
        assertThat(earnings.statusCode()).isEqualTo(200);
        assertThat(earnings.body())
                .contains("\"commissionOwed\":[{\"amount\":1440,\"currency\":\"EUR\"}]")
                .contains(agreed.id().toString());
        HttpResponse<String> receipts = http.get("/api/v1/me/payments", customer.auth());
        assertThat(receipts.body()).contains(agreed.id().toString()).contains("\"state\":\"received\"");
        assertThat(http.get("/api/v1/me/payments", provider.auth()).body())
                .as("a provider's receipts are what they paid")
                .doesNotContain(agreed.id().toString());
        assertThat(http.get("/api/v1/me/payments?cursor=not-a-cursor", customer.auth())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void anOperatorRefundsACardPaymentUpToWhatIsLeftAndChecksTheLedger() {
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
        try {
            PaymentView started = start(8_000, 800);
            payments.payWithTestCard(started.id());
            await(started.id(), PaymentState.AUTHORIZED);
            payments.capture(started.id(), null, "capture-" + started.id());
            String operator = operatorToken();

            HttpResponse<String> refund = http.postJson(
                    "/api/v1/admin/payments/" + started.id() + "/refunds",
                    "{\"amount\": {\"amount\": 3000, \"currency\": \"EUR\"}}",
                    "Authorization",
                    "Bearer " + operator,
                    "Idempotency-Key",
                    "refund-" + started.id());
            assertThat(refund.statusCode()).as(refund.body()).isEqualTo(200);
            assertThat(refund.body()).contains("\"refunded\":{\"amount\":3000,\"currency\":\"EUR\"}");
            HttpResponse<String> again = http.postJson(
                    "/api/v1/admin/payments/" + started.id() + "/refunds",
                    "{\"amount\": {\"amount\": 3000, \"currency\": \"EUR\"}}",
                    "Authorization",
                    "Bearer " + operator,
                    "Idempotency-Key",
                    "refund-" + started.id());
            assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(payments.payment(started.id()).orElseThrow().refunded())
                    .as("a retried request refunds once")
                    .isEqualTo(Money.of(3_000, "EUR"));

            HttpResponse<String> tooMuch = http.postJson(
                    "/api/v1/admin/payments/" + started.id() + "/refunds",
                    "{\"amount\": {\"amount\": 5001, \"currency\": \"EUR\"}}",
                    "Authorization",
                    "Bearer " + operator);
            assertThat(tooMuch.statusCode()).isEqualTo(409);
            HttpResponse<String> otherCurrency = http.postJson(
                    "/api/v1/admin/payments/" + started.id() + "/refunds",
                    "{\"amount\": {\"amount\": 100, \"currency\": \"GBP\"}}",
                    "Authorization",
                    "Bearer " + operator);
            assertThat(otherCurrency.statusCode()).isEqualTo(400);
            assertThat(otherCurrency.body()).contains("\"field\":\"amount.currency\"");
            HttpResponse<String> byMember = http.postJson(
                    "/api/v1/admin/payments/" + started.id() + "/refunds",
                    "{\"amount\": {\"amount\": 100, \"currency\": \"EUR\"}}",
                    customer.auth());
            assertThat(byMember.statusCode()).isEqualTo(403);
            assertThat(payments.payment(started.id()).orElseThrow().refunded()).isEqualTo(Money.of(3_000, "EUR"));

            HttpResponse<String> check = http.get("/api/v1/admin/ledger/check", "Authorization", "Bearer " + operator);
            assertThat(check.statusCode()).isEqualTo(200);
            assertThat(check.body()).contains("\"passed\":true");
        } finally {
            payments.chooseGateway(Gateway.DIRECT);
        }
    }

    private String operatorToken() {
        String email = Members.uniqueEmail("ledger-operator");
        accounts.ensureOperator(email, OPERATOR_PASSWORD, "Ledger Operator");
        Web web = new Web(port, "10.62.0.1");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", email, "password", OPERATOR_PASSWORD));
        TwoFactor.Enrolled enrolled = TwoFactor.enrol(web, OPERATOR_PASSWORD, clock);
        // a code works once: the token is asked for with the next one
        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> token = http.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s", "code": "%s"}""".formatted(
                        email, OPERATOR_PASSWORD, TwoFactor.code(enrolled.secret(), clock.instant())));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        return Members.field(token.body(), "token");
    }

    private PaymentView start(long amount, long fee) {
        return payments.start(new StartPayment(
                UUID.randomUUID(),
                customer.id(),
                provider.id(),
                Money.of(amount, "EUR"),
                Money.of(fee, "EUR"),
                "A week with the cargo bike",
                "api-" + UUID.randomUUID(),
                URI.create("http://localhost:" + port + "/account/payments")));
    }

    private void await(UUID id, PaymentState state) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (payments.payment(id).orElseThrow().state() != state && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(payments.payment(id).orElseThrow().state()).isEqualTo(state);
    }
}
