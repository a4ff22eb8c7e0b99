package dev.souk.payments;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PayoutCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionExpireParams;
import com.stripe.param.checkout.SessionListParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import dev.souk.payments.PaymentGateway.WebhookEvent.Kind;
import dev.souk.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe Connect: providers have Express accounts; the customer pays through Stripe Checkout a
 * destination charge held with manual capture, from which Stripe transfers the provider's share (the
 * amount less the marketplace's application fee) to the provider's account on capture. The provider's
 * money stays in their Stripe balance until Souk pays it out (accounts are opened with manual payouts).
 *
 * <p><b>A payment's reference is its Checkout Session id</b> ({@code cs_…}): it is the only id Stripe
 * has when the payment starts, because a Checkout Session creates its PaymentIntent only when the
 * customer pays. Capture, cancel and refund read the session to reach its PaymentIntent. Every webhook
 * about the payment carries that same reference: a PaymentIntent's or charge's event is traced back to
 * its session by one read of Stripe's session list (filtered by the PaymentIntent), so {@link #verify}
 * may throw {@link GatewayUnavailable} when Stripe can't be reached, and the event should be answered
 * with a 5xx so that Stripe sends it again. Payouts carry the payment's reference in their metadata. The
 * session (as {@code client_reference_id} and metadata) and its PaymentIntent also carry Souk's payment
 * id ({@code souk_payment_id}) for whoever looks at them in Stripe's dashboard.
 *
 * <p>Stripe remembers an idempotency key for 24 hours. Capture and cancel look at the PaymentIntent
 * before they act, so repeating them later still answers what was done; a refund or payout repeated
 * after 24 hours would be made again.
 *
 * <p>One class, above the usual size, because it is one gateway's protocol: every call and every
 * webhook goes through the same reference (the session) and the same reading of Stripe's answers.
 */
@Component
class StripeConnectGateway implements PaymentGateway, ConnectedAccounts {

    private static final long WEBHOOK_TOLERANCE_SECONDS = 300;
    private static final String PAYMENT_ID = "souk_payment_id";
    private static final String REFERENCE = "souk_reference";
    private static final String MEMBER_ID = "souk_member_id";

