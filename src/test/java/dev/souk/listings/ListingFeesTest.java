package dev.souk.listings;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SoukTest
@Import(WithMailbox.class)
class ListingFeesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    JdbcClient jdbc;

    Http http;
    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
    }

    // --- the API ---------------------------------------------------------------------------------

    @Test
    void ownerSetsFeesEveryoneSeesThemAndTheDataExportHoldsThem() {
        Signed owner = Members.verifiedMember(http, "Fee Owner");
        String body = catalog.completeStay("Room with fees").replace("\"price\"", """
                        "fees": [{"key": "cleaning", "label": "Cleaning fee", "amount": {"amount": 4000, "currency": "EUR"}},
                                 {"label": "Linen & towels", "amount": {"amount": 1250, "currency": "eur"}}],
                        "price\"""");
        HttpResponse<String> created = http.postJson("/api/v1/listings", body, owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode fees = json(created).get("fees");
        assertThat(fees.findValuesAsString("key")).containsExactly("cleaning", "linen-towels");
        assertThat(fees.findValuesAsString("label")).containsExactly("Cleaning fee", "Linen & towels");
        assertThat(fees.get(1).get("amount").get("amount").asLong()).isEqualTo(1250);
        assertThat(fees.get(1).get("amount").get("currency").asString()).isEqualTo("EUR");
        String id = json(created).get("id").asString();
        publish(owner, id);

        JsonNode shown = json(http.get("/api/v1/listings/" + id));
        assertThat(shown.get("fees").findValuesAsString("key")).containsExactly("cleaning", "linen-towels");

        // the label changes, the key stays; a fee left out is removed
        HttpResponse<String> changed = http.method("PATCH", "/api/v1/listings/" + id, """
                {"fees": [{"key": "cleaning", "label": "Final cleaning", "amount": {"amount": 4500, "currency": "EUR"}}]}""", owner.auth());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(storedFees(id)).containsExactly("cleaning|Final cleaning|4500|EUR");
        // a change that names no fees keeps them
        assertThat(http.method("PATCH", "/api/v1/listings/" + id, "{\"title\": \"Room with a fee\"}", owner.auth())
                        .statusCode())
                .isEqualTo(200);
        assertThat(storedFees(id)).containsExactly("cleaning|Final cleaning|4500|EUR");

        JsonNode export = json(http.get("/api/v1/me/data", owner.auth()));
        JsonNode exported = export.get("listings").get(0).get("fees").get(0);
        assertThat(exported.get("key").asString()).isEqualTo("cleaning");
        assertThat(exported.get("label").asString()).isEqualTo("Final cleaning");
        assertThat(exported.get("amount").get("amount").asLong()).isEqualTo(4500);

        HttpResponse<String> removed = http.method("PATCH", "/api/v1/listings/" + id, "{\"fees\": []}", owner.auth());
        assertThat(json(removed).get("fees")).isEmpty();
        assertThat(storedFees(id)).isEmpty();
    }

    @Test
    void keysMadeFromLabelsAreSlugsOfTheirOwn() {
        Signed owner = Members.verifiedMember(http, "Slug Owner");
        String id = create(owner, catalog.completeStay("Slugs"));
        HttpResponse<String> set = http.method("PATCH", "/api/v1/listings/" + id, """
                {"fees": [{"label": "Nettoyage à la fin", "amount": {"amount": 100, "currency": "EUR"}},
                          {"label": "nettoyage a la fin!", "amount": {"amount": 200, "currency": "EUR"}},
                          {"label": "24h check-in", "amount": {"amount": 300, "currency": "EUR"}},
                          {"label": "€", "amount": {"amount": 400, "currency": "EUR"}},
                          {"key": "nettoyage-a-la-fin-3", "label": "Taken on purpose", "amount": {"amount": 500, "currency": "EUR"}}]}""", owner.auth());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(json(set).get("fees").findValuesAsString("key"))
                .containsExactly(
                        "nettoyage-a-la-fin",
                        "nettoyage-a-la-fin-2",
                        "fee-24h-check-in",
                        "fee",
                        "nettoyage-a-la-fin-3");
    }

    @Test
    void wrongFeesAreRefusedByNameAndNothingIsStored() {
        Signed owner = Members.verifiedMember(http, "Strict Fee Owner");
        String id = create(owner, catalog.completeStay("Strict fees"));
        assertThat(http.method("PATCH", "/api/v1/listings/" + id, """
                        {"fees": [{"key": "cleaning", "label": "Cleaning", "amount": {"amount": 4000, "currency": "EUR"}}]}""", owner.auth())
                        .statusCode())
                .isEqualTo(200);
        String before = row(id);
        List<String> feesBefore = storedFees(id);
        String fee = "{\"label\": \"Fee\", \"amount\": {\"amount\": 100, \"currency\": \"EUR\"}}";
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("{\"fees\": [" + String.join(", ", Collections.nCopies(6, fee)) + "]}", "fees"),
                Map.entry(
                        "{\"fees\": [{\"key\": \"Bad Key\", \"label\": \"Fee\", \"amount\": {\"amount\": 100, \"currency\": \"EUR\"}}]}",
                        "fees[0].key"),
                Map.entry(
                        "{\"fees\": [{\"key\": \"" + "k".repeat(31)
                                + "\", \"label\": \"Fee\", \"amount\": {\"amount\": 100, \"currency\": \"EUR\"}}]}",
                        "fees[0].key"),
                Map.entry(
                        "{\"fees\": [{\"key\": \"same\", \"label\": \"A\", \"amount\": {\"amount\": 100, \"currency\": \"EUR\"}},"
                                + " {\"key\": \"same\", \"label\": \"B\", \"amount\": {\"amount\": 100, \"currency\": \"EUR\"}}]}",
                        "fees[1].key"),
                Map.entry(
                        "{\"fees\": [" + fee + ", {\"label\": \"" + "x".repeat(61)
                                + "\", \"amount\": {\"amount\": 100, \"currency\": \"EUR\"}}]}",
                        "fees[1].label"),
                Map.entry(
                        "{\"fees\": [{\"label\": \"Two\\nlines\", \"amount\": {\"amount\": 100, \"currency\": \"EUR\"}}]}",
                        "fees[0].label"),
                Map.entry("{\"fees\": [{\"amount\": {\"amount\": 100, \"currency\": \"EUR\"}}]}", "fees[0].label"),
                Map.entry(
                        "{\"fees\": [{\"label\": \"Free\", \"amount\": {\"amount\": 0, \"currency\": \"EUR\"}}]}",
                        "fees[0].amount"),
                Map.entry(
                        "{\"fees\": [{\"label\": \"Huge\", \"amount\": {\"amount\": 1000000000001, \"currency\": \"EUR\"}}]}",
                        "fees[0].amount"),
                Map.entry(
                        "{\"fees\": [{\"label\": \"Dollars\", \"amount\": {\"amount\": 100, \"currency\": \"USD\"}}]}",
                        "fees[0].amount"),
                Map.entry("{\"fees\": [{\"label\": \"No amount\"}]}", "fees[0].amount"),
                Map.entry(
                        "{\"fees\": [{\"label\": \"Odd\", \"amount\": {\"amount\": 100, \"currency\": \""
                                + "E".repeat(5000) + "\"}}]}",
                        "fees[0].amount"),
                Map.entry(
                        "{\"fees\": [{\"label\": \"Typo\", \"colour\": \"red\", \"amount\": {\"amount\": 100, \"currency\": \"EUR\"}}]}",
                        "fees[0].colour"),
                Map.entry("{\"fees\": [null]}", "fees[0]"),
                Map.entry("{\"price\": {\"amount\": 1000000000001, \"currency\": \"EUR\"}}", "price"),
                // the fees kept would be in another currency than the new price
                Map.entry("{\"price\": {\"amount\": 9000, \"currency\": \"USD\"}}", "fees"));
        refusals.forEach((body, field) -> {
            HttpResponse<String> refused = http.method("PATCH", "/api/v1/listings/" + id, body, owner.auth());
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            JsonNode problem = json(refused);
            assertThat(problem.get("type").asString()).isEqualTo("urn:souk:problem:validation");
            assertThat(problem.get("errors").findValuesAsString("field"))
                    .as(body)
                    .contains(field);
            assertThat(refused.body()).as("a long currency is not echoed").doesNotContain("EEEEEE");
        });
        assertThat(row(id)).isEqualTo(before);
        assertThat(storedFees(id)).isEqualTo(feesBefore);
    }

    @Test
    void aListingWithoutAPriceTakesNoFees() {
        Signed owner = Members.verifiedMember(http, "Priceless Owner");
        HttpResponse<String> refused =
                http.postJson("/api/v1/listings", """
                {"listingType": "%s", "category": "%s", "title": "No price yet",
                 "fees": [{"label": "Cleaning", "amount": {"amount": 100, "currency": "EUR"}}]}""".formatted(catalog.stays, catalog.rooms), owner.auth());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("errors").findValuesAsString("field")).containsExactly("fees");
    }

    @Test
    void anotherMemberCannotChangeTheFees() {
        Signed owner = Members.verifiedMember(http, "Fee Keeper");
        Signed other = Members.verifiedMember(http, "Fee Thief");
        String id = create(owner, catalog.completeStay("Mine"));
        HttpResponse<String> refused = http.method("PATCH", "/api/v1/listings/" + id, """
                {"fees": [{"label": "Cleaning", "amount": {"amount": 100, "currency": "EUR"}}]}""", other.auth());
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(json(refused).get("type").asString()).isEqualTo("urn:souk:problem:not-found");
        assertThat(storedFees(id)).isEmpty();
    }

    // --- the pages -------------------------------------------------------------------------------

    @Test
    void ownerAddsFeesInTheFormAndThePublicPageAndQuoteShowThem() {
        Signed owner = Members.verifiedMember(http, "Form Fee Owner");
        Web web = signedIn(owner, "10.46.0.1");
        String id = create(owner, catalog.completeStay("Fee loft"));
        addPhoto(owner, id);
        assertThat(web.get("/listings/" + id + "/edit").body())
                .contains("Extra fees")
                .contains("name=\"feeLabels\"");

        List<Map.Entry<String, String>> fields = form(
                "",
                "Cleaning fee",
                "40", // a new fee: its key is made from the label
                "",
                "",
                "", // an empty row is left out
                "",
                "Towels",
                "7.5");
        HttpResponse<String> saved = web.postFields("/listings/" + id + "/edit", fields);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(storedFees(id)).containsExactly("cleaning-fee|Cleaning fee|4000|EUR", "towels|Towels|750|EUR");

        // shown again with their keys, so a new label keeps the key
        String edit = web.get("/listings/" + id + "/edit").body();
        assertThat(edit)
                .contains("value=\"cleaning-fee\"")
                .contains("value=\"Cleaning fee\"")
                .contains("value=\"40.00\"");
        assertThat(web.postFields(
                                "/listings/" + id + "/edit",
                                form("cleaning-fee", "Cleaning", "40", "towels", "Towels", "7.50"))
                        .statusCode())
                .isEqualTo(302);
        assertThat(storedFees(id)).containsExactly("cleaning-fee|Cleaning|4000|EUR", "towels|Towels|750|EUR");

        publish(owner, id);
        Web visitor = new Web(port, "10.46.0.2");
        String page = visitor.get("/listings/" + id).body();
        assertThat(page)
                .contains("<span>Cleaning</span><span>€40</span>")
                .contains("<span>Towels</span><span>€7.50</span>");
        String quote = visitor.get(
                        "/listings/" + id + "/quote?start=" + LocalDate.now().plusDays(30) + "&end="
                                + LocalDate.now().plusDays(32) + "")
                .body();
        // two nights at €85, and each fee once
        assertThat(quote).contains("€170").contains("Cleaning").contains("€217.50");
    }

    @Test
    void aRefusedFeeShowsItsErrorUnderItsRowKeepsWhatWasTypedAndStoresNothing() {
        Signed owner = Members.verifiedMember(http, "Form Fee Typo");
        Web web = signedIn(owner, "10.47.0.1");
        String id = create(owner, catalog.completeStay("Typo loft"));
        String before = row(id);
        web.get("/listings/" + id + "/edit");

        HttpResponse<String> mistyped = web.postFields(
                "/listings/" + id + "/edit",
                form(
                        "",
                        "",
                        "", // empty rows first: the rows that count are named from 0
                        "",
                        "Cleaning",
                        "forty",
                        "",
                        "",
                        "12"));
        assertThat(mistyped.statusCode()).isEqualTo(400);
        assertThat(mistyped.body())
                .contains("id=\"f-fee-0-amount-error\"")
                .contains("amount, e.g. 40 or 12.50")
                .contains("value=\"forty\"")
                .contains("value=\"Cleaning\"")
                .contains("value=\"12\"");

        HttpResponse<String> unnamed =
                web.postFields("/listings/" + id + "/edit", form("", "Cleaning", "40", "", "", "12"));
        assertThat(unnamed.statusCode()).isEqualTo(400);
        assertThat(unnamed.body())
                .contains("id=\"f-fee-1-label-error\"")
                .doesNotContain("id=\"f-fee-0-amount-error\"")
                .contains("value=\"12\"");
        assertThat(row(id)).isEqualTo(before);
        assertThat(storedFees(id)).isEmpty();

        List<Map.Entry<String, String>> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.addAll(feeRows("", "Fee " + i, "1"));
        }
        HttpResponse<String> tooMany = web.postFields("/listings/" + id + "/edit", withBasics(six));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("id=\"f-fees-error\"").contains("at most 5 extra fees");
        assertThat(storedFees(id)).isEmpty();
    }

    // --- fixtures --------------------------------------------------------------------------------

    /** The edit form with the listing's basics and these fee rows (key, label, amount, ...). */
    private List<Map.Entry<String, String>> form(String... rows) {
        return withBasics(feeRows(rows));
    }

    private static List<Map.Entry<String, String>> feeRows(String... rows) {
        List<Map.Entry<String, String>> fees = new ArrayList<>();
        for (int i = 0; i < rows.length; i += 3) {
            fees.add(Map.entry("feeKeys", rows[i]));
            fees.add(Map.entry("feeLabels", rows[i + 1]));
            fees.add(Map.entry("feeAmounts", rows[i + 2]));
        }
        return fees;
    }

    private List<Map.Entry<String, String>> withBasics(List<Map.Entry<String, String>> fees) {
        List<Map.Entry<String, String>> form = new ArrayList<>(List.of(
                Map.entry("title", "Fee loft"),
                Map.entry("description", "Bright."),
                Map.entry("field." + catalog.guests, "2"),
                Map.entry("price", "85"),
                Map.entry("currency", "EUR"),
                Map.entry("address", "Rua das Flores 3, Porto"),
                Map.entry("latitude", "38.7"),
                Map.entry("longitude", "-9.1"),
                Map.entry("timeZone", "Europe/Lisbon"),
                Map.entry("seats", "1"),
                Map.entry("cancellationPolicy", "flexible")));
        form.addAll(fees);
        return form;
    }

    private Web signedIn(Signed member, String address) {
        Web web = new Web(port, address);
        web.get("/sign-in");
        HttpResponse<String> response = web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return web;
    }

    private void addPhoto(Signed owner, String id) {
        HttpResponse<String> photo = http.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "p.png",
                "image/png",
                TestCatalog.png(40, 30),
                owner.auth());
        assertThat(photo.statusCode()).as(photo.body()).isEqualTo(201);
    }

    private void publish(Signed owner, String id) {
        if (json(http.get("/api/v1/listings/" + id, owner.auth())).get("photos").isEmpty()) {
            addPhoto(owner, id);
        }
        HttpResponse<String> published = http.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    }

    private String create(Signed owner, String body) {
        HttpResponse<String> created = http.postJson("/api/v1/listings", body, owner.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    private String row(String id) {
        return jdbc.sql("SELECT row_to_json(l)::text FROM listings l WHERE id = :id")
                .param("id", UUID.fromString(id))
                .query(String.class)
                .single();
    }

    private List<String> storedFees(String id) {
        return jdbc.sql("""
                SELECT key || '|' || label || '|' || amount || '|' || currency FROM listing_fees
                 WHERE listing_id = :id ORDER BY position""")
                .param("id", UUID.fromString(id))
                .query(String.class)
                .list();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
