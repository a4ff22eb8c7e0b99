package dev.souk.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.listings.Listings;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.TransactionKind;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;

/**
 * Listings to deal over, made through the public API as a provider would, each of a listing type of
 * its own kind (request to book, instant booking, rentals, hourly classes, goods, questions).
 */
final class Deals {

    private final Http http;
    private final Listings listings;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String currency;

    Deals(Http http, Marketplace marketplace, Listings listings) {
        this.http = http;
        this.listings = listings;
        this.currency = marketplace.settings().defaultCurrency().getCurrencyCode();
        type(marketplace, "stay", TransactionKind.NIGHTLY, false, false);
        type(marketplace, "instant", TransactionKind.NIGHTLY, true, false);
        type(marketplace, "rental", TransactionKind.DAILY, false, false);
        type(marketplace, "class", TransactionKind.HOURLY, true, true);
        type(marketplace, "goods", TransactionKind.PURCHASE, false, false);
        type(marketplace, "ask", TransactionKind.INQUIRY, false, false);
    }

    private void type(Marketplace marketplace, String name, TransactionKind kind, boolean instant, boolean seats) {
        String key = name + "-" + suffix;
        marketplace.saveListingType(new ListingType(key, name + " " + suffix, kind, instant, seats, Set.of(), 90));
        marketplace.saveCategory(new Category("c-" + key, "C " + key, null, Set.of(key), 90));
    }

    /**
     * A published listing of this provider.
     *
     * @param type {@code stay}, {@code instant}, {@code rental}, {@code class}, {@code goods}, {@code ask}
     * @param more further JSON members, e.g. {@code "seats": 4}
     */
    UUID listing(Signed provider, String type, long price, String policy, String more) {
        String key = type + "-" + suffix;
        String body = """
                {"listingType": "%s", "category": "c-%s", "title": "A %s to deal over",
                 "description": "Somewhere to test dealing.", %s "timeZone": "Europe/Berlin",
                 "instantBook": %s %s %s}""".formatted(
                        key,
                        key,
                        type,
                        price > 0 ? "\"price\": {\"amount\": " + price + ", \"currency\": \"" + currency + "\"}," : "",
                        type.equals("instant") || type.equals("class"),
                        more.contains("\"rules\"") ? "" : ", \"rules\": {\"cancellationPolicy\": \"" + policy + "\"}",
                        more.isEmpty() ? "" : ", " + more);
        HttpResponse<String> created = http.postJson("/api/v1/listings", body, provider.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(Members.field(created.body(), "id"));
        HttpResponse<String> published = http.postJson("/api/v1/listings/" + id + "/publish", "", provider.auth());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        if (published.body().contains("pendingApproval")) {
            listings.approve(id);
        }
        return id;
    }

    void stock(Signed provider, UUID listing, int quantity) {
        HttpResponse<String> set = http.method(
                "PUT", "/api/v1/listings/" + listing + "/stock", "{\"quantity\": " + quantity + "}", provider.auth());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    }
}
