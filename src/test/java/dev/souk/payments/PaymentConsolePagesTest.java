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
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The operator's payments console and ledger check over real HTTP, signed in with two-step verification. */
@SoukTest
@Import({WithMailbox.class, GatewayDoubles.class})
class PaymentConsolePagesTest {

    private static final String OPERATOR_PASSWORD = "payments-console-words";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

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
    Web operator;

    @BeforeEach
    void signInOperator() {
        http = new Http(port);
        payments.chooseGateway(Gateway.DIRECT);
        // one operator per test: a code of theirs works once, and tests follow each other within seconds
        String email = Members.uniqueEmail("payments-operator");
        accounts.ensureOperator(email, OPERATOR_PASSWORD, "Payments Operator");
        operator = TwoFactor.operator(port, nextAddress(), email, OPERATOR_PASSWORD, clock);
        operator.get("/admin/payments");
    }

    @AfterEach
    void directPaymentsAgain() {
        payments.chooseGateway(Gateway.DIRECT);
    }

    @Test
    void theOperatorSendsNewPaymentsThroughTheCardSimulator() {
        HttpResponse<String> console = operator.get("/admin/payments");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body())
                .contains("value=\"direct\"")
                .contains("value=\"card-simulator\"")
                .contains("Test cards for demos and trying things out. No real money moves.")
                .contains("href=\"/admin/ledger\"");

