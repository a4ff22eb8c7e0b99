package dev.souk.shared;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Numbers that are short to send but ruinous to convert ({@code 1e500000000}, {@code 1e-500000000}) or
 * simply long (100,000 digits) are refused quickly with a 400 naming the input, and change nothing, on
 * every input that takes a decimal: search (page and API), a listing's price (page and API), a custom
 * number field (API, as a string and as a JSON number) and the operator's forms.
 */
@SoukTest
@Import(WithMailbox.class)
class HostileNumbersTest {

    static final String HUGE = "1e500000000";
    static final String TINY = "1e-500000000";
    static final String LONG = "9".repeat(100_000);
    static final List<String> HOSTILE = List.of(HUGE, TINY, LONG);
    static final Duration QUICKLY = Duration.ofSeconds(2);

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    Http http;
    TestCatalog catalog;
    Signed owner;
    String listing;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
        owner = Members.verifiedMember(http, "Number Owner");
        HttpResponse<String> created =
                http.postJson("/api/v1/listings", catalog.completeStay("Room with numbers"), owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        listing = Members.field(created.body(), "id");
    }

    @Test
    void theSearchPageAndTheSearchApiRefuseThemQuickly() {
        for (String number : HOSTILE) {
            String n = URLEncoder.encode(number, StandardCharsets.UTF_8);
            for (String page : List.of("/search?price_from=" + n, "/search?f." + catalog.guests + ".min=" + n)) {
                HttpResponse<String> answer = timed(() -> http.get(page, "Accept", "text/html"));
                assertThat(answer.statusCode()).as(page).isEqualTo(400);
            }
            for (String query : List.of(
                    "price_min=" + n,
                    "f." + catalog.guests + "=" + n + "..",
                    "lat=" + n + "&lng=1",
                    "bbox=" + n + ",0,1,1")) {
                HttpResponse<String> answer = timed(() -> http.get("/api/v1/listings?" + query));
                assertThat(answer.statusCode()).as(query).isEqualTo(400);
                assertThat(answer.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            }
        }
        // short enough to reach the application: the answer names the input
        HttpResponse<String> page = http.get("/search?price_from=" + HUGE, "Accept", "text/html");
        assertThat(page.body())
                .contains("id=\"s-price-from-error\"")
                .contains("is-invalid")
                .contains("value=\"" + HUGE + "\"");
        assertThat(http.get("/api/v1/listings?price_min=" + HUGE).body()).contains("\"field\":\"price_min\"");
        assertThat(http.get("/api/v1/listings?f." + catalog.guests + "=" + TINY + "..")
                        .body())
                .contains("\"field\":\"f." + catalog.guests + "\"");
    }

    @Test
    void aListingsPriceIsRefusedOnThePageAndInTheApi() {
        Web web = signedIn(owner);
        for (String number : HOSTILE) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("title", "Room with numbers");
            form.put("price", number);
            form.put("currency", "EUR");
            HttpResponse<String> page = timed(() -> web.post("/listings/" + listing + "/edit", form));
            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.body()).contains("Give the price as an amount and a currency.");
            for (String amount : List.of(number, "\"" + number + "\"")) {
                HttpResponse<String> api = timed(() -> http.method(
                        "PATCH",
                        "/api/v1/listings/" + listing,
                        "{\"price\": {\"amount\": " + amount + ", \"currency\": \"EUR\"}}",
                        owner.auth()));
                assertThat(api.statusCode()).as(api.body()).isEqualTo(400);
                // a number too long to even read is named by the object it is in
                assertThat(api.body()).contains(number == LONG ? "\"field\":\"price" : "\"field\":\"price.amount\"");
            }
            assertThat(storedPrice()).isEqualTo(8500L);
        }
    }

    @Test
    void aCustomNumberFieldIsRefusedAsAStringAndAsAJsonNumber() {
        for (String number : HOSTILE) {
            for (String value : List.of(number, "\"" + number + "\"")) {
                HttpResponse<String> answer = timed(() -> http.method(
                        "PATCH",
                        "/api/v1/listings/" + listing,
                        "{\"fields\": {\"" + catalog.guests + "\": " + value + "}}",
                        owner.auth()));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
                assertThat(answer.body())
                        .contains(
                                value.equals(LONG)
                                        ? "\"field\":\"fields"
                                        : "\"field\":\"fields." + catalog.guests + "\"");
            }
        }
        assertThat(jdbc.sql("SELECT fields ->> :key FROM listings WHERE id = :id::uuid")
                        .param("key", catalog.guests)
                        .param("id", listing)
                        .query(String.class)
                        .single())
                .isEqualTo("2");
    }

    @Test
    void theOperatorsCommissionAndFieldBoundsAreRefused() {
        String email = Members.uniqueEmail("number-operator");
        accounts.ensureOperator(email, "operator-number-words", "Number Operator");
        Web operator = TwoFactor.operator(port, "10.77.0.1", email, "operator-number-words", clock);
        String settingsBefore = settings();
        String fieldBefore = field();
        for (String number : HOSTILE) {
            for (String input : List.of("providerPercent", "customerPercent", "providerMinimum")) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("name", "Souk");
                form.put("defaultCurrency", "EUR");
                form.put("currencies", "EUR");
                form.put("timeZone", "Europe/Lisbon");
                form.put("providerPercent", "10");
                form.put("providerMinimum", "0");
                form.put("customerPercent", "5");
                form.put(input, number);
                HttpResponse<String> answer = timed(() -> operator.post("/admin/marketplace", form));
                assertThat(answer.statusCode()).as(input).isEqualTo(400);
                assertThat(answer.body()).contains("id=\"f-" + input + "\"").contains("is-invalid");
            }
            for (String input : List.of("min", "max")) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("label", "Guests");
                form.put("type", "number");
                form.put("listingTypes", catalog.stays);
                form.put("min", "1");
                form.put("max", "16");
                form.put(input, number);
                HttpResponse<String> answer =
                        timed(() -> operator.post("/admin/marketplace/fields/" + catalog.guests, form));
                assertThat(answer.statusCode()).as(input).isEqualTo(400);
                assertThat(answer.body()).contains("id=\"f-" + input + "\"").contains("is-invalid");
            }
        }
        assertThat(settings()).isEqualTo(settingsBefore);
        assertThat(field()).isEqualTo(fieldBefore);
    }

    private long storedPrice() {
        return jdbc.sql("SELECT price_amount FROM listings WHERE id = :id::uuid")
                .param("id", listing)
                .query(Long.class)
                .single();
    }

    private String settings() {
        return jdbc.sql("SELECT row_to_json(s)::text FROM marketplace_settings s")
                .query(String.class)
                .single();
    }

    private String field() {
        return jdbc.sql("SELECT row_to_json(f)::text FROM custom_fields f WHERE key = :key")
                .param("key", catalog.guests)
                .query(String.class)
                .single();
    }

    private Web signedIn(Signed member) {
        Web web = new Web(port, "10.77.0.2");
        web.get("/sign-in");
        assertThat(web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD))
                        .statusCode())
                .isEqualTo(302);
        web.get("/account"); // the form token changes at sign-in
        return web;
    }

    private static HttpResponse<String> timed(Supplier<HttpResponse<String>> request) {
        long start = System.nanoTime();
        HttpResponse<String> answer = request.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICKLY);
        return answer;
    }
}
