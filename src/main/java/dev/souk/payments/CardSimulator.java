package dev.souk.payments;

import dev.souk.infra.SoukProperties;
import dev.souk.payments.CardForm.Card;
import dev.souk.payments.CardSimulatorStore.Answer;
import dev.souk.payments.CardSimulatorStore.PaidPayout;
import dev.souk.payments.PaymentGateway.WebhookEvent.Kind;
import dev.souk.payments.SimulatedCharge.Status;
import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import dev.souk.shared.Text;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The card simulator: a card processor for demos and tests, built into Souk and behaving like a real
 * one, so the payments module runs the same code path with it as with a real gateway. It keeps its own
 * books ({@code card_simulator_*}) and tells the rest of the module what happened only through the
 * answers of the port's calls and signed webhooks ({@link CardSimulatorWebhooks}).
 *
 * <p>A payment starts as a checkout on the simulator's own pages ({@link CardSimulatorPages}), where the
 * customer pays with a test card; an accepted card places a hold for {@link #HOLD}, which is captured,
 * cancelled, or expires. Captured money can be refunded and paid out to the provider.
 *
 * <p>Each call runs in a transaction of its own, never the caller's: like a remote processor, what it
 * did stays done when the caller's transaction rolls back. A call's idempotency key is claimed first and
 * its answer written last, in that same transaction, so a key seen before answers what it answered then,
 * without a second effect.
 */
@Component
class CardSimulator implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(CardSimulator.class);

    /** How long a hold lasts before it is released uncaptured, as card networks allow for most cards. */
    static final Duration HOLD = Duration.ofDays(7);

    static final String CHECKOUT_PATH = "/payments/simulator/";

    /** As long as the longest keys real processors take. */
    static final int KEY_MAX = 255;

    static final int DESCRIPTION_MAX = 1000;

    static final int RETURN_URL_MAX = 2000;

    /** Longer than any reference the simulator makes: a longer one is not looked up. */
    private static final int REFERENCE_MAX = 64;

    /** Rows a job changes in one transaction; the job goes on with the next batch. */
    private static final int BATCH = 100;

    private final CardSimulatorStore store;
    private final CardSimulatorWebhooks webhooks;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final String checkoutBase;

    CardSimulator(
            CardSimulatorStore store,
            CardSimulatorWebhooks webhooks,
            Clock clock,
            PlatformTransactionManager transactionManager,
            SoukProperties properties) {
        this.store = store;
        this.webhooks = webhooks;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.checkoutBase = properties.baseUrl().replaceAll("/+$", "") + CHECKOUT_PATH;
    }

    @Override
    public Gateway gateway() {
        return Gateway.CARD_SIMULATOR;
    }

    @Override
    public boolean configured() {
        return true;
    }

    // --- the port --------------------------------------------------------------------------------

    @Override
    public Outcome authorize(Authorization request) {
        String call = "authorize " + request.paymentId() + " " + text(request.amount());
        return once(request.idempotencyKey(), call, now -> {
            Money amount = request.amount();
            Money fee = request.applicationFee();
            if (!amount.isPositive()) {
                return new Declined("amount_invalid");
            }
            if (!fee.currency().equals(amount.currency()) || fee.amount() < 0 || fee.amount() > amount.amount()) {
                return new Declined("application_fee_invalid");
            }
            if (!validText(request.description(), DESCRIPTION_MAX)
                    || !returnable(request.returnUrl())
                    || request.providerAccount() != null && !validText(request.providerAccount(), REFERENCE_MAX)) {
                return new Declined("invalid_request");
            }
            String reference = newReference("ch");
            store.addCharge(reference, request, now);
            return new RequiresAction(reference, URI.create(checkoutBase + reference));
        });
    }

    @Override
    public Outcome capture(String reference, Money amount, String idempotencyKey) {
        return once(idempotencyKey, "capture " + reference + " " + text(amount), now -> {
            Optional<SimulatedCharge> found = lock(reference);
            if (found.isEmpty()) {
                return new Declined("resource_missing");
            }
            SimulatedCharge charge = found.get();
            Declined wrong = wrongAmount(charge, amount);
            if (wrong != null) {
                return wrong;
            }
            if (charge.status() == Status.EXPIRED || charge.status() == Status.HELD && !charge.heldAt(now)) {
                return new Declined("charge_expired_for_capture");
            }
            if (charge.status() != Status.HELD) {
                return new Declined("unexpected_state");
            }
            if (amount.amount() > charge.amount().amount()) {
                return new Declined("amount_too_large");
            }
            store.capture(reference, amount.amount());
            webhooks.emit(Kind.CAPTURED, reference, amount, null, now);
            return new Succeeded(reference);
        });
    }

    @Override
    public Outcome cancel(String reference, String idempotencyKey) {
        return once(idempotencyKey, "cancel " + reference, now -> {
            Optional<SimulatedCharge> found = lock(reference);
            if (found.isEmpty()) {
                return new Declined("resource_missing");
            }
            SimulatedCharge charge = found.get();
            if (!charge.status().payable() && charge.status() != Status.HELD) {
                return new Declined("unexpected_state");
            }
            store.cancel(reference);
            webhooks.emit(Kind.CANCELLED, reference, charge.amount(), null, now);
            return new Succeeded(reference);
        });
    }

    @Override
    public Outcome refund(String reference, Money amount, String idempotencyKey) {
        return once(idempotencyKey, "refund " + reference + " " + text(amount), now -> {
            Optional<SimulatedCharge> found = lock(reference);
            if (found.isEmpty()) {
                return new Declined("resource_missing");
            }
            SimulatedCharge charge = found.get();
            Declined wrong = wrongAmount(charge, amount);
            if (wrong != null) {
                return wrong;
            }
            if (charge.status() != Status.CAPTURED) {
                return new Declined("unexpected_state");
            }
            if (amount.amount() > charge.captured() - charge.refunded()) {
                return new Declined("amount_too_large");
            }
            String refund = newReference("re");
            store.addRefund(refund, reference, amount.amount(), now);
            webhooks.emit(Kind.REFUNDED, reference, amount, null, now);
            return new Succeeded(refund);
        });
    }

    /** Records the payout and answers {@link Pending}; the simulated bank pays it at the next {@link #settle}. */
    @Override
    public Outcome payout(Payout request) {
        String call = "payout " + request.reference() + " " + text(request.amount()) + " " + request.providerAccount();
        return once(request.idempotencyKey(), call, now -> {
            Optional<SimulatedCharge> found = lock(request.reference());
            if (found.isEmpty()) {
                return new Declined("resource_missing");
            }
            SimulatedCharge charge = found.get();
            Money amount = request.amount();
            Declined wrong = wrongAmount(charge, amount);
            if (wrong != null) {
                return wrong;
            }
            if (request.providerAccount() != null && !validText(request.providerAccount(), REFERENCE_MAX)) {
                return new Declined("invalid_request");
            }
            if (charge.status() != Status.CAPTURED) {
                return new Declined("unexpected_state");
            }
            if (amount.amount() > charge.captured() - charge.refunded() - charge.paidOut()) {
                return new Declined("amount_too_large");
            }
            String payout = newReference("po");
            store.addPayout(payout, charge.reference(), amount.amount(), request.providerAccount(), now);
            return new Pending(payout);
        });
    }

    @Override
    public WebhookEvent verify(Map<String, String> headers, byte[] body) {
        return webhooks.verify(headers, body);
    }

    /**
     * Runs the call once per key. The key is claimed first: a second call with it waits here for the
     * first to commit and answers what that one answered. A database that fails mid-call leaves nothing
     * behind, so the answer is {@link Unavailable} and the caller repeats the call with the same key.
     */
    private Outcome once(String key, String call, Function<Instant, Outcome> effect) {
        if (key.isBlank() || key.length() > KEY_MAX || !Text.oneLine(key)) {
            throw new IllegalArgumentException("an idempotency key is one line of 1 to " + KEY_MAX + " characters");
        }
        try {
            Outcome answer = transactions.execute(status -> {
                Instant now = clock.instant();
                if (!store.claimKey(key, call, now)) {
                    Answer first = store.answerOf(key);
                    return first.request().equals(call) ? first.outcome() : new Declined("idempotency_key_reused");
                }
                Outcome outcome = effect.apply(now);
                store.recordAnswer(key, outcome);
                return outcome;
            });
            return Objects.requireNonNull(answer);
        } catch (DataAccessException | TransactionException e) {
            String reason = NestedExceptionUtils.getMostSpecificCause(e).toString();
            log.warn("Card simulator call {} with key {} not done: {}", call, key, reason);
            return new Unavailable(reason);
        }
    }

    private Optional<SimulatedCharge> lock(String reference) {
        return reference.length() > REFERENCE_MAX ? Optional.empty() : store.lock(reference);
    }

    private static @Nullable Declined wrongAmount(SimulatedCharge charge, Money amount) {
        if (!amount.currency().equals(charge.amount().currency())) {
            return new Declined("currency_mismatch");
        }
        return amount.isPositive() ? null : new Declined("amount_invalid");
    }

    private static boolean validText(String text, int max) {
        return !text.isBlank() && text.length() <= max && Text.oneLine(text);
    }

    private static boolean returnable(URI url) {
        return url.isAbsolute()
                && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                && url.toString().length() <= RETURN_URL_MAX;
    }

    private static String text(Money money) {
        return money.amount() + " " + money.currency().getCurrencyCode();
    }

    /** Unguessable: a checkout's reference is all it takes to pay it, as with a hosted checkout's link. */
    private static String newReference(String kind) {
        return "sim_" + kind + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    // --- the checkout pages ----------------------------------------------------------------------

    Optional<SimulatedCharge> charge(String reference) {
        return reference.length() > REFERENCE_MAX ? Optional.empty() : store.find(reference);
    }

    /**
     * The customer pays the checkout with a card that passed the form's checks: the card is accepted
     * (a hold is placed), refused (the checkout stays open for another card) or asks for 3-D Secure. A
     * checkout no longer open is answered as it is.
     */
    SimulatedCharge pay(String reference, Card card) {
        return checkout(reference, (charge, now) -> {
            if (!charge.status().payable()) {
                return;
            }
            TestCard test = card.test();
            String declined = test == null ? null : test.declineCode();
            if (declined != null) {
                store.refuseCard(reference, card.brand(), card.last4(), declined);
                webhooks.emit(Kind.AUTHORIZATION_FAILED, reference, charge.amount(), declined, now);
            } else if (test != null && test.authenticates()) {
                store.startAuthentication(reference, card.brand(), card.last4());
            } else {
                hold(charge, card.brand(), card.last4(), now);
            }
        });
    }

    /** The simulated 3-D Secure step: completed, the hold is placed; failed, the checkout is open again. */
    SimulatedCharge authenticate(String reference, boolean completed) {
        return checkout(reference, (charge, now) -> {
            if (charge.status() != Status.AUTHENTICATING) {
                return;
            }
            // the card was given at the checkout, which the database holds it to
            String brand = Objects.requireNonNull(charge.cardBrand());
            String last4 = Objects.requireNonNull(charge.cardLast4());
            if (completed) {
                hold(charge, brand, last4, now);
            } else {
                store.refuseCard(reference, brand, last4, "authentication_failed");
                webhooks.emit(Kind.AUTHORIZATION_FAILED, reference, charge.amount(), "authentication_failed", now);
            }
        });
    }

    private void hold(SimulatedCharge charge, String brand, String last4, Instant now) {
        store.hold(charge.reference(), brand, last4, now.plus(HOLD));
        webhooks.emit(Kind.AUTHORIZED, charge.reference(), charge.amount(), null, now);
    }

    private interface Step {
        void apply(SimulatedCharge charge, Instant now);
    }

    private SimulatedCharge checkout(String reference, Step step) {
        return Objects.requireNonNull(transactions.execute(status -> {
            SimulatedCharge charge = lock(reference).orElseThrow(() -> Refusal.notFound("payments.simulator.notFound"));
            step.apply(charge, clock.instant());
            return store.find(reference).orElseThrow();
        }));
    }

    // --- the processor's own clock ---------------------------------------------------------------

    /**
     * What happens at a processor without anyone asking: holds that ran out are released (EXPIRED) and
     * pending payouts are paid (PAYOUT_PAID). Several nodes share the work: each claims its rows with
     * {@code FOR UPDATE SKIP LOCKED}, so no row is changed, nor its webhook sent, twice.
     */
    @Scheduled(fixedDelay = 5, initialDelay = 5, timeUnit = TimeUnit.SECONDS)
    void settle() {
        int done;
        do {
            List<SimulatedCharge> expired = transactions.execute(status -> {
                Instant now = clock.instant();
                List<SimulatedCharge> charges = store.expireHolds(now, BATCH);
                charges.forEach(c -> webhooks.emit(Kind.EXPIRED, c.reference(), c.amount(), null, now));
                return charges;
            });
            done = expired == null ? 0 : expired.size();
        } while (done == BATCH);
        do {
            List<PaidPayout> paid = transactions.execute(status -> {
                Instant now = clock.instant();
                List<PaidPayout> payouts = store.payPendingPayouts(now, BATCH);
                payouts.forEach(p -> webhooks.emit(Kind.PAYOUT_PAID, p.charge(), p.amount(), null, now));
                return payouts;
            });
            done = paid == null ? 0 : paid.size();
        } while (done == BATCH);
    }
}
