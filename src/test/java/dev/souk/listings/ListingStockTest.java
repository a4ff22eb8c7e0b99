package dev.souk.listings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.marketplace.Marketplace;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Stock taken and given back by orders, as the transactions module does through the facade. */
@SoukTest
@Import(WithMailbox.class)
class ListingStockTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    Http http;
    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
    }

    @Test
    void ofAHundredOrdersForTheLastTenItemsExactlyTenGetOne() throws Exception {
        Signed owner = Members.verifiedMember(http, "Busy Potter");
        UUID id = publishedGoods(owner, "Last bowls", 10);

        List<Future<String>> outcomes = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(100);
        List<String> results = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        listings.reserveStock(id, 1, UUID.randomUUID());
                        return "reserved";
                    } catch (Refusal refusal) {
                        return refusal.kind() + " " + refusal.code() + " " + refusal.args()[0];
                    }
                }));
            }
            start.countDown();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(results.stream().filter("reserved"::equals)).hasSize(10);
        assertThat(results.stream().filter(r -> !r.equals("reserved")))
                .hasSize(90)
                .allMatch(r -> r.equals("CONFLICT listings.stock.insufficient 0"));
        assertThat(stock(id)).isZero();
        List<Integer> left = jdbc.sql("""
                SELECT quantity FROM listing_stock_adjustments
                 WHERE listing_id = :id AND order_id IS NOT NULL ORDER BY quantity DESC""").param("id", id).query(Integer.class).list();
        assertThat(left)
                .as("each reservation recorded with what it left")
                .containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    }

    @Test
    void aReservationIsRecordedForTheOwnerAndSearchStopsFindingWhatIsSoldOut() throws InterruptedException {
        Signed owner = Members.verifiedMember(http, "Searched Potter");
        UUID id = publishedGoods(owner, "Searched jugs", 3);
        String search = "/api/v1/listings?type=" + catalog.goods + "&quantity=3";
        awaitFound(search, id, true);

        UUID order = UUID.randomUUID();
        listings.reserveStock(id, 2, order);

        JsonNode stock = json(http.get("/api/v1/listings/" + id + "/stock", owner.auth()));
        assertThat(stock.get("quantity").asInt()).isEqualTo(1);
        JsonNode latest = stock.get("adjustments").get(0);
        assertThat(latest.get("change").asInt()).isEqualTo(-2);
        assertThat(latest.get("quantity").asInt()).isEqualTo(1);
        assertThat(latest.get("orderId").asString()).isEqualTo(order.toString());
        assertThat(latest.get("reason").asString()).isEqualTo("reserved for order " + order);
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM listing_stock_adjustments WHERE order_id = :order AND adjusted_by IS NULL")
                        .param("order", order)
                        .query(Long.class)
                        .single())
                .as("the system, not a member, reserved it")
                .isEqualTo(1);
        awaitFound(search, id, false);

        listings.releaseStock(id, 2, order);
        assertThat(stock(id)).isEqualTo(3);
        awaitFound(search, id, true);
    }

    @Test
    void aReservationJoinsTheCallersTransaction() {
        Signed owner = Members.verifiedMember(http, "Careful Potter");
        UUID id = publishedGoods(owner, "Rolled back cups", 4);

        transactions.executeWithoutResult(status -> {
            listings.reserveStock(id, 3, UUID.randomUUID());
            status.setRollbackOnly();
        });

        assertThat(stock(id)).isEqualTo(4);
        assertThat(orderAdjustments(id)).isZero();
    }

    @Test
    void anOrderGivesBackNoMoreThanItHoldsEvenToAClosedListing() {
        Signed owner = Members.verifiedMember(http, "Closing Potter");
        UUID id = publishedGoods(owner, "Plates", 5);
        UUID order = UUID.randomUUID();
        listings.reserveStock(id, 3, order);
        listings.close(owner.id(), id);

        assertThatThrownBy(() -> listings.reserveStock(id, 1, UUID.randomUUID()))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID_STATE);
                    assertThat(r.code()).isEqualTo("listings.stock.notForSale");
                });
        listings.releaseStock(id, 2, order);
        assertThat(stock(id)).isEqualTo(4);

        assertThatThrownBy(() -> listings.releaseStock(id, 2, order)).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID_STATE);
            assertThat(r.code()).isEqualTo("listings.stock.notHeld");
            assertThat(r.args()).containsExactly(1);
        });
        assertThatThrownBy(() -> listings.releaseStock(id, 1, UUID.randomUUID()))
                .isInstanceOf(Refusal.class);
        assertThat(stock(id)).isEqualTo(4);
        assertThat(orderAdjustments(id)).isEqualTo(2);

        listings.releaseStock(id, 1, order);
        assertThat(stock(id)).isEqualTo(5);
    }

    @Test
    void onlyPurchaseListingsHaveStockToReserve() {
        Signed owner = Members.verifiedMember(http, "Host");
        HttpResponse<String> created = http.postJson("/api/v1/listings", catalog.completeStay("A room"), owner.auth());
        UUID stay = UUID.fromString(json(created).get("id").asString());
        UUID goods = publishedGoods(owner, "Mugs", 2);

        assertThatThrownBy(() -> listings.reserveStock(stay, 1, UUID.randomUUID()))
                .isInstanceOfSatisfying(
                        Refusal.class, r -> assertThat(r.code()).isEqualTo("listings.stock.notPurchase"));
        assertThatThrownBy(() -> listings.releaseStock(stay, 1, UUID.randomUUID()))
                .isInstanceOfSatisfying(
                        Refusal.class, r -> assertThat(r.code()).isEqualTo("listings.stock.notPurchase"));
        assertThatThrownBy(() -> listings.reserveStock(UUID.randomUUID(), 1, UUID.randomUUID()))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
        assertThatThrownBy(() -> listings.reserveStock(goods, 0, UUID.randomUUID()))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> listings.reserveStock(goods, 3, UUID.randomUUID()))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                    assertThat(r.args()).containsExactly(2);
                });
        assertThat(stock(goods)).isEqualTo(2);
        assertThat(orderAdjustments(goods)).isZero();
    }

    // --- fixtures --------------------------------------------------------------------------------

    private UUID publishedGoods(Signed owner, String title, int stock) {
        HttpResponse<String> created =
                http.postJson("/api/v1/listings", """
                {"listingType": "%s", "category": "%s", "title": "%s", "description": "Hand thrown.",
                 "price": {"amount": 2400, "currency": "EUR"}}""".formatted(catalog.goods, catalog.crafts, title), owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        HttpResponse<String> set =
                http.method("PUT", "/api/v1/listings/" + id + "/stock", "{\"quantity\": " + stock + "}", owner.auth());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        HttpResponse<String> published = http.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        return UUID.fromString(id);
    }

    private void awaitFound(String search, UUID id, boolean found) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        boolean last;
        do {
            last = json(http.get(search)).get("items").findValuesAsString("id").contains(id.toString());
            if (last == found) {
                return;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(until));
        assertThat(last).as(search).isEqualTo(found);
    }

    private int stock(UUID id) {
        return jdbc.sql("SELECT stock FROM listings WHERE id = :id")
                .param("id", id)
                .query(Integer.class)
                .single();
    }

    private long orderAdjustments(UUID id) {
        return jdbc.sql(
                        "SELECT count(*) FROM listing_stock_adjustments WHERE listing_id = :id AND order_id IS NOT NULL")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
