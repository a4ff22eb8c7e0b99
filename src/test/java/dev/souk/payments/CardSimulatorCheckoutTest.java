package dev.souk.payments;

import static dev.souk.payments.Checkouts.SUCCEEDS;
import static dev.souk.payments.Checkouts.card;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.payments.Checkouts.Checkout;
import dev.souk.payments.PaymentGateway.WebhookEvent;
import dev.souk.payments.PaymentGateway.WebhookEvent.Kind;
import dev.souk.payments.WebhookReceiver.Delivery;
import dev.souk.shared.Money;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.Web;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The simulator's hosted checkout, paid with each test card over HTTP, and what each one leads to. */
@SoukTest
@Import(WithWebhookReceiver.class)
class CardSimulatorCheckoutTest {

    @LocalServerPort
    int port;

    @Autowired
    CardSimulator simulator;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Checkouts checkouts;

    @BeforeEach
    void setUp() {
        checkouts = new Checkouts(simulator, port, clock);
    }

    @Test
    void theCheckoutShowsTheAmountTheDescriptionAndTheTestCards() {
        Checkout checkout = checkouts.start(12_50);

        HttpResponse<String> page = new Web(port).get(checkout.path());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("<title>Pay €12.50 · ")
                .contains("Pottery lesson with Petra, Sat 12 June")
                .contains("card simulator")
                .contains("<label for=\"f-number\" class=\"form-label\">Card number</label>")
                .contains("autocomplete=\"cc-number\"")
                .contains("Expiry date")
                .contains("Security code")
                .contains("Name on card")
                .contains("name=\"_csrf\"")
                .contains("4242 4242 4242 4242")
                .contains("4000 0000 0000 0002")
                .contains("4000 0000 0000 9995")
                .contains("4000 0027 6000 3184")
                .contains("href=\"" + checkout.returnUrl() + "\"");
    }