    private static final int MAX_WEBHOOK_BODY = 1024 * 1024;
    // a timestamp and a few 64-digit signatures (more than one while a secret is rolled)
    private static final int MAX_SIGNATURE_HEADER = 4096;
    private static final Pattern SESSION_ID = Pattern.compile("cs_[A-Za-z0-9_]{1,250}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("acct_[A-Za-z0-9]{1,250}");
    // Stripe counts these in whole units (https://docs.stripe.com/currencies#zero-decimal)
    private static final Set<String> ZERO_DECIMAL = Set.of(
            "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF",
            "XPF");

    private final StripeProperties properties;
    private final Clock clock;
    private final @Nullable StripeClient client;

    StripeConnectGateway(StripeProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.client = properties.configured()
                ? StripeClient.builder()
                        .setApiKey(properties.secretKey())
                        .setApiBase(properties.apiBase().toString().replaceAll("/+$", ""))
                        .setConnectTimeout((int) properties.connectTimeout().toMillis())
                        .setReadTimeout((int) properties.readTimeout().toMillis())
                        // the payments module repeats a failed call itself, later, with the same key
                        .setMaxNetworkRetries(0)
                        .build()
                : null;
    }

    @Override
    public Gateway gateway() {
        return Gateway.STRIPE_CONNECT;
    }

    /** Stripe forgets a key after 24 hours. */
    @Override
    public java.util.Optional<java.time.Duration> keysKeptFor() {
        return java.util.Optional.of(java.time.Duration.ofHours(24));
    }

    @Override
    public boolean configured() {
        return properties.configured();
    }

    @Override
    public Outcome authorize(Authorization request) {
        if (!request.applicationFee().currency().equals(request.amount().currency())) {
            throw new IllegalArgumentException("the application fee is in another currency than the amount");
        }
        String provider = request.providerAccount();
        if (provider == null) {
            return new Declined("no_provider_account");
        }
        requireAccountId(provider);
        String paymentId = request.paymentId().toString();
        return call(stripe -> {
            var intent = SessionCreateParams.PaymentIntentData.builder()
                    .setCaptureMethod(SessionCreateParams.PaymentIntentData.CaptureMethod.MANUAL)
                    .setTransferData(SessionCreateParams.PaymentIntentData.TransferData.builder()
                            .setDestination(provider)
                            .build())
                    .setDescription(request.description())
                    .putMetadata(PAYMENT_ID, paymentId);
            if (request.applicationFee().isPositive()) {
                intent.setApplicationFeeAmount(stripeAmount(request.applicationFee()));
            }
            var item = SessionCreateParams.LineItem.builder()
                    .setQuantity(1L)
                    .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency(currencyOf(request.amount()))
                            .setUnitAmount(stripeAmount(request.amount()))
                            .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                    .setName(request.description())
                                    .build())
                            .build())
                    .build();
            Session session = stripe.v1()
                    .checkout()
                    .sessions()
                    .create(
                            SessionCreateParams.builder()
                                    .setMode(SessionCreateParams.Mode.PAYMENT)
                                    .addLineItem(item)
                                    .setPaymentIntentData(intent.build())
                                    .setClientReferenceId(paymentId)
                                    .putMetadata(PAYMENT_ID, paymentId)
                                    .setSuccessUrl(request.returnUrl().toString())
                                    .setCancelUrl(request.returnUrl().toString())
                                    .build(),
                            options(request.idempotencyKey()));
            return new RequiresAction(session.getId(), URI.create(session.getUrl()));
        });
    }

    @Override
    public Outcome capture(String reference, Money amount, String idempotencyKey) {
        requireSessionId(reference);
        return call(stripe -> {
            PaymentIntent intent = session(stripe, reference).getPaymentIntentObject();
            if (intent == null) {
                return new Declined("not_authorized");
            }
            if ("succeeded".equals(intent.getStatus())) {
                // taken by an earlier try whose answer was lost
                return new Succeeded(reference);
            }
            long taken = stripeAmount(amount);
            var params = PaymentIntentCaptureParams.builder().setAmountToCapture(taken);
            Long fee = intent.getApplicationFeeAmount();
            Long held = intent.getAmount();
            if (fee != null && held != null && taken < held) {
                // Stripe would keep the whole fee; the marketplace takes its share of what is taken
                params.setApplicationFeeAmount(share(fee, taken, held));
            }
            stripe.v1().paymentIntents().capture(intent.getId(), params.build(), options(idempotencyKey));
            return new Succeeded(reference);
        });
    }

    @Override
    public Outcome cancel(String reference, String idempotencyKey) {
        requireSessionId(reference);
        return call(stripe -> {
            Session session = session(stripe, reference);
            PaymentIntent intent = session.getPaymentIntentObject();
            if ("open".equals(session.getStatus())) {
                // a Checkout Session's PaymentIntent can be cancelled only once it holds money
                stripe.v1()
                        .checkout()
                        .sessions()
                        .expire(reference, SessionExpireParams.builder().build(), options(idempotencyKey));
            } else if (intent != null && "succeeded".equals(intent.getStatus())) {
                return new Declined("already_captured");
            } else if (intent != null && !"canceled".equals(intent.getStatus())) {
                stripe.v1()
                        .paymentIntents()
                        .cancel(
                                intent.getId(),
                                PaymentIntentCancelParams.builder().build(),
                                options(idempotencyKey));
            }
            // otherwise the checkout expired or the hold was released already
            return new Succeeded(reference);
        });
    }

    @Override
    public Outcome refund(String reference, Money amount, String idempotencyKey) {
        requireSessionId(reference);
        return call(stripe -> {
            PaymentIntent intent = session(stripe, reference).getPaymentIntentObject();
            if (intent == null) {
                return new Declined("not_captured");
            }
            Refund refund = stripe.v1()
                    .refunds()
                    .create(
                            RefundCreateParams.builder()
                                    .setPaymentIntent(intent.getId())
                                    .setAmount(stripeAmount(amount))
                                    // the provider gives back their share and the marketplace its fee, each
                                    // in proportion to the refund, as Stripe computes it
                                    .setReverseTransfer(true)
                                    .setRefundApplicationFee(true)
                                    .putMetadata(REFERENCE, reference)
                                    .build(),
                            options(idempotencyKey));
            return switch (Objects.requireNonNullElse(refund.getStatus(), "")) {
                case "succeeded" -> new Succeeded(refund.getId());
                case "failed", "canceled" -> new Declined(firstOf(refund.getFailureReason(), "refund_failed"));
                default -> new Pending(refund.getId());
            };
        });
    }

    @Override
    public Outcome payout(Payout request) {
        String account = request.providerAccount();
        if (account == null) {
            return new Declined("no_provider_account");
        }
        requireAccountId(account);
        return call(stripe -> {
            com.stripe.model.Payout payout = stripe.v1()
                    .payouts()
                    .create(
                            PayoutCreateParams.builder()
                                    .setAmount(stripeAmount(request.amount()))
                                    .setCurrency(currencyOf(request.amount()))
                                    .putMetadata(PAYMENT_ID, request.paymentId().toString())
                                    .putMetadata(REFERENCE, request.reference())
                                    .build(),
                            RequestOptions.builder()
                                    .setIdempotencyKey(request.idempotencyKey())
                                    .setStripeAccount(account)
                                    .build());
            // a payout reaches the bank days later: payout.paid or payout.failed tells
            return switch (Objects.requireNonNullElse(payout.getStatus(), "")) {
                case "paid" -> new Succeeded(payout.getId());
                case "failed", "canceled" -> new Declined(firstOf(payout.getFailureCode(), "payout_failed"));
                default -> new Pending(payout.getId());
            };
        });
    }

    @Override
    public WebhookEvent verify(Map<String, String> headers, byte[] body) {
        if (!properties.configured()) {
            throw new BadSignature("Stripe is not configured");
        }
        if (body.length > MAX_WEBHOOK_BODY) {
            throw new BadSignature("the body is larger than 1 MiB");
        }
        String signature = header(headers, "Stripe-Signature");
        if (signature == null || signature.isBlank()) {
            throw new BadSignature("no Stripe-Signature header");
        }
        if (signature.length() > MAX_SIGNATURE_HEADER) {
            throw new BadSignature("the Stripe-Signature header is too long");
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        Event event = signedEvent(payload, signature);
        JsonNode object = objectOf(payload);
        if (event.getId() == null || event.getType() == null || event.getCreated() == null) {
            throw new BadSignature("not a Stripe event");
        }
        return switch (event.getType()) {
            case "checkout.session.completed" -> ofSession(event, object, Kind.AUTHORIZED);
            // the customer didn't pay in time (24 hours) or Souk cancelled the checkout: nothing is held
            case "checkout.session.expired" -> ofSession(event, object, Kind.EXPIRED);
            case "payment_intent.amount_capturable_updated" ->
                ofIntent(event, object, Kind.AUTHORIZED, "amount_capturable", null);
            // one attempt: the customer may still pay with another card until the checkout expires
            case "payment_intent.payment_failed" ->
                ofIntent(event, object, Kind.AUTHORIZATION_FAILED, "amount", failureOf(object));
            case "payment_intent.canceled" ->
                ofIntent(
                        event,
                        object,
                        // Stripe cancels a hold on its own when it runs out (7 days for most cards)
                        "automatic".equals(text(object, "cancellation_reason")) ? Kind.EXPIRED : Kind.CANCELLED,
                        "amount",
                        null);
            case "payment_intent.succeeded" -> ofIntent(event, object, Kind.CAPTURED, "amount_received", null);
            case "charge.captured" -> ofCharge(event, object, Kind.CAPTURED, "amount_captured");
            // the amount is all that was refunded so far, this refund included
            case "charge.refunded" -> ofCharge(event, object, Kind.REFUNDED, "amount_refunded");
            case "payout.paid" -> ofPayout(event, object, Kind.PAYOUT_PAID);
            case "payout.failed" -> ofPayout(event, object, Kind.PAYOUT_FAILED);
            case "account.updated" -> event(event, Kind.ACCOUNT_UPDATED, idOf(object), null, null);
            default -> other(event, object);
        };
    }

    @Override
    public String createAccount(UUID memberId, String email, String idempotencyKey) {
        Account account = ask(
                "open a provider account",
                stripe -> stripe.v1()
                        .accounts()
                        .create(
                                AccountCreateParams.builder()
                                        .setType(AccountCreateParams.Type.EXPRESS)
                                        .setCountry(properties.accountCountry())
                                        .setEmail(email)
                                        .setCapabilities(AccountCreateParams.Capabilities.builder()
                                                .setCardPayments(AccountCreateParams.Capabilities.CardPayments.builder()
                                                        .setRequested(true)
                                                        .build())
                                                .setTransfers(AccountCreateParams.Capabilities.Transfers.builder()
                                                        .setRequested(true)
                                                        .build())
                                                .build())
                                        // the provider is paid when the transaction is done, not on Stripe's schedule
                                        .setSettings(AccountCreateParams.Settings.builder()
                                                .setPayouts(AccountCreateParams.Settings.Payouts.builder()
                                                        .setSchedule(
                                                                AccountCreateParams.Settings.Payouts.Schedule.builder()
                                                                        .setInterval(
                                                                                AccountCreateParams.Settings.Payouts
                                                                                        .Schedule.Interval.MANUAL)
                                                                        .build())
                                                        .build())
                                                .build())
                                        .putMetadata(MEMBER_ID, memberId.toString())
                                        .build(),
                                options(idempotencyKey)));
        return account.getId();
    }

    @Override
    public URI onboardingLink(String accountId, URI returnUrl, URI refreshUrl) {
        requireAccountId(accountId);
        return URI.create(ask(
                        "make an onboarding link",
                        stripe -> stripe.v1()
                                .accountLinks()
                                .create(AccountLinkCreateParams.builder()
                                        .setAccount(accountId)
                                        .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
                                        .setReturnUrl(returnUrl.toString())
                                        .setRefreshUrl(refreshUrl.toString())
                                        .build()))
                .getUrl());
    }

    @Override
    public AccountStatus status(String accountId) {
        requireAccountId(accountId);
        Account account =
                ask("read a provider account", stripe -> stripe.v1().accounts().retrieve(accountId));
        return new AccountStatus(
                Boolean.TRUE.equals(account.getDetailsSubmitted()), Boolean.TRUE.equals(account.getPayoutsEnabled()));
    }

    /** Stripe's count of an amount; it counts ISK in hundredths and MGA in whole units, unlike ISO 4217. */
    private static long stripeAmount(Money money) {
        return money.decimal().movePointRight(stripeDigits(money.currency())).longValueExact();
    }

    private static Money fromStripe(long amount, Currency currency) {
        return new Money(
                BigDecimal.valueOf(amount, stripeDigits(currency))
                        .movePointRight(Math.max(0, currency.getDefaultFractionDigits()))
                        .longValueExact(),
                currency);
    }

    private static int stripeDigits(Currency currency) {
        return ZERO_DECIMAL.contains(currency.getCurrencyCode()) ? 0 : Math.max(2, currency.getDefaultFractionDigits());
    }

    private static long share(long fee, long taken, long held) {
        return BigDecimal.valueOf(fee)
                .multiply(BigDecimal.valueOf(taken))
                .divide(BigDecimal.valueOf(held), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private static String currencyOf(Money money) {
        return money.currency().getCurrencyCode().toLowerCase(Locale.ROOT);
    }

    private static Session session(StripeClient stripe, String reference) throws StripeException {
        return stripe.v1()
                .checkout()
                .sessions()
                .retrieve(
                        reference,
                        SessionRetrieveParams.builder()
                                .addExpand("payment_intent")
                                .build());
    }

    private static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private Outcome call(StripeCall<Outcome> call) {
        StripeClient stripe = client;
        if (stripe == null) {
            return new Unavailable("not configured");
        }
        try {
            return call.run(stripe);
        } catch (StripeException e) {
            return outcomeOf(e);
        } catch (ArithmeticException e) {
            // a fraction of a unit Stripe counts whole, e.g. 1.50 MGA
            return new Declined("amount_not_supported");
        }
    }

    private <T> T ask(String what, StripeCall<T> call) {
        StripeClient stripe = client;
        if (stripe == null) {
            throw new GatewayUnavailable("Stripe is not configured", null);
        }
        try {
            return call.run(stripe);
        } catch (StripeException e) {
            throw new GatewayUnavailable("Stripe could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static Outcome outcomeOf(StripeException e) {
        if (e instanceof CardException card) {
            return new Declined(firstOf(card.getDeclineCode(), firstOf(card.getCode(), "card_declined")));
        }
        if (e instanceof IdempotencyException) {
            // the same key came with other parameters: repeating can't help
            return new Declined("idempotency_key_reused");
        }
        if (e instanceof InvalidRequestException) {
            if ("balance_insufficient".equals(e.getCode())) {
                // the provider's money is still pending at Stripe; it becomes available within days
                return new Unavailable("the provider's Stripe balance is not available yet");
            }
            return new Declined(firstOf(e.getCode(), "invalid_request"));
        }
        if (e instanceof AuthenticationException) {
            // a wrong or restricted key: the operator can fix it, and the call is repeated then
            return new Unavailable("Stripe refused the secret key (" + e.getStatusCode() + ")");
        }
        if (e instanceof ApiConnectionException) {
            return new Unavailable("Stripe could not be reached or did not answer in time");
        }
        if (e instanceof RateLimitException) {
            return new Unavailable("Stripe asked to slow down");
        }
        // 5xx, or 409 while the same key is still being worked on
        return new Unavailable("Stripe answered " + e.getStatusCode());
    }

    private Event signedEvent(String payload, String signature) {
        for (String secret : properties.webhookSecrets()) {
            try {
                return Webhook.constructEvent(payload, signature, secret, WEBHOOK_TOLERANCE_SECONDS, clock);
            } catch (SignatureVerificationException wrongSecretOrTooOld) {
                // the other endpoint's secret may match
            } catch (RuntimeException unreadable) {
                // a malformed header ("t=soon") or a signed body that is no event
                throw new BadSignature("unreadable Stripe-Signature header or body");
            }
        }
        throw new BadSignature("no signature matches, or it is older than " + WEBHOOK_TOLERANCE_SECONDS + " s");
    }

    /**
     * The object an event is about, read as JSON: the few fields Souk reads are the same in every API
     * version, whichever version the webhook endpoint was set up with.
     */
    private static JsonNode objectOf(String payload) {
        try {
            JsonNode object = JsonMapper.shared().readTree(payload).path("data").path("object");
            if (object.isObject()) {
                return object;
            }
        } catch (JacksonException unreadable) {
            // not JSON after all
        }
        throw new BadSignature("not a Stripe event");
    }

    private WebhookEvent ofSession(Event event, JsonNode session, Kind kind) {
        if (metadata(session, PAYMENT_ID) == null) {
            return other(event, session);
        }
        return event(event, kind, idOf(session), amountOf(session, "amount_total"), null);
    }

    private WebhookEvent ofIntent(
            Event event, JsonNode intent, Kind kind, String amountField, @Nullable String failure) {
        if (metadata(intent, PAYMENT_ID) == null) {
            return other(event, intent);
        }
        return ofPayment(event, intent, idOf(intent), kind, amountField, failure);
    }

    private WebhookEvent ofCharge(Event event, JsonNode charge, Kind kind, String amountField) {
        String intent = text(charge, "payment_intent");
        return intent == null ? other(event, charge) : ofPayment(event, charge, intent, kind, amountField, null);
    }

    private WebhookEvent ofPayment(
            Event event, JsonNode object, String intent, Kind kind, String amountField, @Nullable String failure) {
        String session = sessionOf(intent);
        return session == null
                ? other(event, object)
                : event(event, kind, session, amountOf(object, amountField), failure);
    }

    private WebhookEvent ofPayout(Event event, JsonNode payout, Kind kind) {
        String reference = metadata(payout, REFERENCE);
        if (reference == null) {
            // a payout Souk didn't make
            return other(event, payout);
        }
        String failure = kind == Kind.PAYOUT_FAILED ? firstOf(text(payout, "failure_code"), "payout_failed") : null;
        return event(event, kind, reference, amountOf(payout, "amount"), failure);
    }

    private static WebhookEvent other(Event event, JsonNode object) {
        return event(event, Kind.OTHER, idOf(object), null, null);
    }

    private static WebhookEvent event(
            Event event, Kind kind, String reference, @Nullable Money amount, @Nullable String failure) {
        return new WebhookEvent(
                event.getId(), kind, reference, amount, failure, Instant.ofEpochSecond(event.getCreated()));
    }

    /** The Checkout Session that made a PaymentIntent, if one did. */
    private @Nullable String sessionOf(String intent) {
        List<Session> sessions = ask(
                        "find the checkout of a payment",
                        stripe -> stripe.v1()
                                .checkout()
                                .sessions()
                                .list(SessionListParams.builder()
                                        .setPaymentIntent(intent)
                                        .setLimit(1L)
                                        .build()))
                .getData();
        return sessions.isEmpty() ? null : sessions.get(0).getId();
    }

    private static String failureOf(JsonNode intent) {
        JsonNode error = intent.path("last_payment_error");
        return firstOf(text(error, "decline_code"), firstOf(text(error, "code"), "payment_failed"));
    }

    private static @Nullable Money amountOf(JsonNode object, String field) {
        JsonNode amount = object.path(field);
        String currency = text(object, "currency");
        if (!amount.isIntegralNumber() || currency == null) {
            return null;
        }
        return fromStripe(amount.longValue(), Currency.getInstance(currency.toUpperCase(Locale.ROOT)));
    }

    private static String idOf(JsonNode object) {
        return Objects.requireNonNullElse(text(object, "id"), "");
    }

    private static @Nullable String metadata(JsonNode object, String key) {
        return text(object.path("metadata"), key);
    }

    private static @Nullable String text(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isString() ? value.stringValue() : null;
    }

    private static @Nullable String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }

    private static String firstOf(@Nullable String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }

    private static void requireSessionId(String reference) {
        if (!SESSION_ID.matcher(reference).matches()) {
            throw new IllegalArgumentException("not a reference of a Stripe Checkout Session");
        }
    }

    private static void requireAccountId(String account) {
        if (!ACCOUNT_ID.matcher(account).matches()) {
            throw new IllegalArgumentException("not a Stripe account id");
        }
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T run(StripeClient stripe) throws StripeException;
    }
}
