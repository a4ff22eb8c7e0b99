package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.payments.PaymentGateway.Authorization;
import dev.souk.payments.PaymentGateway.Outcome;
import dev.souk.payments.PaymentGateway.RequiresAction;
import dev.souk.shared.Money;
import dev.souk.testing.Web;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/** Payments started at the card simulator through the port, and paid on its checkout page over HTTP. */
final class Checkouts {

    static final String SUCCEEDS = "4242 4242 4242 4242";

    private final PaymentGateway gateway;
    private final int port;
    private final Clock clock;

    Checkouts(PaymentGateway gateway, int port, Clock clock) {
        this.gateway = gateway;
        this.port = port;
        this.clock = clock;
    }

    /** A payment waiting at the checkout: its reference, its page and where the customer goes back to. */
    record Checkout(String reference, String path, URI returnUrl) {}

    Checkout start(long amount) {
        return start(amount, URI.create("http://localhost:8080/payments/" + UUID.randomUUID() + "/return"));
    }

    Checkout start(long amount, URI returnUrl) {
        UUID payment = UUID.randomUUID();
        Outcome outcome = gateway.authorize(new Authorization(
                payment,
                "authorize-" + payment,
                Money.of(amount, "EUR"),
                Money.of(amount / 10, "EUR"),
                null,
                "Pottery lesson with Petra, Sat 12 June",
                returnUrl));
        assertThat(outcome).isInstanceOf(RequiresAction.class);
        RequiresAction action = (RequiresAction) outcome;
        assertThat(action.url().toString()).isEqualTo("http://localhost:8080/payments/simulator/" + action.reference());
        return new Checkout(action.reference(), action.url().getPath(), returnUrl);
    }

    /** A new customer opens the checkout and pays with the card. */
    HttpResponse<String> pay(Checkout checkout, String number) {
        return pay(new Web(port), checkout, number);
    }

    HttpResponse<String> pay(Web customer, Checkout checkout, String number) {
        HttpResponse<String> page = customer.get(checkout.path());
        assertThat(page.statusCode()).isEqualTo(200);
        return customer.post(checkout.path(), card(number, expiry(), "123", "Chris Customer"));
    }

    /** A payment whose hold is placed, as its AUTHORIZED webhook tells. */
    Checkout held(long amount) {
        Checkout checkout = start(amount);
        HttpResponse<String> paid = pay(checkout, SUCCEEDS);
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(302);
        WebhookReceiver.await(checkout.reference(), "AUTHORIZED");
        return checkout;
    }

    static Map<String, String> card(String number, String expiry, String cvc, String name) {
        return Map.of("number", number, "expiry", expiry, "cvc", cvc, "name", name);
    }

    /** An expiry date three years from now, as printed on a card. */
    String expiry() {
        return YearMonth.now(clock).plusYears(3).format(DateTimeFormatter.ofPattern("MM/yy"));
    }
}
