package dev.souk.payments;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.souk.payments.ConnectedAccounts.AccountStatus;
import dev.souk.payments.PaymentGateway.Authorization;
import dev.souk.payments.PaymentGateway.BadSignature;
import dev.souk.payments.PaymentGateway.Declined;
import dev.souk.payments.PaymentGateway.Payout;
import dev.souk.payments.PaymentGateway.Pending;
import dev.souk.payments.PaymentGateway.RequiresAction;
import dev.souk.payments.PaymentGateway.Succeeded;
import dev.souk.payments.PaymentGateway.Unavailable;
import dev.souk.payments.PaymentGateway.WebhookEvent;
import dev.souk.payments.PaymentGateway.WebhookEvent.Kind;
import dev.souk.shared.Money;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The Stripe Connect gateway against a local stand-in for Stripe's API that records what it was sent. */
class StripeConnectGatewayTest {

    @RegisterExtension
    static final WireMockExtension stripe = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    private static final String SECRET_KEY = "sk_test_souk";
    private static final String PLATFORM_WEBHOOK_SECRET = "whsec_platform";
    private static final String CONNECT_WEBHOOK_SECRET = "whsec_connect";
    private static final String SESSION = "cs_test_a1";
    private static final String INTENT = "pi_3Test";
    private static final String PROVIDER = "acct_1Provider";
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private final UUID paymentId = UUID.fromString("0195f0d2-7a1e-7c3b-9d2a-4b5c6d7e8f90");
    private final StripeConnectGateway gateway = gateway(Duration.ofSeconds(5));