        HttpResponse<String> chosen = operator.post("/admin/payments/gateway", Map.of("gateway", "card-simulator"));
        assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(302);
        assertThat(payments.gateway()).isEqualTo(Gateway.CARD_SIMULATOR);
        assertThat(operator.follow(chosen).body())
                .contains("The payment gateway is changed.")
                .contains("New payments go through: Card simulator.");
    }

    @Test
    void aGatewayNotSetUpOnThisInstallIsRefusedNextToTheField() {
        Gateway unusable = Arrays.stream(Gateway.values())
                .filter(g -> !payments.usableGateways().contains(g))
                .findFirst()
                .orElseThrow(() -> new AssertionError("every gateway is set up in the test profile"));
        HttpResponse<String> refused = operator.post("/admin/payments/gateway", Map.of("gateway", unusable.key()));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("<div id=\"f-gateway-error\" class=\"invalid-feedback d-block\">The gateway " + unusable.key()
                        + " is not set up on this install.</div>")
                .contains("aria-describedby=\"f-gateway-error\"");
        assertThat(payments.gateway()).isEqualTo(Gateway.DIRECT);

        HttpResponse<String> unknown = operator.post("/admin/payments/gateway", Map.of("gateway", "paypal"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("No such payment gateway.");
        assertThat(payments.gateway()).isEqualTo(Gateway.DIRECT);
    }

    @Test
    void theLedgerPageShowsTheCheckPassed() {
        HttpResponse<String> ledger = operator.get("/admin/ledger");
        assertThat(ledger.statusCode()).isEqualTo(200);
        long journals = jdbc.sql("SELECT count(*) FROM ledger_journals")
                .query(Long.class)
                .single();
        assertThat(ledger.body())
                .contains("Passed.")
                .contains("The ledger is consistent.")
                .contains("id=\"ledger-journals\">" + journals + "<")
                .doesNotContain("Failed.");
        assertThat(operator.get("/admin/payments").body()).contains("href=\"/admin/ledger\"");
    }

    @Test
    void recordingACommissionPaymentReducesWhatTheProviderOwes() {
        Signed customer = Members.verifiedMember(http, "Cara Customer");
        Signed provider = Members.verifiedMember(http, "Pim Provider");
        PaymentView agreed =
                payments.start(PaymentPagesTest.request(customer, provider, 20_000, 2_400, "Sailing afternoon"));
        payments.markReceived(provider.id(), agreed.id());

        HttpResponse<String> console = operator.get("/admin/payments");
        String field = "f-amount-" + provider.id() + "-EUR";
        assertThat(console.body())
                .contains("Pim Provider")
                .contains("€24")
                .contains("id=\"" + field + "\"")
                .contains("id=\"revenue-chart\"")
                .contains("<td class=\"text-end\">€");

        HttpResponse<String> recorded =
                operator.post("/admin/payments/commission/" + provider.id(), Map.of("currency", "EUR", "amount", "10"));
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(302);
        assertThat(payments.commissionOwed(provider.id())).containsExactly(Money.of(1_400, "EUR"));
        assertThat(operator.follow(recorded).body())
                .contains("Recorded €10 from Pim Provider.")
                .contains("€14");

        long settlements = settlements();
        HttpResponse<String> tooMuch = operator.post(
                "/admin/payments/commission/" + provider.id(), Map.of("currency", "EUR", "amount", "14.01"));
        assertThat(tooMuch.statusCode()).isEqualTo(409);
        assertThat(tooMuch.body())
                .contains("<div id=\"" + field + "-error\" class=\"invalid-feedback d-block\">The provider owes at most"
                        + " 14.00 EUR.</div>")
                .contains("value=\"14.01\"");
        assertThat(payments.commissionOwed(provider.id())).containsExactly(Money.of(1_400, "EUR"));
        assertThat(settlements()).isEqualTo(settlements);

        for (String bad : new String[] {"1e3", "-5", "0", "0.001", ""}) {
            HttpResponse<String> refused = operator.post(
                    "/admin/payments/commission/" + provider.id(), Map.of("currency", "EUR", "amount", bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("id=\"" + field + "-error\"");
        }
        HttpResponse<String> wrongCurrency =
                operator.post("/admin/payments/commission/" + provider.id(), Map.of("currency", "eur", "amount", "1"));
        assertThat(wrongCurrency.statusCode()).isEqualTo(400);
        assertThat(wrongCurrency.body()).contains("Give a currency as its three-letter ISO 4217 code, e.g. EUR.");
        assertThat(payments.commissionOwed(provider.id())).containsExactly(Money.of(1_400, "EUR"));
        assertThat(settlements()).isEqualTo(settlements);

        assertThat(operator.post(
                                "/admin/payments/commission/" + provider.id(),
                                Map.of("currency", "EUR", "amount", "14.00"))
                        .statusCode())
                .isEqualTo(302);
        assertThat(payments.commissionOwed(provider.id())).isEmpty();
        assertThat(operator.get("/admin/payments").body()).doesNotContain("id=\"" + field + "\"");
        assertThat(operator.get("/admin/ledger").body()).contains("Passed.");
    }

    @Test
    void membersAreRefusedTheConsoleAndTheLedger() {
        Signed member = Members.verifiedMember(http, "Mo Member");
        Web web = new Web(port, nextAddress());
        web.get("/sign-in");
        assertThat(web.post("/sign-in", Map.of("email", member.email(), "password", Members.PASSWORD))
                        .statusCode())
                .isEqualTo(302);
        web.get("/account/payments");
        assertThat(web.get("/admin/payments").statusCode()).isEqualTo(403);
        assertThat(web.get("/admin/ledger").statusCode()).isEqualTo(403);
        assertThat(web.post("/admin/payments/gateway", Map.of("gateway", "card-simulator"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(payments.gateway()).isEqualTo(Gateway.DIRECT);
        assertThat(new Web(port, nextAddress()).get("/admin/payments").statusCode())
                .as("visitors are sent to sign in")
                .isEqualTo(302);
    }

    private long settlements() {
        return jdbc.sql("SELECT count(*) FROM ledger_journals WHERE kind = 'settlement'")
                .query(Long.class)
                .single();
    }

    private static String nextAddress() {
        return "10.63." + (ADDRESSES.incrementAndGet() / 250) + "." + (ADDRESSES.get() % 250 + 1);
    }
}
