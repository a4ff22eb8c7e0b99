package dev.souk.bench;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignUp;
import dev.souk.listings.CancellationPolicy;
import dev.souk.listings.ListingDraft;
import dev.souk.listings.ListingStatus;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.listings.Rules;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.Requirement;
import dev.souk.marketplace.TransactionKind;
import dev.souk.payments.Gateway;
import dev.souk.payments.Payments;
import dev.souk.shared.Money;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * What the bookings benchmark books, made through the facades as members and an operator would:
 * a catalogue of single-seat nightly stays (instant booking) and goods, the direct payment gateway
 * (customers settle with providers, so no card checkout stands between a request and its booking),
 * verified customers, one host per pair of stays (one measured, one for the warm-up) and a shop
 * with a few items left.
 */
@Component
class BookingsData {

    static final String STAY_TYPE = "bench-stay";
    static final String GOODS_TYPE = "bench-goods";
    static final String PASSWORD = "bench-booking-2026";

    private final Accounts accounts;
    private final Listings listings;
    private final Marketplace marketplace;
    private final Payments payments;

    BookingsData(Accounts accounts, Listings listings, Marketplace marketplace, Payments payments) {
        this.accounts = accounts;
        this.listings = listings;
        this.marketplace = marketplace;
        this.payments = payments;
    }

    /**
     * What was made: every customer has {@link #PASSWORD}.
     *
     * @param stays the measured listings; {@code warmUp} as many more, booked only while the JVMs warm up
     */
    record Setup(List<String> customers, List<UUID> stays, List<UUID> warmUp, UUID goods, int stock) {

        /** One {@code name value} a line, for the load driver. */
        void write(Path file) throws IOException {
            List<String> lines = new ArrayList<>();
            lines.add("password " + PASSWORD);
            customers.forEach(email -> lines.add("customer " + email));
            stays.forEach(id -> lines.add("stay " + id));
            warmUp.forEach(id -> lines.add("warm-up " + id));
            lines.add("goods " + goods);
            lines.add("stock " + stock);
            Files.write(file, lines);
        }
    }

    Setup prepare(int customerCount, int stayCount, int stock, PrintStream out)
            throws InterruptedException, ExecutionException {
        Instant started = Instant.now();
        String currency = marketplace.settings().defaultCurrency().getCurrencyCode();
        catalogue();
        payments.chooseGateway(Gateway.DIRECT);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int hostCount = stayCount + 1;
        int total = hostCount + customerCount;
        AtomicInteger made = new AtomicInteger();
        List<UUID> hosts = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        // each member costs an Argon2 hash: one at a time per core
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<UUID>> hostIds = new ArrayList<>();
            for (int i = 1; i <= hostCount; i++) {
                String email = "host-" + i + "-" + tag + "@bench.souk.invalid";
                String name = i == hostCount ? "Bench Shop" : "Bench Host " + i;
                hostIds.add(pool.submit(() -> member(email, name, made, total, out)));
            }
            List<Future<UUID>> customerIds = new ArrayList<>();
            for (int i = 1; i <= customerCount; i++) {
                String email = "guest-" + i + "-" + tag + "@bench.souk.invalid";
                customers.add(email);
                String name = "Bench Guest " + i;
                customerIds.add(pool.submit(() -> member(email, name, made, total, out)));
            }
            for (Future<UUID> host : hostIds) {
                hosts.add(host.get());
            }
            for (Future<UUID> customer : customerIds) {
                customer.get();
            }
        } finally {
            pool.shutdown();
        }
        out.println();
        List<UUID> stays = new ArrayList<>();
        List<UUID> warmUp = new ArrayList<>();
        Money night = Money.of(8_000, currency);
        for (int i = 0; i < stayCount; i++) {
            stays.add(listing(hosts.get(i), STAY_TYPE, "Room " + (i + 1) + " for the bench", night));
            warmUp.add(listing(hosts.get(i), STAY_TYPE, "Warm-up room " + (i + 1), night));
            out.printf(Locale.ROOT, "\rlistings %d / %d   ", 2 * (i + 1), 2 * stayCount + 1);
            out.flush();
        }
        UUID shop = hosts.get(hostCount - 1);
        UUID goods = listing(shop, GOODS_TYPE, "The last teapots", Money.of(3_500, currency));
        listings.setStock(shop, goods, stock, null, "bench stock");
        out.printf(Locale.ROOT, "\rlistings %d / %d%n", 2 * stayCount + 1, 2 * stayCount + 1);
        out.printf(
                Locale.ROOT,
                "Made %d verified customers, %d hosts, %d stays (+ %d for the warm-up) and goods with %d left"
                        + " in %.1f s; payments go through the direct gateway.%n",
                customerCount,
                hostCount,
                stayCount,
                stayCount,
                stock,
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return new Setup(List.copyOf(customers), List.copyOf(stays), List.copyOf(warmUp), goods, stock);
    }

    private void catalogue() {
        marketplace.saveListingType(new ListingType(
                STAY_TYPE, "Bench stays", TransactionKind.NIGHTLY, true, false, Set.of(Requirement.PRICE), 900));
        marketplace.saveListingType(new ListingType(
                GOODS_TYPE, "Bench goods", TransactionKind.PURCHASE, false, false, Set.of(Requirement.PRICE), 901));
        marketplace.saveCategory(new Category(STAY_TYPE + "s", "Bench stays", null, Set.of(STAY_TYPE), 900));
        marketplace.saveCategory(new Category(GOODS_TYPE, "Bench goods", null, Set.of(GOODS_TYPE), 901));
    }

    private UUID member(String email, String name, AtomicInteger made, int total, PrintStream out) {
        UUID id = accounts.register(new SignUp(email, PASSWORD, name), true);
        int done = made.incrementAndGet();
        synchronized (out) {
            out.printf(Locale.ROOT, "\rverified members %d / %d   ", done, total);
            out.flush();
        }
        return id;
    }

    private UUID listing(UUID owner, String type, String title, Money price) {
        String category = type.equals(STAY_TYPE) ? STAY_TYPE + "s" : GOODS_TYPE;
        ListingView draft = listings.create(
                owner,
                new ListingDraft(
                        type,
                        category,
                        title,
                        "A listing the bookings benchmark books.",
                        null,
                        price,
                        null,
                        null,
                        type.equals(STAY_TYPE),
                        null,
                        new Rules(null, null, 0, CancellationPolicy.FLEXIBLE, "")));
        ListingView published = listings.publish(owner, draft.id());
        if (published.status() == ListingStatus.PENDING_APPROVAL) {
            listings.approve(draft.id());
        }
        return draft.id();
    }
}