    @Test
    void aWorkingCardPlacesASevenDayHoldTellsSoukBySignedWebhookAndSendsTheCustomerBack() {
        Checkout checkout = checkouts.start(80_00);
        Instant before = clock.instant();

        HttpResponse<String> paid = checkouts.pay(checkout, SUCCEEDS);

        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(302);
        assertThat(paid.headers().firstValue("Location"))
                .hasValue(checkout.returnUrl().toString());
        Map<String, Object> charge = charge(checkout.reference());
        assertThat(charge)
                .containsEntry("status", "held")
                .containsEntry("card_brand", "visa")
                .containsEntry("card_last4", "4242")
                .containsEntry("failure_code", null);
        assertThat(((Timestamp) charge.get("held_until")).toInstant())
                .isBetween(before.plus(Duration.ofDays(7)), clock.instant().plus(Duration.ofDays(7)));
        assertThat(jdbc.sql("SELECT row_to_json(c)::text FROM card_simulator_charges c WHERE reference = :r")
                        .param("r", checkout.reference())
                        .query(String.class)
                        .single())
                .as("only the brand and the last four digits are kept")
                .doesNotContain("4242424242424242")
                .doesNotContain("4242 4242");

        Delivery delivery = WebhookReceiver.await(checkout.reference(), "AUTHORIZED");
        assertThat(delivery.headers()).containsKey("Souk-signature");
        assertThat(delivery.headers().get("Souk-signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(delivery.headers().get("Content-type")).isEqualTo("application/json");
        WebhookEvent event = simulator.verify(delivery.headers(), delivery.body());
        assertThat(event.kind()).isEqualTo(Kind.AUTHORIZED);
        assertThat(event.reference()).isEqualTo(checkout.reference());
        assertThat(event.amount()).isEqualTo(Money.of(80_00, "EUR"));
        assertThat(event.failureCode()).isNull();

        HttpResponse<String> again = new Web(port).get(checkout.path());
        assertThat(again.body()).contains("Your payment of €80 with Visa ending in 4242 is authorized.");
    }

    @Test
    void anyOtherValidCardNumberIsAuthorizedWithItsBrand() {
        Checkout checkout = checkouts.start(30_00);

        HttpResponse<String> paid = checkouts.pay(checkout, "5555-5555-5555-4444");

        assertThat(paid.statusCode()).isEqualTo(302);
        assertThat(charge(checkout.reference()))
                .containsEntry("status", "held")
                .containsEntry("card_brand", "mastercard")
                .containsEntry("card_last4", "4444");
        WebhookReceiver.await(checkout.reference(), "AUTHORIZED");
    }

    @Test
    void aDeclinedCardShowsWhyTellsSoukAndLetsTheCustomerTryAnotherCard() {
        Checkout checkout = checkouts.start(45_00);
        Web customer = new Web(port);

        HttpResponse<String> declined = checkouts.pay(customer, checkout, "4000 0000 0000 0002");

        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(declined.body())
                .contains("Your card was declined. Try another card.")
                .contains("value=\"Chris Customer\"")
                .doesNotContain("value=\"4000 0000 0000 0002\"");
        assertThat(charge(checkout.reference())).containsEntry("status", "open");
        Delivery failed = WebhookReceiver.await(checkout.reference(), "AUTHORIZATION_FAILED");
        WebhookEvent event = simulator.verify(failed.headers(), failed.body());
        assertThat(event.failureCode()).isEqualTo("card_declined");
        assertThat(event.amount()).isEqualTo(Money.of(45_00, "EUR"));

        HttpResponse<String> paid = customer.post(checkout.path(), card(SUCCEEDS, checkouts.expiry(), "321", "Chris"));

        assertThat(paid.statusCode()).isEqualTo(302);
        assertThat(paid.headers().firstValue("Location"))
                .hasValue(checkout.returnUrl().toString());
        assertThat(charge(checkout.reference())).containsEntry("status", "held").containsEntry("failure_code", null);
        WebhookReceiver.await(checkout.reference(), "AUTHORIZED");
    }

    @Test
    void aCardWithoutFundsIsDeclinedForInsufficientFunds() {
        Checkout checkout = checkouts.start(99_00);

        HttpResponse<String> declined = checkouts.pay(checkout, "4000000000009995");

        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(declined.body()).contains("Your card has insufficient funds.");
        assertThat(charge(checkout.reference()))
                .containsEntry("status", "open")
                .containsEntry("failure_code", "insufficient_funds");
        Delivery failed = WebhookReceiver.await(checkout.reference(), "AUTHORIZATION_FAILED");
        assertThat(simulator.verify(failed.headers(), failed.body()).failureCode())
                .isEqualTo("insufficient_funds");
    }

    @Test
    void aCardAskingFor3DSecureIsAuthorizedOnceTheCustomerCompletesIt() {
        Checkout checkout = checkouts.start(60_00);
        Web customer = new Web(port);

        HttpResponse<String> paid = checkouts.pay(customer, checkout, "4000 0027 6000 3184");

        assertThat(paid.statusCode()).isEqualTo(302);
        assertThat(pathOfLocation(paid)).isEqualTo(checkout.path() + "/authenticate");
        assertThat(charge(checkout.reference())).containsEntry("status", "authenticating");
        HttpResponse<String> page = customer.follow(paid);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Confirm your payment")
                .contains("€60 with Visa ending in 3184")
                .contains("Complete authentication")
                .contains("Fail authentication");

        HttpResponse<String> completed = customer.post(checkout.path() + "/authenticate", Map.of("result", "complete"));

        assertThat(completed.statusCode()).isEqualTo(302);
        assertThat(completed.headers().firstValue("Location"))
                .hasValue(checkout.returnUrl().toString());
        assertThat(charge(checkout.reference())).containsEntry("status", "held");
        WebhookReceiver.await(checkout.reference(), "AUTHORIZED");
        assertThat(customer.get(checkout.path() + "/authenticate").statusCode())
                .as("the step is over")
                .isEqualTo(302);
    }

    @Test
    void aFailed3DSecureLeavesThePaymentOpenForAnotherTry() {
        Checkout checkout = checkouts.start(60_00);
        Web customer = new Web(port);
        checkouts.pay(customer, checkout, "4000 0027 6000 3184");
        customer.get(checkout.path() + "/authenticate");

        HttpResponse<String> failed = customer.post(checkout.path() + "/authenticate", Map.of("result", "fail"));

        assertThat(failed.statusCode()).isEqualTo(302);
        assertThat(pathOfLocation(failed)).isEqualTo(checkout.path());
        HttpResponse<String> page = customer.follow(failed);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Your bank couldn't confirm this payment.");
        assertThat(charge(checkout.reference()))
                .containsEntry("status", "open")
                .containsEntry("failure_code", "authentication_failed");
        Delivery event = WebhookReceiver.await(checkout.reference(), "AUTHORIZATION_FAILED");
        assertThat(simulator.verify(event.headers(), event.body()).failureCode())
                .isEqualTo("authentication_failed");

        HttpResponse<String> paid = customer.post(checkout.path(), card(SUCCEEDS, checkouts.expiry(), "123", "Chris"));

        assertThat(paid.statusCode()).isEqualTo(302);
        WebhookReceiver.await(checkout.reference(), "AUTHORIZED");
    }

    @Test
    void aMistypedNumberOrAnExpiredCardGetsErrorsNextToTheFieldsAndNothingIsRecorded() {
        Checkout checkout = checkouts.start(20_00);
        Web customer = new Web(port);
        customer.get(checkout.path());

        HttpResponse<String> mistyped =
                customer.post(checkout.path(), card("4242 4242 4242 4241", checkouts.expiry(), "123", "Chris"));

        assertThat(mistyped.statusCode()).isEqualTo(400);
        assertThat(mistyped.body())
                .contains("id=\"f-number\" name=\"number\" type=\"text\" class=\"form-control is-invalid\"")
                .contains("<div id=\"f-number-error\" class=\"invalid-feedback\">This card number isn't valid.")
                .contains("value=\"4242 4242 4242 4241\"")
                .doesNotContain("f-expiry-error");

        HttpResponse<String> expired = customer.post(checkout.path(), card(SUCCEEDS, "01/20", "123", "Chris"));

        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body())
                .contains("<div id=\"f-expiry-error\" class=\"invalid-feedback\">This card has expired.</div>")
                .doesNotContain("f-number-error");

        HttpResponse<String> empty = customer.post(checkout.path(), card("", "", "", ""));

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body())
                .contains("Enter the card number.")
                .contains("Enter the expiry date.")
                .contains("Enter the security code.")
                .contains("Enter the name on the card.");
        assertThat(charge(checkout.reference()))
                .containsEntry("status", "open")
                .containsEntry("card_brand", null)
                .containsEntry("failure_code", null);
        assertThat(jdbc.sql("SELECT count(*) FROM card_simulator_events WHERE reference = :r")
                        .param("r", checkout.reference())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void theExpiryMonthItselfIsStillValid() {
        Checkout checkout = checkouts.start(20_00);
        Web customer = new Web(port);
        customer.get(checkout.path());
        String thisMonth = YearMonth.now(clock).format(DateTimeFormatter.ofPattern("MM/yy"));

        HttpResponse<String> paid = customer.post(checkout.path(), card(SUCCEEDS, thisMonth, "1234", "Chris"));

        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(302);
    }

    @Test
    void hostileInputGetsFieldErrorsNeverAServerError() {
        Checkout checkout = checkouts.start(20_00);
        Web customer = new Web(port);
        customer.get(checkout.path());
        String expiry = checkouts.expiry();

        Map<String, Map<String, String>> cases = Map.of(
                "number", card("9".repeat(100_000), expiry, "123", "Chris"),
                "expiry", card(SUCCEEDS, "1e500000000", "123", "Chris"),
                "cvc", card(SUCCEEDS, expiry, "12a", "Chris"),
                "name", card(SUCCEEDS, expiry, "123", "Chris\tCustomer"));
        cases.forEach((field, fields) -> {
            HttpResponse<String> answer = customer.post(checkout.path(), fields);
            assertThat(answer.statusCode()).as(field).isEqualTo(400);
            assertThat(answer.body()).as(field).contains("id=\"f-" + field + "-error\"");
        });
        assertThat(customer.post(checkout.path(), card(SUCCEEDS, "13/30", "123", "Chris"))
                        .body())
                .contains("Enter the expiry date as MM/YY");
        assertThat(customer.post(checkout.path(), card(SUCCEEDS, expiry, "123", "x".repeat(101)))
                        .body())
                .contains("id=\"f-name-error\"")
                .doesNotContain("x".repeat(101));
        HttpResponse<String> nul = customer.post(checkout.path(), card(SUCCEEDS, expiry, "123", "a\u0000b"));
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(customer.post(checkout.path() + "/authenticate", Map.of("result", "maybe"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(charge(checkout.reference())).containsEntry("status", "open");
    }

    @Test
    void anUnknownOrMalformedReferenceIsNotFound() {
        Web customer = new Web(port);

        HttpResponse<String> unknown = customer.get("/payments/simulator/sim_ch_" + "0".repeat(32));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("We can't find this payment.");
        assertThat(customer.get("/payments/simulator/x").statusCode()).isEqualTo(404);
        assertThat(customer.post("/payments/simulator/x", card(SUCCEEDS, "01/40", "123", "C"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(customer.get("/payments/simulator/sim_ch_" + "0".repeat(32) + "/authenticate")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aCancelledPaymentCanNoLongerBePaid() {
        Checkout checkout = checkouts.start(15_00);
        simulator.cancel(checkout.reference(), "cancel-" + checkout.reference());

        HttpResponse<String> answer = checkouts.pay(checkout, SUCCEEDS);

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body()).contains("This payment was cancelled. Nothing was charged.");
        assertThat(charge(checkout.reference())).containsEntry("status", "cancelled");
    }

    private static String pathOfLocation(HttpResponse<String> redirect) {
        return URI.create(redirect.headers().firstValue("Location").orElseThrow())
                .getPath();
    }

    private Map<String, Object> charge(String reference) {
        return jdbc.sql("SELECT * FROM card_simulator_charges WHERE reference = :r")
                .param("r", reference)
                .query()
                .singleRow();
    }
}