    @Test
    void authorizeOpensACheckoutThatHoldsTheAmountForTheProviderLessTheFee() {
        stripe.stubFor(post("/v1/checkout/sessions").willReturn(okJson("""
                        {"id": "%s", "object": "checkout.session", "mode": "payment", "status": "open",
                         "amount_total": 12500, "currency": "eur", "url": "%s", "payment_intent": null}""".formatted(SESSION, checkoutUrl()))));

        var outcome = gateway.authorize(new Authorization(
                paymentId,
                "authorize-key-1",
                Money.of(12500, "EUR"),
                Money.of(1250, "EUR"),
                PROVIDER,
                "Two nights in the blue room",
                URI.create("https://souk.example/transactions/42/payment")));

        assertThat(outcome).isEqualTo(new RequiresAction(SESSION, URI.create(checkoutUrl())));
        stripe.verify(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET_KEY))
                .withHeader("Idempotency-Key", equalTo("authorize-key-1"))
                .withFormParam("mode", equalTo("payment"))
                .withFormParam("line_items[0][quantity]", equalTo("1"))
                .withFormParam("line_items[0][price_data][currency]", equalTo("eur"))
                .withFormParam("line_items[0][price_data][unit_amount]", equalTo("12500"))
                .withFormParam("line_items[0][price_data][product_data][name]", equalTo("Two nights in the blue room"))
                .withFormParam("payment_intent_data[capture_method]", equalTo("manual"))
                .withFormParam("payment_intent_data[transfer_data][destination]", equalTo(PROVIDER))
                .withFormParam("payment_intent_data[application_fee_amount]", equalTo("1250"))
                .withFormParam("payment_intent_data[metadata][souk_payment_id]", equalTo(paymentId.toString()))
                .withFormParam("metadata[souk_payment_id]", equalTo(paymentId.toString()))
                .withFormParam("client_reference_id", equalTo(paymentId.toString()))
                .withFormParam("success_url", equalTo("https://souk.example/transactions/42/payment"))
                .withFormParam("cancel_url", equalTo("https://souk.example/transactions/42/payment")));
    }

    @Test
    void aPaymentWithoutAProviderAccountIsDeclinedWithoutAskingStripe() {
        var outcome = gateway.authorize(new Authorization(
                paymentId,
                "authorize-key-2",
                Money.of(12500, "EUR"),
                Money.of(1250, "EUR"),
                null,
                "Two nights in the blue room",
                URI.create("https://souk.example/transactions/42/payment")));

        assertThat(outcome).isEqualTo(new Declined("no_provider_account"));
        assertThat(stripe.getAllServeEvents()).isEmpty();
    }

    @Test
    void captureTakesTheWholeHoldAndLeavesTheFeeAsItWas() {
        stubHeldPayment("requires_capture");
        stubCapture(okJson(intent("succeeded")));

        var outcome = gateway.capture(SESSION, Money.of(12500, "EUR"), "capture-key-1");

        assertThat(outcome).isEqualTo(new Succeeded(SESSION));
        stripe.verify(getRequestedFor(urlPathEqualTo("/v1/checkout/sessions/" + SESSION))
                .withQueryParam("expand[0]", equalTo("payment_intent")));
        stripe.verify(capture()
                .withHeader("Idempotency-Key", equalTo("capture-key-1"))
                .withFormParam("amount_to_capture", equalTo("12500"))
                .withoutFormParam("application_fee_amount"));
    }

    @Test
    void aPartialCaptureTakesLessAndTheMarketplacesShareOfIt() {
        stubHeldPayment("requires_capture");
        stubCapture(okJson(intent("succeeded")));

        var outcome = gateway.capture(SESSION, Money.of(10000, "EUR"), "capture-key-2");

        assertThat(outcome).isEqualTo(new Succeeded(SESSION));
        stripe.verify(capture()
                .withHeader("Idempotency-Key", equalTo("capture-key-2"))
                .withFormParam("amount_to_capture", equalTo("10000"))
                // 1250 of 12500 held: a tenth of what is taken
                .withFormParam("application_fee_amount", equalTo("1000")));
    }

    @Test
    void aCaptureRepeatedAfterItWentThroughAnswersWhatWasDone() {
        stubHeldPayment("succeeded");

        assertThat(gateway.capture(SESSION, Money.of(12500, "EUR"), "capture-key-3"))
                .isEqualTo(new Succeeded(SESSION));
        assertThat(stripe.findAll(capture())).isEmpty();
    }

    @Test
    void aCaptureBeforeTheCustomerPaidIsDeclined() {
        stripe.stubFor(
                get(urlPathEqualTo("/v1/checkout/sessions/" + SESSION)).willReturn(okJson(session("open", "null"))));

        assertThat(gateway.capture(SESSION, Money.of(12500, "EUR"), "capture-key-4"))
                .isEqualTo(new Declined("not_authorized"));
        assertThat(stripe.findAll(capture())).isEmpty();
    }

    @Test
    void cancelReleasesTheHold() {
        stubHeldPayment("requires_capture");
        stripe.stubFor(post("/v1/payment_intents/" + INTENT + "/cancel").willReturn(okJson(intent("canceled"))));

        assertThat(gateway.cancel(SESSION, "cancel-key-1")).isEqualTo(new Succeeded(SESSION));
        stripe.verify(postRequestedFor(urlPathEqualTo("/v1/payment_intents/" + INTENT + "/cancel"))
                .withHeader("Idempotency-Key", equalTo("cancel-key-1")));
    }

    @Test
    void cancelBeforeTheCustomerPaidExpiresTheCheckout() {
        stripe.stubFor(
                get(urlPathEqualTo("/v1/checkout/sessions/" + SESSION)).willReturn(okJson(session("open", "null"))));
        stripe.stubFor(
                post("/v1/checkout/sessions/" + SESSION + "/expire").willReturn(okJson(session("expired", "null"))));

        assertThat(gateway.cancel(SESSION, "cancel-key-2")).isEqualTo(new Succeeded(SESSION));
        stripe.verify(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions/" + SESSION + "/expire"))
                .withHeader("Idempotency-Key", equalTo("cancel-key-2")));
    }

    @Test
    void refundGivesBackPartOfWhatWasTakenFromTheProviderAndTheFeeAlike() {
        stubHeldPayment("succeeded");
        stripe.stubFor(post("/v1/refunds").willReturn(okJson("""
                        {"id": "re_1", "object": "refund", "amount": 5000, "currency": "eur",
                         "payment_intent": "%s", "status": "succeeded"}""".formatted(INTENT))));

        var outcome = gateway.refund(SESSION, Money.of(5000, "EUR"), "refund-key-1");

        assertThat(outcome).isEqualTo(new Succeeded("re_1"));
        stripe.verify(postRequestedFor(urlPathEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("refund-key-1"))
                .withFormParam("payment_intent", equalTo(INTENT))
                .withFormParam("amount", equalTo("5000"))
                .withFormParam("reverse_transfer", equalTo("true"))
                .withFormParam("refund_application_fee", equalTo("true"))
                .withFormParam("metadata[souk_reference]", equalTo(SESSION)));
    }

    @Test
    void payoutIsMadeOnTheProvidersOwnAccount() {
        stripe.stubFor(post("/v1/payouts").willReturn(okJson("""
                        {"id": "po_1", "object": "payout", "amount": 11250, "currency": "eur", "status": "pending"}""")));

        var outcome = gateway.payout(new Payout(paymentId, "payout-key-1", SESSION, Money.of(11250, "EUR"), PROVIDER));

        assertThat(outcome).isEqualTo(new Pending("po_1"));
        stripe.verify(postRequestedFor(urlPathEqualTo("/v1/payouts"))
                .withHeader("Stripe-Account", equalTo(PROVIDER))
                .withHeader("Idempotency-Key", equalTo("payout-key-1"))
                .withFormParam("amount", equalTo("11250"))
                .withFormParam("currency", equalTo("eur"))
                .withFormParam("metadata[souk_reference]", equalTo(SESSION))
                .withFormParam("metadata[souk_payment_id]", equalTo(paymentId.toString())));
    }

    @Test
    void aPayoutStripeCannotMakeYetIsRepeatedLater() {
        stripe.stubFor(post("/v1/payouts")
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody(error("invalid_request_error", "balance_insufficient", null))));

        var outcome = gateway.payout(new Payout(paymentId, "payout-key-2", SESSION, Money.of(11250, "EUR"), PROVIDER));

        assertThat(outcome).isInstanceOf(Unavailable.class);
    }

    @Test
    void aDeclinedCardAnswersTheDeclineCode() {
        stubHeldPayment("requires_capture");
        stubCapture(aResponse()
                .withStatus(402)
                .withHeader("Content-Type", "application/json")
                .withBody(error("card_error", "card_declined", "insufficient_funds")));

        assertThat(gateway.capture(SESSION, Money.of(12500, "EUR"), "capture-key-5"))
                .isEqualTo(new Declined("insufficient_funds"));
    }

    @Test
    void aRequestStripeRefusesForGoodIsDeclinedWithItsCode() {
        stubHeldPayment("requires_capture");
        stubCapture(aResponse()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(error("invalid_request_error", "amount_too_large", null)));

        assertThat(gateway.capture(SESSION, Money.of(99999, "EUR"), "capture-key-6"))
                .isEqualTo(new Declined("amount_too_large"));
    }

    @Test
    void aKeyReusedWithOtherParametersIsDeclined() {
        stubHeldPayment("requires_capture");
        stubCapture(aResponse()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(error("idempotency_error", null, null)));

        assertThat(gateway.capture(SESSION, Money.of(12500, "EUR"), "capture-key-7"))
                .isEqualTo(new Declined("idempotency_key_reused"));
    }

    @Test
    void aCaptureWhoseAnswerIsLostInATimeoutIsRepeatedWithTheSameKey() {
        StripeConnectGateway impatient = gateway(Duration.ofMillis(500));
        stubHeldPayment("requires_capture");
        stripe.stubFor(post("/v1/payment_intents/" + INTENT + "/capture")
                .inScenario("slow capture")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("answered")
                .willReturn(okJson(intent("succeeded")).withFixedDelay(3000)));
        stripe.stubFor(post("/v1/payment_intents/" + INTENT + "/capture")
                .inScenario("slow capture")
                .whenScenarioStateIs("answered")
                .willReturn(okJson(intent("succeeded"))));

        var first = impatient.capture(SESSION, Money.of(12500, "EUR"), "capture-key-8");
        var again = impatient.capture(SESSION, Money.of(12500, "EUR"), "capture-key-8");

        assertThat(first).isInstanceOf(Unavailable.class);
        assertThat(again).isEqualTo(new Succeeded(SESSION));
        assertThat(stripe.findAll(capture()))
                .extracting(request -> request.getHeader("Idempotency-Key"))
                .containsExactly("capture-key-8", "capture-key-8");
        assertThat(stripe.findAll(capture()))
                .extracting(
                        request -> request.formParameter("amount_to_capture").firstValue())
                .containsExactly("12500", "12500");
    }

    @Test
    void aServerErrorAtStripeIsUnavailableSoTheCallIsRepeated() {
        stubHeldPayment("requires_capture");
        stubCapture(aResponse()
                .withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody(error("api_error", null, null)));

        var outcome = gateway.capture(SESSION, Money.of(12500, "EUR"), "capture-key-9");

        assertThat(outcome).isEqualTo(new Unavailable("Stripe answered 503"));
        // the library doesn't retry on its own: the payments module does, later
        assertThat(stripe.findAll(capture())).hasSize(1);
    }

    @Test
    void beingRateLimitedIsUnavailable() {
        stubHeldPayment("requires_capture");
        stubCapture(aResponse()
                .withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody(error("invalid_request_error", "rate_limit", null)));

        assertThat(gateway.capture(SESSION, Money.of(12500, "EUR"), "capture-key-10"))
                .isInstanceOf(Unavailable.class);
    }

    @Test
    void iskIsSentInHundredthsAsStripeCountsIt() {
        stubHeldPayment("succeeded");
        stripe.stubFor(post("/v1/refunds").willReturn(okJson("""
                        {"id": "re_2", "object": "refund", "amount": 150000, "currency": "isk", "status": "pending"}""")));

        assertThat(gateway.refund(SESSION, Money.of(1500, "ISK"), "refund-key-2"))
                .isEqualTo(new Pending("re_2"));
        stripe.verify(postRequestedFor(urlPathEqualTo("/v1/refunds")).withFormParam("amount", equalTo("150000")));
    }

    @Test
    void aSignedCheckoutCompletionSaysThePaymentIsHeld() {
        String body = event("evt_1", "checkout.session.completed", """
                {"id": "%s", "object": "checkout.session", "amount_total": 12500, "currency": "eur",
                 "payment_intent": "%s", "metadata": {"souk_payment_id": "%s"}}""".formatted(SESSION, INTENT, paymentId));

        WebhookEvent event = gateway.verify(signed(body, PLATFORM_WEBHOOK_SECRET, NOW), bytes(body));

        assertThat(event)
                .isEqualTo(new WebhookEvent(
                        "evt_1", Kind.AUTHORIZED, SESSION, Money.of(12500, "EUR"), null, NOW.minusSeconds(2)));
    }

    @Test
    void aRefundOfTheChargeIsTracedBackToItsCheckout() {
        stubCheckoutOf(INTENT);
        String body = event("evt_2", "charge.refunded", """
                {"id": "ch_1", "object": "charge", "amount": 12500, "amount_captured": 12500,
                 "amount_refunded": 5000, "currency": "eur", "payment_intent": "%s"}""".formatted(INTENT));

        WebhookEvent event = gateway.verify(signed(body, PLATFORM_WEBHOOK_SECRET, NOW), bytes(body));

        assertThat(event.kind()).isEqualTo(Kind.REFUNDED);
        assertThat(event.reference()).isEqualTo(SESSION);
        assertThat(event.amount()).isEqualTo(Money.of(5000, "EUR"));
        stripe.verify(getRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))
                .withQueryParam("payment_intent", equalTo(INTENT))
                .withQueryParam("limit", equalTo("1")));
    }

    @Test
    void anEventThatCannotBeTracedBackWhileStripeIsDownIsRefusedForStripeToSendAgain() {
        stripe.stubFor(get(urlPathEqualTo("/v1/checkout/sessions"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody(error("api_error", null, null))));
        String body = event("evt_14", "payment_intent.canceled", canceledIntent("automatic"));

        assertThatThrownBy(() -> gateway.verify(signed(body, PLATFORM_WEBHOOK_SECRET, NOW), bytes(body)))
                .isInstanceOf(GatewayUnavailable.class);
    }

    @Test
    void aHoldStripeLetRunOutIsExpiredAndOneCancelledIsCancelled() {
        stubCheckoutOf(INTENT);
        String ranOut = event("evt_3", "payment_intent.canceled", canceledIntent("automatic"));
        String cancelled = event("evt_4", "payment_intent.canceled", canceledIntent("requested_by_customer"));

        WebhookEvent expired = gateway.verify(signed(ranOut, PLATFORM_WEBHOOK_SECRET, NOW), bytes(ranOut));
        WebhookEvent released = gateway.verify(signed(cancelled, PLATFORM_WEBHOOK_SECRET, NOW), bytes(cancelled));

        assertThat(expired.kind()).isEqualTo(Kind.EXPIRED);
        assertThat(expired.reference()).isEqualTo(SESSION);
        assertThat(released.kind()).isEqualTo(Kind.CANCELLED);
    }

    @Test
    void aFailedPaymentAttemptCarriesTheDeclineCode() {
        stubCheckoutOf(INTENT);
        String body = event("evt_5", "payment_intent.payment_failed", """
                {"id": "%s", "object": "payment_intent", "amount": 12500, "currency": "eur",
                 "status": "requires_payment_method", "metadata": {"souk_payment_id": "%s"},
                 "last_payment_error": {"type": "card_error", "code": "card_declined", "decline_code": "stolen_card"}}""".formatted(INTENT, paymentId));

        WebhookEvent event = gateway.verify(signed(body, PLATFORM_WEBHOOK_SECRET, NOW), bytes(body));

        assertThat(event.kind()).isEqualTo(Kind.AUTHORIZATION_FAILED);
        assertThat(event.reference()).isEqualTo(SESSION);
        assertThat(event.failureCode()).isEqualTo("stolen_card");
    }

    @Test
    void aConnectedAccountsPayoutEventIsSignedWithTheOtherEndpointsSecret() {
        String body = event("evt_6", "payout.failed", """
                {"id": "po_1", "object": "payout", "amount": 11250, "currency": "eur", "status": "failed",
                 "failure_code": "account_closed", "metadata": {"souk_reference": "%s", "souk_payment_id": "%s"}}""".formatted(SESSION, paymentId));

        WebhookEvent event = gateway.verify(signed(body, CONNECT_WEBHOOK_SECRET, NOW), bytes(body));

        assertThat(event)
                .isEqualTo(new WebhookEvent(
                        "evt_6",
                        Kind.PAYOUT_FAILED,
                        SESSION,
                        Money.of(11250, "EUR"),
                        "account_closed",
                        NOW.minusSeconds(2)));
    }

    @Test
    void anAccountUpdateNamesTheAccountAndOtherEventsAreOther() {
        String updated = event("evt_7", "account.updated", """
                {"id": "%s", "object": "account", "details_submitted": true, "payouts_enabled": true}""".formatted(PROVIDER));
        String other = event("evt_8", "customer.created", """
                {"id": "cus_1", "object": "customer"}""");

        assertThat(gateway.verify(signed(updated, CONNECT_WEBHOOK_SECRET, NOW), bytes(updated)))
                .extracting(WebhookEvent::kind, WebhookEvent::reference)
                .containsExactly(Kind.ACCOUNT_UPDATED, PROVIDER);
        assertThat(gateway.verify(signed(other, PLATFORM_WEBHOOK_SECRET, NOW), bytes(other)))
                .extracting(WebhookEvent::id, WebhookEvent::kind)
                .containsExactly("evt_8", Kind.OTHER);
    }

    @Test
    void aPaymentSoukDidNotStartIsOther() {
        String body = event("evt_9", "payment_intent.succeeded", """
                {"id": "pi_elsewhere", "object": "payment_intent", "amount_received": 900, "currency": "eur",
                 "metadata": {}}""");

        assertThat(gateway.verify(signed(body, PLATFORM_WEBHOOK_SECRET, NOW), bytes(body))
                        .kind())
                .isEqualTo(Kind.OTHER);
        assertThat(stripe.getAllServeEvents()).isEmpty();
    }

    @Test
    void aWebhookWithAWrongOrNoSignatureIsRefused() {
        String body = event("evt_10", "customer.created", "{\"id\": \"cus_1\", \"object\": \"customer\"}");
        String forged = body.replace("cus_1", "cus_2");

        assertThatThrownBy(() -> gateway.verify(signed(body, "whsec_guessed", NOW), bytes(body)))
                .isInstanceOf(BadSignature.class);
        assertThatThrownBy(() -> gateway.verify(signed(body, PLATFORM_WEBHOOK_SECRET, NOW), bytes(forged)))
                .isInstanceOf(BadSignature.class);
        assertThatThrownBy(() -> gateway.verify(Map.of(), bytes(body))).isInstanceOf(BadSignature.class);
        assertThatThrownBy(() -> gateway.verify(Map.of("Stripe-Signature", "t=soon,v1=00"), bytes(body)))
                .isInstanceOf(BadSignature.class);
    }

    @Test
    void aWebhookSignedMoreThanFiveMinutesAgoIsRefused() {
        String body = event("evt_11", "customer.created", "{\"id\": \"cus_1\", \"object\": \"customer\"}");

        assertThat(gateway.verify(signed(body, PLATFORM_WEBHOOK_SECRET, NOW.minusSeconds(300)), bytes(body))
                        .id())
                .isEqualTo("evt_11");
        assertThatThrownBy(
                        () -> gateway.verify(signed(body, PLATFORM_WEBHOOK_SECRET, NOW.minusSeconds(301)), bytes(body)))
                .isInstanceOf(BadSignature.class);
    }

    @Test
    void headerNamesAreReadWhateverTheirCaseAndOversizedBodiesAreRefused() {
        String body = event("evt_12", "customer.created", "{\"id\": \"cus_1\", \"object\": \"customer\"}");
        String header = signed(body, PLATFORM_WEBHOOK_SECRET, NOW).get("Stripe-Signature");

        assertThat(gateway.verify(Map.of("stripe-signature", header), bytes(body))
                        .id())
                .isEqualTo("evt_12");
        assertThatThrownBy(() -> gateway.verify(Map.of("Stripe-Signature", header), new byte[1024 * 1024 + 1]))
                .isInstanceOf(BadSignature.class);
    }

    @Test
    void aProvidersAccountIsOpenedAsAnExpressAccountPaidOutBySouk() {
        UUID member = UUID.fromString("0195f0d2-0000-7000-8000-000000000001");
        stripe.stubFor(post("/v1/accounts").willReturn(okJson("""
                        {"id": "acct_1New", "object": "account", "type": "express", "details_submitted": false}""")));

        String account = gateway.createAccount(member, "amira@example.org", "account-key-1");

        assertThat(account).isEqualTo("acct_1New");
        stripe.verify(postRequestedFor(urlPathEqualTo("/v1/accounts"))
                .withHeader("Idempotency-Key", equalTo("account-key-1"))
                .withFormParam("type", equalTo("express"))
                .withFormParam("country", equalTo("PT"))
                .withFormParam("email", equalTo("amira@example.org"))
                .withFormParam("capabilities[card_payments][requested]", equalTo("true"))
                .withFormParam("capabilities[transfers][requested]", equalTo("true"))
                .withFormParam("settings[payouts][schedule][interval]", equalTo("manual"))
                .withFormParam("metadata[souk_member_id]", equalTo(member.toString())));
    }

    @Test
    void onboardingLinksToStripesPagesForTheAccount() {
        stripe.stubFor(post("/v1/account_links").willReturn(okJson("""
                        {"object": "account_link", "created": 1772445600, "expires_at": 1772445900,
                         "url": "https://connect.stripe.com/setup/e/acct_1New/Xyz"}""")));

        URI link = gateway.onboardingLink(
                "acct_1New",
                URI.create("https://souk.example/account/payouts"),
                URI.create("https://souk.example/account/payouts/link"));

        assertThat(link).isEqualTo(URI.create("https://connect.stripe.com/setup/e/acct_1New/Xyz"));
        stripe.verify(postRequestedFor(urlPathEqualTo("/v1/account_links"))
                .withFormParam("account", equalTo("acct_1New"))
                .withFormParam("type", equalTo("account_onboarding"))
                .withFormParam("return_url", equalTo("https://souk.example/account/payouts"))
                .withFormParam("refresh_url", equalTo("https://souk.example/account/payouts/link")));
    }

    @Test
    void anAccountsStatusSaysWhetherOnboardingIsDoneAndPayoutsReachTheBank() {
        stripe.stubFor(get("/v1/accounts/acct_1New").willReturn(okJson("""
                        {"id": "acct_1New", "object": "account", "details_submitted": true, "payouts_enabled": false}""")));

        assertThat(gateway.status("acct_1New")).isEqualTo(new AccountStatus(true, false));
    }

    @Test
    void accountsCallsStripeCannotAnswerAskToTryAgain() {
        stripe.stubFor(get("/v1/accounts/acct_1New")
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody(error("api_error", null, null))));

        assertThatThrownBy(() -> gateway.status("acct_1New")).isInstanceOf(GatewayUnavailable.class);
    }

    @Test
    void withoutKeysTheGatewayIsNotOfferedAndAsksNothing() {
        var unconfigured = new StripeConnectGateway(
                new StripeProperties(
                        "", "", URI.create(stripe.baseUrl()), "US", Duration.ofSeconds(1), Duration.ofSeconds(1)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        String body = event("evt_13", "customer.created", "{\"id\": \"cus_1\", \"object\": \"customer\"}");

        assertThat(unconfigured.configured()).isFalse();
        assertThat(gateway.configured()).isTrue();
        assertThat(unconfigured.capture(SESSION, Money.of(100, "EUR"), "k"))
                .isEqualTo(new Unavailable("not configured"));
        assertThat(unconfigured.payout(new Payout(paymentId, "k", SESSION, Money.of(100, "EUR"), PROVIDER)))
                .isEqualTo(new Unavailable("not configured"));
        assertThatThrownBy(() -> unconfigured.createAccount(paymentId, "amira@example.org", "k"))
                .isInstanceOf(GatewayUnavailable.class);
        assertThatThrownBy(() -> unconfigured.verify(signed(body, PLATFORM_WEBHOOK_SECRET, NOW), bytes(body)))
                .isInstanceOf(BadSignature.class);
        assertThat(stripe.getAllServeEvents()).isEmpty();
    }

    @Test
    void theDocumentedEnvironmentVariablesSetTheGatewayUp() {
        var environment = new SystemEnvironmentPropertySource(
                "environment",
                Map.of(
                        "SOUK_STRIPE_SECRET_KEY",
                        SECRET_KEY,
                        "SOUK_STRIPE_WEBHOOK_SECRET",
                        PLATFORM_WEBHOOK_SECRET + "," + CONNECT_WEBHOOK_SECRET,
                        "SOUK_STRIPE_API_BASE",
                        stripe.baseUrl(),
                        "SOUK_STRIPE_ACCOUNT_COUNTRY",
                        "pt",
                        "SOUK_STRIPE_READ_TIMEOUT",
                        "2s"));
        var unset = new SystemEnvironmentPropertySource("environment", Map.of());

        StripeProperties set = new Binder(ConfigurationPropertySources.from(environment))
                .bindOrCreate("souk.stripe", StripeProperties.class);
        StripeProperties defaults = new Binder(ConfigurationPropertySources.from(unset))
                .bindOrCreate("souk.stripe", StripeProperties.class);

        assertThat(set)
                .isEqualTo(new StripeProperties(
                        SECRET_KEY,
                        PLATFORM_WEBHOOK_SECRET + "," + CONNECT_WEBHOOK_SECRET,
                        URI.create(stripe.baseUrl()),
                        "PT",
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(2)));
        assertThat(set.webhookSecrets()).containsExactly(PLATFORM_WEBHOOK_SECRET, CONNECT_WEBHOOK_SECRET);
        assertThat(defaults.configured()).isFalse();
        assertThat(defaults.apiBase()).isEqualTo(URI.create("https://api.stripe.com"));
        assertThat(defaults.accountCountry()).isEqualTo("US");
    }

    private StripeConnectGateway gateway(Duration readTimeout) {
        return new StripeConnectGateway(
                new StripeProperties(
                        SECRET_KEY,
                        PLATFORM_WEBHOOK_SECRET + ", " + CONNECT_WEBHOOK_SECRET,
                        URI.create(stripe.baseUrl()),
                        "pt",
                        Duration.ofSeconds(2),
                        readTimeout),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String checkoutUrl() {
        return "https://checkout.stripe.com/c/pay/" + SESSION;
    }

    /** A Checkout Session, with its PaymentIntent expanded (or {@code null}). */
    private static String session(String status, String intent) {
        return """
                {"id": "%s", "object": "checkout.session", "mode": "payment", "status": "%s",
                 "amount_total": 12500, "currency": "eur", "payment_intent": %s}""".formatted(SESSION, status, intent);
    }

    private static String intent(String status) {
        return """
                {"id": "%s", "object": "payment_intent", "amount": 12500, "amount_capturable": 12500,
                 "application_fee_amount": 1250, "capture_method": "manual", "currency": "eur", "status": "%s",
                 "transfer_data": {"destination": "%s"}}""".formatted(INTENT, status, PROVIDER);
    }

    private String canceledIntent(String reason) {
        return """
                {"id": "%s", "object": "payment_intent", "amount": 12500, "currency": "eur", "status": "canceled",
                 "cancellation_reason": "%s", "metadata": {"souk_payment_id": "%s"}}""".formatted(INTENT, reason, paymentId);
    }

    private static void stubHeldPayment(String intentStatus) {
        stripe.stubFor(get(urlPathEqualTo("/v1/checkout/sessions/" + SESSION))
                .willReturn(okJson(session("complete", intent(intentStatus)))));
    }

    private static void stubCheckoutOf(String intent) {
        stripe.stubFor(get(urlPathEqualTo("/v1/checkout/sessions"))
                .withQueryParam("payment_intent", equalTo(intent))
                .willReturn(okJson("""
                        {"object": "list", "url": "/v1/checkout/sessions", "has_more": false,
                         "data": [%s]}""".formatted(session("complete", "\"" + intent + "\"")))));
    }

    private static void stubCapture(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        stripe.stubFor(post("/v1/payment_intents/" + INTENT + "/capture").willReturn(response));
    }

    private static RequestPatternBuilder capture() {
        return postRequestedFor(urlPathEqualTo("/v1/payment_intents/" + INTENT + "/capture"));
    }

    private static String error(String type, String code, String declineCode) {
        return """
                {"error": {"type": "%s", "code": %s, "decline_code": %s, "message": "refused by the stand-in"}}""".formatted(type, quoted(code), quoted(declineCode));
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /** An event as Stripe sends it, made two seconds before now. */
    private static String event(String id, String type, String object) {
        return """
                {"id": "%s", "object": "event", "api_version": "2025-11-17.clover", "created": %d,
                 "livemode": false, "pending_webhooks": 1, "type": "%s", "data": {"object": %s}}""".formatted(id, NOW.minusSeconds(2).getEpochSecond(), type, object);
    }

    /** The Stripe-Signature header as Stripe documents it: t=<time>,v1=<hex HMAC-SHA256 of "time.body">. */
    private static Map<String, String> signed(String body, String secret, Instant at) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signedPayload = at.getEpochSecond() + "." + body;
            String signature = HexFormat.of().formatHex(hmac.doFinal(signedPayload.getBytes(StandardCharsets.UTF_8)));
            return Map.of("Stripe-Signature", "t=" + at.getEpochSecond() + ",v1=" + signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
