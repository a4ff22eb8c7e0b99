package dev.souk.payments;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.payments.GatewayDoubles.StripeAccountsDouble;
import dev.souk.shared.Money;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The members' payment pages over real HTTP: receipts, earnings, marking a direct payment received, payouts. */
@SoukTest
@Import({WithMailbox.class, GatewayDoubles.class})
class PaymentPagesTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    Payments payments;

    @Autowired
    StripeAccountsDouble stripe;

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

    @AfterEach
    void directPaymentsAgain() {
        stripe.reachable = true;
        payments.chooseGateway(Gateway.DIRECT);
    }

    // --- receipts and earnings -------------------------------------------------------------------

    @Test
    void theCustomerSeesTheReceiptAndTheProviderMarksTheMoneyReceivedOnTheEarningsPage() {
        PaymentView agreed = payments.start(request(customer, provider, 20_000, 2_400, "Two nights at the lake"));

        Web customerWeb = signedIn(customer);
        HttpResponse<String> receipts = customerWeb.get("/account/payments");
        assertThat(receipts.statusCode()).isEqualTo(200);
        assertThat(receipts.body())
                .contains("Two nights at the lake")
                .contains("€200")
                .contains("To Dan Provider")
                .contains("To be paid directly")
                .contains("href=\"/account/payments/" + agreed.id() + "\"");
        HttpResponse<String> receipt = customerWeb.get("/account/payments/" + agreed.id());
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.body())
                .contains("Two nights at the lake")
                .contains("€200")
                .contains("How to pay Dan Provider")
                .contains("Dan Provider hasn't written payment instructions yet")
                .doesNotContain("Mark received");

        Web providerWeb = signedIn(provider);
        HttpResponse<String> earnings = providerWeb.get("/account/earnings");
        assertThat(earnings.statusCode()).isEqualTo(200);
        assertThat(earnings.body())
                .contains("Two nights at the lake")
                .contains("Dora Customer")
                .contains("€200")
                .contains("€24")
                .contains("€176")
                .contains("id=\"earnings-commission\">€0<")
                .contains("action=\"/account/payments/" + agreed.id() + "/received\"");

        HttpResponse<String> marked =
                providerWeb.post("/account/payments/" + agreed.id() + "/received", Map.of("back", "earnings"));
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(302);
        assertThat(marked.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/account/earnings"));
        HttpResponse<String> after = providerWeb.follow(marked);
        assertThat(after.body())
                .contains("Marked as received. You owe the marketplace its fee of €24.")
                .contains("id=\"earnings-commission\">€24<")
                .contains("Received by the provider")
                .doesNotContain("action=\"/account/payments/" + agreed.id() + "/received\"");
        assertThat(payments.payment(agreed.id()).orElseThrow().state()).isEqualTo(PaymentState.RECEIVED);
        assertThat(journals(agreed.id())).isOne();

        HttpResponse<String> again = providerWeb.post("/account/payments/" + agreed.id() + "/received", Map.of());
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(providerWeb.follow(again).body())
                .as("a second click is told, on the payment's page")
                .contains("The payment is received: this can't be done now.");
        assertThat(journals(agreed.id())).as("the commission is owed once").isOne();

        assertThat(customerWeb.get("/account/payments/" + agreed.id()).body()).contains("Received by the provider");
    }

    @Test
    void anotherMembersPaymentIsNotFoundAndCannotBeMarkedReceived() {
        PaymentView agreed = payments.start(request(customer, provider, 5_000, 500, "Pottery lesson"));
        Web stranger = signedIn(Members.verifiedMember(http, "Sam Stranger"));
        HttpResponse<String> peek = stranger.get("/account/payments/" + agreed.id());
        assertThat(peek.statusCode()).isEqualTo(404);
        assertThat(peek.body()).contains("No such payment.").doesNotContain("Pottery lesson");
        assertThat(stranger.post("/account/payments/" + agreed.id() + "/received", Map.of())
                        .statusCode())
                .isEqualTo(404);
        assertThat(signedIn(customer)
                        .post("/account/payments/" + agreed.id() + "/received", Map.of())
                        .statusCode())
                .as("only the provider says the money arrived")
                .isEqualTo(404);
        assertThat(payments.payment(agreed.id()).orElseThrow().state()).isEqualTo(PaymentState.AGREED);
        assertThat(journals(agreed.id())).isZero();
        assertThat(stranger.get("/account/payments/" + UUID.randomUUID()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aMemberWithoutPaymentsSeesEmptyStatesWithTheNextStep() {
        Web newcomer = signedIn(Members.verifiedMember(http, "Nia Newcomer"));
        HttpResponse<String> receipts = newcomer.get("/account/payments");
        assertThat(receipts.statusCode()).isEqualTo(200);
        assertThat(receipts.body())
                .contains("You haven't paid for anything yet.")
                .contains("href=\"/search\"");
        HttpResponse<String> earnings = newcomer.get("/account/earnings");
        assertThat(earnings.statusCode()).isEqualTo(200);
        assertThat(earnings.body())
                .contains("No one has paid you yet.")
                .contains("href=\"/listings/new\"")
                .contains("id=\"earnings-held\">€0<");
    }

    @Test
    void olderPaymentsAreOnTheNextPage() {
        for (int i = 1; i <= PaymentPages.PAGE_SIZE + 1; i++) {
            payments.start(request(customer, provider, 1_000 + i, 100, "Lesson number " + i));
        }
        Web customerWeb = signedIn(customer);
        HttpResponse<String> first = customerWeb.get("/account/payments");
        assertThat(first.body()).contains("€10.21").doesNotContain("€10.01");
        String older = first.body().replaceAll("(?s).*href=\"(/account/payments\\?cursor=[^\"]+)\".*", "$1");
        assertThat(older).startsWith("/account/payments?cursor=");
        HttpResponse<String> second = customerWeb.get(older);
        assertThat(second.body()).contains("€10.01").doesNotContain("€10.21").doesNotContain("?cursor=");
        assertThat(customerWeb.get("/account/payments?cursor=made-up").statusCode())
                .isEqualTo(400);
    }

    // --- payout settings -------------------------------------------------------------------------

    @Test
    void theProvidersInstructionsAreShownOnTheCustomersReceipt() {
        Web providerWeb = signedIn(provider);
        assertThat(providerWeb.get("/account/payouts").body())
                .contains("name=\"instructions\"")
                .doesNotContain("Connect with Stripe");
        HttpResponse<String> saved = providerWeb.post(
                "/account/payouts",
                Map.of(
                        "method",
                        "direct",
                        "instructions",
                        "IBAN PT50 0002 0123 1234 5678 9015 4\r\nor cash <on arrival>"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(providerWeb.follow(saved).body())
                .contains("Your payout settings are saved.")
                .contains("IBAN PT50 0002 0123 1234 5678 9015 4");

        PaymentView agreed = payments.start(request(customer, provider, 8_000, 800, "Bike for a day"));
        assertThat(signedIn(customer).get("/account/payments/" + agreed.id()).body())
                .contains("How to pay Dan Provider")
                .contains("IBAN PT50 0002 0123 1234 5678 9015 4")
                .contains("or cash &lt;on arrival&gt;");
    }

    @Test
    void instructionsTooLongAreRefusedUnderTheFieldAndTheSavedOnesStay() {
        Web providerWeb = signedIn(provider);
        providerWeb.get("/account/payouts");
        assertThat(providerWeb
                        .post("/account/payouts", Map.of("method", "direct", "instructions", "Cash only"))
                        .statusCode())
                .isEqualTo(302);
        providerWeb.get("/account/payouts");
        String tooLong = "x".repeat(PayoutSettings.INSTRUCTIONS_MAX + 1);
        HttpResponse<String> refused =
                providerWeb.post("/account/payouts", Map.of("method", "direct", "instructions", tooLong));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains(
                        "id=\"f-instructions-error\" class=\"invalid-feedback\">Payment instructions are at most 2,000"
                                + " characters of text.")
                .contains("aria-describedby=\"f-instructions-help f-instructions-error\"")
                .contains(">" + tooLong + "</textarea>");
        assertThat(instructions(provider.id())).isEqualTo("Cash only");

        HttpResponse<String> unknownMethod =
                providerWeb.post("/account/payouts", Map.of("method", "paypal", "instructions", "Changed"));
        assertThat(unknownMethod.statusCode()).isEqualTo(400);
        assertThat(unknownMethod.body()).contains(">Changed</textarea>");
        assertThat(instructions(provider.id())).isEqualTo("Cash only");
    }

    @Test
    void whileTheMarketplaceDoesNotPayThroughStripeConnectingIsRefusedWithAReason() {
        Web providerWeb = signedIn(provider);
        assertThat(providerWeb.get("/account/payouts").body()).doesNotContain("/account/payouts/stripe");
        HttpResponse<String> refused = providerWeb.post("/account/payouts/stripe", Map.of());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("This marketplace doesn't pay providers through Stripe.");
        assertThat(stripeAccount(provider.id())).isNull();
        assertThat(stripe.emails).doesNotContainValue(provider.email());
    }

    @Test
    void aProviderConnectsStripeAndSeesHowFarOnboardingWentOnReturn() {
        useStripe();
        Web providerWeb = signedIn(provider);
        assertThat(providerWeb.get("/account/payouts").body()).contains("Connect with Stripe");

        HttpResponse<String> connect = providerWeb.post("/account/payouts/stripe", Map.of());
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(302);
        String account = stripeAccount(provider.id());
        assertThat(account).startsWith("acct_");
        assertThat(stripe.emails).containsEntry(account, provider.email());
        assertThat(connect.headers().firstValue("Location"))
                .hasValue("https://connect.stripe.test/setup/" + account
                        + "?return=http://localhost:8080/account/payouts?stripe=done");

        stripe.statuses.put(account, new ConnectedAccounts.AccountStatus(true, true));
        HttpResponse<String> back = providerWeb.get("/account/payouts?stripe=done");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body())
                .contains("Details submitted")
                .contains("Payouts enabled")
                .doesNotContain("Connect with Stripe");
        assertThat(payments.payoutSettings(provider.id()).payoutsEnabled()).isTrue();

        HttpResponse<String> again = providerWeb.get("/account/payouts/stripe");
        assertThat(again.statusCode())
                .as("a link that ran out leads to a fresh one")
                .isEqualTo(302);
        assertThat(stripeAccount(provider.id())).as("one account per member").isEqualTo(account);
        assertThat(stripe.accountsByKey.values().stream().filter(account::equals))
                .hasSize(1);

        HttpResponse<String> chosen =
                providerWeb.post("/account/payouts", Map.of("method", "stripe", "instructions", ""));
        assertThat(chosen.statusCode()).isEqualTo(302);
        assertThat(payments.payoutSettings(provider.id()).method()).isEqualTo(PayoutSettings.Method.STRIPE);
        assertThat(stripeAccount(provider.id()))
                .as("saving the settings keeps the account")
                .isEqualTo(account);
    }

    @Test
    void stripeOutOfReachIsExplainedAndNothingIsStored() {
        useStripe();
        stripe.reachable = false;
        Web providerWeb = signedIn(provider);
        HttpResponse<String> refused = providerWeb.post("/account/payouts/stripe", Map.of());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(refused.body()).contains("Stripe can't be reached right now").contains("name=\"instructions\"");
        assertThat(stripeAccount(provider.id())).isNull();

        HttpResponse<String> stripeRefused =
                providerWeb.post("/account/payouts", Map.of("method", "stripe", "instructions", "Cash"));
        assertThat(stripeRefused.statusCode()).isEqualTo(400);
        assertThat(stripeRefused.body()).contains("id=\"f-method-error\"").contains("Connect a Stripe account first.");
    }

    // --- fixtures --------------------------------------------------------------------------------

    /** The marketplace as if its operator had chosen Stripe (no Stripe keys here: the accounts are the double's). */
    private void useStripe() {
        jdbc.sql("UPDATE payment_settings SET gateway = 'stripe-connect'").update();
    }

    static StartPayment request(Signed customer, Signed provider, long amount, long fee, String description) {
        return new StartPayment(
                UUID.randomUUID(),
                customer.id(),
                provider.id(),
                Money.of(amount, "EUR"),
                Money.of(fee, "EUR"),
                description,
                "page-" + UUID.randomUUID(),
                URI.create("http://localhost/back"));
    }

    private long journals(UUID paymentId) {
        return jdbc.sql("SELECT count(*) FROM ledger_journals WHERE payment_id = :p")
                .param("p", paymentId)
                .query(Long.class)
                .single();
    }

    private String instructions(UUID memberId) {
        return jdbc.sql("SELECT instructions FROM payout_settings WHERE member_id = :m")
                .param("m", memberId)
                .query(String.class)
                .single();
    }

    private String stripeAccount(UUID memberId) {
        return jdbc.sql("SELECT stripe_account FROM payout_settings WHERE member_id = :m")
                .param("m", memberId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private Web signedIn(Signed member) {
        Web web = new Web(port, "10.62." + (ADDRESSES.incrementAndGet() / 250) + "." + (ADDRESSES.get() % 250 + 1));
        web.get("/sign-in");
        HttpResponse<String> response = web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        // the form token changes at sign-in: forms carry the one of a signed-in page
        web.get("/account/payments");
        return web;
    }
}
