package dev.souk.notifications;

import static dev.souk.testing.Pause.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deals walked over the public API as members would: listings of each kind of their own listing type,
 * bookings, orders and transitions, for tests of what members are told along the way.
 */
final class Dealings {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final Http http;
    private final Listings listings;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final MutableClock clock;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String currency;

    Dealings(Http http, Marketplace marketplace, Listings listings, JdbcClient jdbc, MutableClock clock) {
        this.http = http;
        this.listings = listings;
        this.jdbc = jdbc;
        this.clock = clock;
        this.currency = marketplace.settings().defaultCurrency().getCurrencyCode();
        type(marketplace, "stay", TransactionKind.NIGHTLY, false);
        type(marketplace, "instant", TransactionKind.NIGHTLY, true);
        type(marketplace, "goods", TransactionKind.PURCHASE, false);
        type(marketplace, "ask", TransactionKind.INQUIRY, false);
    }

    private void type(Marketplace marketplace, String name, TransactionKind kind, boolean instant) {
        String key = name + "-" + suffix;
        marketplace.saveListingType(new ListingType(key, name + " " + suffix, kind, instant, false, Set.of(), 90));
        marketplace.saveCategory(new Category("c-" + key, "C " + key, null, Set.of(key), 90));
    }

    /** A draft listing of this provider titled "A {type} to deal over". */
    UUID draft(Signed provider, String type, long price, String policy) {
        return draft(provider, type, price, policy, "A " + type + " to deal over");
    }

    UUID draft(Signed provider, String type, long price, String policy, String title) {
        String key = type + "-" + suffix;
        String body = """
                {"listingType": "%s", "category": "c-%s", "title": "%s",
                 "description": "Somewhere to test telling.", %s "timeZone": "Europe/Berlin",
                 "instantBook": %s, "rules": {"cancellationPolicy": "%s"}}""".formatted(
                        key,
                        key,
                        title,
                        price > 0 ? "\"price\": {\"amount\": " + price + ", \"currency\": \"" + currency + "\"}," : "",
                        type.equals("instant"),
                        policy);
        HttpResponse<String> created = http.postJson("/api/v1/listings", body, provider.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(Members.field(created.body(), "id"));
    }

    /** Submits the draft: published, or waiting for an operator where the marketplace requires approval. */
    String submit(Signed provider, UUID listing) {
        HttpResponse<String> published = http.postJson("/api/v1/listings/" + listing + "/publish", "", provider.auth());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        return read(published).get("status").asString();
    }

    /** A published listing of this provider. */
    UUID listing(Signed provider, String type, long price, String policy) {
        return listing(provider, type, price, policy, "A " + type + " to deal over");
    }

    UUID listing(Signed provider, String type, long price, String policy, String title) {
        UUID id = draft(provider, type, price, policy, title);
        if (submit(provider, id).equals("pendingApproval")) {
            listings.approve(id);
        }
        return id;
    }

    void stock(Signed provider, UUID listing, int quantity) {
        HttpResponse<String> set = http.method(
                "PUT", "/api/v1/listings/" + listing + "/stock", "{\"quantity\": " + quantity + "}", provider.auth());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), BERLIN);
    }

    UUID book(Signed customer, UUID listing, LocalDate start, LocalDate end) {
        return started(http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\"}".formatted(listing, start, end),
                customer.auth()));
    }

    UUID buy(Signed customer, UUID listing, int quantity) {
        return started(http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"quantity\": %d}".formatted(listing, quantity),
                customer.auth()));
    }

    UUID ask(Signed customer, UUID listing, String message) {
        return started(http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"message\": \"%s\"}".formatted(listing, message),
                customer.auth()));
    }

    private UUID started(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(read(created).at("/transaction/id").asString());
    }

    JsonNode move(Signed who, UUID id, String name, Map<String, String> params) {
        return move(who.token(), id, name, params);
    }

    JsonNode move(String token, UUID id, String name, Map<String, String> params) {
        HttpResponse<String> moved = http.postJson(
                "/api/v1/transactions/" + id + "/transitions",
                json.writeValueAsString(Map.of("name", name, "params", params)),
                "Authorization",
                "Bearer " + token);
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        return read(moved);
    }

    JsonNode awaitState(Signed who, UUID id, String state) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode now = read(http.get("/api/v1/transactions/" + id, who.auth()));
        while (!state.equals(now.get("state").asString()) && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(100));
            now = read(http.get("/api/v1/transactions/" + id, who.auth()));
        }
        assertThat(now.get("state").asString()).as(now.toString()).isEqualTo(state);
        return now;
    }

    UUID paymentOf(UUID transaction) {
        return jdbc.sql("SELECT payment_id FROM transactions WHERE id = :id")
                .param("id", transaction)
                .query(UUID.class)
                .single();
    }

    /** An operator with two-step sign-in, as operators must be to act as one; their API token. */
    String operatorToken(Accounts accounts, int port) {
        String email = Members.uniqueEmail("notify-operator");
        accounts.ensureOperator(email, "dispute-settling-words", "Notify Operator");
        Web web = new Web(port, "10.64.0.1");
        web.get("/sign-in");
        web.post("/sign-in", Map.of("email", email, "password", "dispute-settling-words"));
        TwoFactor.Enrolled enrolled = TwoFactor.enrol(web, "dispute-settling-words", clock);
        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> token = http.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s", "code": "%s"}""".formatted(
                        email, "dispute-settling-words", TwoFactor.code(enrolled.secret(), clock.instant())));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        return Members.field(token.body(), "token");
    }

    private JsonNode read(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return json.readTree(response.body());
    }
}
