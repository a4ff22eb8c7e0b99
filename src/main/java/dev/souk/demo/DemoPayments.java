package dev.souk.demo;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.MemberAccount;
import dev.souk.infra.SoukProperties;
import dev.souk.payments.Gateway;
import dev.souk.payments.PaymentState;
import dev.souk.payments.PaymentView;
import dev.souk.payments.Payments;
import dev.souk.payments.StartPayment;
import dev.souk.shared.Money;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Money moving in the demo marketplace, so a newcomer sees receipts, earnings, payouts and the
 * operator's revenue: a few payments through the card simulator (its checkout paid with its test
 * card, its webhooks confirming each step) and one paid directly between members. Runs once, in the
 * background after the start, when the demo marketplace is fresh.
 */
@Component
class DemoPayments {

    private static final Logger log = LoggerFactory.getLogger(DemoPayments.class);

    /** How long a step may wait for the simulator's webhook. */
    private static final Duration STEP = Duration.ofSeconds(60);

    private final Payments payments;
    private final Accounts accounts;
    private final Environment environment;
    private final SoukProperties properties;

    private final DemoTransactions transactions;

    DemoPayments(
            Payments payments,
            Accounts accounts,
            Environment environment,
            SoukProperties properties,
            DemoTransactions transactions) {
        this.payments = payments;
        this.transactions = transactions;
        this.accounts = accounts;
        this.environment = environment;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        if (!DemoSeeder.enabled(environment)) {
            return;
        }
        Optional<UUID> amira = member(DemoSeeder.MEMBER_EMAILS.get(0));
        Optional<UUID> tomas = member(DemoSeeder.MEMBER_EMAILS.get(1));
        Optional<UUID> lena = member(DemoSeeder.MEMBER_EMAILS.get(2));
        // only a fresh demo: once anyone paid, or the operator chose a gateway, it is theirs
        if (amira.isEmpty()
                || tomas.isEmpty()
                || lena.isEmpty()
                || payments.gateway() != Gateway.DIRECT
                || !payments.receipts(lena.get(), null, 1).items().isEmpty()) {
            return;
        }
        Thread worker = new Thread(
                () -> {
                    try {
                        seed(amira.get(), tomas.get(), lena.get());
                        transactions.seed(amira.get(), tomas.get(), lena.get());
                    } catch (RuntimeException e) {
                        log.warn("The demo's payments and deals could not all be made: {}", e.toString());
                    }
                },
                "demo-deals");
        worker.setDaemon(true);
        worker.start();
    }

    void seed(UUID amira, UUID tomas, UUID lena) {
        // paid in cash at the studio: the provider marks it received and owes the commission
        PaymentView cash = start(tomas, amira, 5_000, 600, "Wheel-throwing lesson, paid in cash");
        payments.markReceived(amira, cash.id());

        payments.chooseGateway(Gateway.CARD_SIMULATOR);
        log.info("Demo payments: the marketplace takes cards through the card simulator (no real money)");

        PaymentView stay = authorized(start(lena, amira, 18_000, 2_160, "Two nights in the room above the studio"));
        payments.capture(stay.id(), null, "demo-capture-" + stay.id());
        payments.payout(stay.id(), "demo-payout-" + stay.id());
        await(stay.id(), p -> p.state() == PaymentState.PAID_OUT);
        log.info("Demo payments: 1 of 4 done (a stay, paid out to its host)");

        PaymentView saw = authorized(start(lena, tomas, 4_500, 540, "Circular saw, three days"));
        payments.capture(saw.id(), null, "demo-capture-" + saw.id());
        payments.refund(saw.id(), Money.of(1_500, "EUR"), "demo-refund-" + saw.id());
        log.info("Demo payments: 2 of 4 done (a rental, one day refunded)");

        authorized(start(amira, tomas, 24_000, 2_880, "Handmade oak chair"));
        log.info("Demo payments: 3 of 4 done (a chair, held on the card)");

        start(lena, amira, 6_000, 720, "Weekend pottery course");
        log.info("Demo payments: 4 of 4 done (a course, waiting for its checkout)");
    }

    private PaymentView start(UUID customer, UUID provider, long amount, long fee, String description) {
        return payments.start(new StartPayment(
                UUID.randomUUID(),
                customer,
                provider,
                Money.of(amount, "EUR"),
                Money.of(fee, "EUR"),
                description,
                "demo-" + UUID.randomUUID(),
                URI.create(properties.baseUrl().replaceAll("/+$", "") + "/account/payments")));
    }

    private PaymentView authorized(PaymentView payment) {
        payments.payWithTestCard(payment.id());
        return await(payment.id(), p -> p.state() == PaymentState.AUTHORIZED);
    }

    private PaymentView await(UUID id, Predicate<PaymentView> done) {
        long deadline = System.nanoTime() + STEP.toNanos();
        PaymentView now = payments.payment(id).orElseThrow();
        while (!done.test(now)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("payment " + id + " stayed " + now.state());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            now = payments.payment(id).orElseThrow();
        }
        return now;
    }

    private Optional<UUID> member(String email) {
        List<MemberAccount> found = accounts.members(email, 2, 0);
        return found.stream()
                .filter(m -> email.equals(m.email()))
                .map(m -> m.profile().id())
                .findFirst();
    }
}
