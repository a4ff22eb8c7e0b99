package dev.souk.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.SignUp;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders walked to completion through the public API, as their customer and provider would: bought
 * (direct payment), shipped and received, which opens their review window.
 */
final class CompletedDeals {

    private final Http http;
    private final Accounts accounts;
    private final Listings listings;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String category = "c-goods-" + suffix;
    private final String currency;

    CompletedDeals(
            Http http,
            Marketplace marketplace,
            Accounts accounts,
            Listings listings,
            JdbcClient jdbc,
            JsonMapper json) {
        this.http = http;
        this.accounts = accounts;
        this.listings = listings;
        this.jdbc = jdbc;
        this.json = json;
        this.currency = marketplace.settings().defaultCurrency().getCurrencyCode();
        String type = "goods-" + suffix;
        marketplace.saveListingType(
                new ListingType(type, "goods " + suffix, TransactionKind.PURCHASE, false, false, Set.of(), 90));
        marketplace.saveCategory(new Category(category, "C " + suffix, null, Set.of(type), 90));
    }

    /** A member with a verified email and an API token. */
    Signed member(String name) {
        String email = Members.uniqueEmail(name.toLowerCase().replace(' ', '-'));
        accounts.register(new SignUp(email, Members.PASSWORD, name), true);
        return Members.token(http, email);
    }

    /** A published purchase listing of the provider's with plenty of stock. */
    UUID listing(Signed provider, String title) {
        HttpResponse<String> created =
                http.postJson("/api/v1/listings", """
                {"listingType": "goods-%s", "category": "%s", "title": "%s",
                 "description": "Made to be reviewed.", "price": {"amount": 2500, "currency": "%s"},
                 "timeZone": "Europe/Berlin"}""".formatted(suffix, category, title, currency), provider.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(Members.field(created.body(), "id"));
        HttpResponse<String> stock =
                http.method("PUT", "/api/v1/listings/" + id + "/stock", "{\"quantity\": 50}", provider.auth());
        assertThat(stock.statusCode()).as(stock.body()).isEqualTo(200);
        HttpResponse<String> published = http.postJson("/api/v1/listings/" + id + "/publish", "", provider.auth());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        if (published.body().contains("pendingApproval")) {
            listings.approve(id);
        }
        return id;
    }

    /** An order of the listing bought and paid, not yet shipped. */
    UUID paidOrder(Signed customer, UUID listing) {
        HttpResponse<String> created = http.postJson(
                "/api/v1/transactions", "{\"listingId\": \"%s\", \"quantity\": 1}".formatted(listing), customer.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID order = UUID.fromString(
                json.readTree(created.body()).at("/transaction/id").asString());
        awaitState(customer, order, "paid");
        return order;
    }

    /** An order bought, shipped and received: its review window is open when this returns. */
    UUID completedOrder(Signed customer, Signed provider, UUID listing) {
        UUID order = paidOrder(customer, listing);
        transition(provider, order, "ship");
        transition(customer, order, "receive");
        await(() -> jdbc.sql("SELECT count(*) FROM review_windows WHERE transaction_id = :id")
                        .param("id", order)
                        .query(Long.class)
                        .single()
                == 1);
        return order;
    }

    private void transition(Signed who, UUID order, String name) {
        HttpResponse<String> moved = http.postJson(
                "/api/v1/transactions/" + order + "/transitions",
                json.writeValueAsString(Map.of("name", name)),
                who.auth());
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    }

    private void awaitState(Signed who, UUID order, String state) {
        await(() ->
                http.get("/api/v1/transactions/" + order, who.auth()).body().contains("\"state\":\"" + state + "\""));
    }

    static void await(java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not so within 20 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
