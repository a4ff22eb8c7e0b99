package dev.souk.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operator's marketplace console over real HTTP, checked against the public API. */
@SoukTest
@Import(MarketplaceConsoleTest.Usage.class)
class MarketplaceConsoleTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OPERATOR_PASSWORD = "operator-console-words";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Marketplace marketplace;

    @Autowired
    FakeUsage usage;

    @Autowired
    MutableClock clock;

    private MarketplaceConfig before;
    private Web operator;
    private String suffix;

    /**
     * The listings module, which will count listings for real, doesn't exist yet; this fake stands in
     * for it (only for the {@link CatalogUsage} port) so the refusals can be shown.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class Usage {
        @Bean
        FakeUsage fakeCatalogUsage() {
            return new FakeUsage();
        }
    }

    /** Counts set by the test, keyed "type:stays", "category:tools", "field:guests", "choice:amenities/wifi". */
    static class FakeUsage implements CatalogUsage {
        final Map<String, Long> counts = new ConcurrentHashMap<>();

        @Override
        public long listingsOfType(String listingTypeKey) {
            return counts.getOrDefault("type:" + listingTypeKey, 0L);
        }

        @Override
        public long listingsInCategory(String categoryKey) {
            return counts.getOrDefault("category:" + categoryKey, 0L);
        }

        @Override
        public long valuesOf(String fieldKey) {
            return counts.getOrDefault("field:" + fieldKey, 0L);
        }

        @Override
        public long valuesWithChoice(String fieldKey, String choiceKey) {
            return counts.getOrDefault("choice:" + fieldKey + "/" + choiceKey, 0L);
        }
    }

    @BeforeEach
    void signInOperator() {
        before = marketplace.config();
        suffix = UUID.randomUUID().toString().substring(0, 6);
        // one operator per test: a code of theirs works once, and tests follow each other within seconds
        String email = Members.uniqueEmail("console-operator");
        accounts.ensureOperator(email, OPERATOR_PASSWORD, "Console Operator");
        operator = TwoFactor.operator(port, "10.60.0.1", email, OPERATOR_PASSWORD, clock);
    }

    @AfterEach
    void restoreSettings() {
        usage.counts.clear();
        marketplace.configure(before.settings(), before.commission());
    }

    // --- settings ---------------------------------------------------------------------------------

    @Test
    void operatorChangesSettingsAndCommissionAndTheApiShowsThem() {
        assertThat(operator.get("/admin/marketplace").body()).contains("name=\"providerMinimum\"");
        HttpResponse<String> saved = operator.post(
                "/admin/marketplace",
                settings(Map.of(
                        "name", "Harbour Market",
                        "description", "Boats and bikes by the sea.",
                        "defaultCurrency", "gbp",
                        "currencies", "EUR, GBP USD",
                        "timeZone", "Europe/London",
                        "approvalRequired", "true",
                        "providerPercent", "12.5",
                        "providerMinimum", "1.50",
                        "customerPercent", "3")));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(operator.follow(saved).body()).contains("The marketplace settings were saved.");

        JsonNode api = api();
        assertThat(api.get("name").asString()).isEqualTo("Harbour Market");
        assertThat(api.get("description").asString()).isEqualTo("Boats and bikes by the sea.");
        assertThat(api.get("defaultCurrency").asString()).isEqualTo("GBP");
        assertThat(api.get("currencies").toString()).isEqualTo("[\"EUR\",\"GBP\",\"USD\"]");
        assertThat(api.get("timeZone").asString()).isEqualTo("Europe/London");
        assertThat(api.get("approvalRequired").asBoolean()).isTrue();
        JsonNode commission = api.get("commission");
        assertThat(commission.get("providerPercent").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(commission.get("providerMinimum").get("amount").asLong()).isEqualTo(150);
        assertThat(commission.get("providerMinimum").get("currency").asString()).isEqualTo("GBP");
        assertThat(commission.get("customerPercent").decimalValue()).isEqualByComparingTo("3");

        assertThat(operator.get("/admin/marketplace").body())
                .contains("value=\"Harbour Market\"")
                .contains("value=\"1.50\"")
                .contains("<option value=\"Europe/London\" selected>");
    }

    @Test
    void anUnknownCurrencyIsRefusedUnderItsFieldAndNothingChanges() {
        refusedSettings(
                Map.of("defaultCurrency", "XYZ", "currencies", "XYZ"), "defaultCurrency", "\"XYZ\" is not an ISO 4217");
        refusedSettings(Map.of("currencies", "EUR, ABC"), "currencies", "\"ABC\" is not an ISO 4217");
    }

    @Test
    void theDefaultCurrencyMustBeAllowed() {
        refusedSettings(
                Map.of("defaultCurrency", "USD", "currencies", "EUR, GBP"),
                "currencies",
                "must include the default currency");
    }

    @Test
    void aPercentageAbove100IsRefused() {
        refusedSettings(Map.of("providerPercent", "150"), "providerPercent", "percentage from 0 to 100");
        refusedSettings(Map.of("customerPercent", "1.005"), "customerPercent", "at most two decimals");
        refusedSettings(Map.of("providerMinimum", "1.505"), "providerMinimum", "At most 2 decimals");
    }

    @Test
    void anEmptyNameIsRefusedAndTheOtherValuesAreKept() {
        HttpResponse<String> refused = refusedSettings(Map.of("name", "  "), "name", "");
        assertThat(refused.body()).contains(">Kept description</textarea>");
    }

    private HttpResponse<String> refusedSettings(Map<String, String> changes, String field, String message) {
        Map<String, String> form = new LinkedHashMap<>(settings(Map.of("description", "Kept description")));
        form.putAll(changes);
        HttpResponse<String> refused = operator.post("/admin/marketplace", form);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("id=\"f-" + field + "-error\"")
                .contains("aria-describedby=\"f-" + field + "-help f-" + field + "-error\"")
                .contains(message);
        MarketplaceConfig now = marketplace.config();
        assertThat(now.settings()).isEqualTo(before.settings());
        assertThat(now.commission()).isEqualTo(before.commission());
        return refused;
    }

    /** The settings form as it is now, with these changes. */
    private Map<String, String> settings(Map<String, String> changes) {
        MarketplaceSettings s = before.settings();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", s.name());
        form.put("description", s.description());
        form.put("defaultCurrency", s.defaultCurrency().getCurrencyCode());
        form.put(
                "currencies",
                String.join(
                        ",",
                        s.currencies().stream()
                                .map(java.util.Currency::getCurrencyCode)
                                .toList()));
        form.put("timeZone", s.timeZone().getId());
        form.put("providerPercent", "10");
        form.put("providerMinimum", "0");
        form.put("customerPercent", "0");
        form.putAll(changes);
        return form;
    }

    // --- the catalogue ------------------------------------------------------------------------------

    @Test
    void operatorBuildsAListingTypeATwoLevelCategoryAndFieldsOfEveryType() {
        String type = "boats-" + suffix;
        created("/admin/marketplace/listing-types", listingType(type, "Boats " + suffix, "daily"));
        assertThat(operator.get("/admin/marketplace/listing-types").body()).contains("Boats " + suffix);

        String parent = "water-" + suffix;
        String child = "sail-" + suffix;
        created("/admin/marketplace/categories", category(parent, "Water " + suffix, "", type));
        created("/admin/marketplace/categories", category(child, "Sailing " + suffix, parent, type));
        HttpResponse<String> grandchild =
                operator.post("/admin/marketplace/categories", category("dinghy-" + suffix, "Dinghies", child, type));
        assertThat(grandchild.statusCode()).isEqualTo(400);
        assertThat(grandchild.body()).contains("id=\"f-parentKey-error\"").contains("existing top-level category");
        HttpResponse<String> parentUnderChild =
                operator.post("/admin/marketplace/categories/" + parent, category(parent, "Water", parent, type));
        assertThat(parentUnderChild.statusCode()).isEqualTo(400);

        for (String fieldType : List.of("text", "longText", "boolean", "date")) {
            created(
                    "/admin/marketplace/fields",
                    field(fieldType.toLowerCase() + "-" + suffix, fieldType, Map.of("listingTypes", type)));
        }
        created(
                "/admin/marketplace/fields",
                field(
                        "length-" + suffix,
                        "number",
                        Map.of("min", "2", "max", "40.5", "unit", "m", "filterable", "true", "categories", parent)));
        created(
                "/admin/marketplace/fields",
                field("hull-" + suffix, "choice", Map.of("choices", "wood | Wood\nsteel | Steel\n\nfibreglass")));
        created(
                "/admin/marketplace/fields",
                field("gear-" + suffix, "multiChoice", Map.of("choices", "sails | Sails\nmotor | Outboard motor")));

        JsonNode api = api();
        JsonNode boats = find(api.get("listingTypes"), type);
        assertThat(boats.get("transaction").asString()).isEqualTo("daily");
        assertThat(boats.get("unit").asString()).isEqualTo("day");
        assertThat(boats.get("instantBook").asBoolean()).isTrue();
        assertThat(boats.get("requires").toString()).isEqualTo("[\"location\",\"price\"]");
        JsonNode water = find(api.get("categories"), parent);
        assertThat(water.get("listingTypes").toString()).isEqualTo("[\"" + type + "\"]");
        assertThat(water.get("children").get(0).get("key").asString()).isEqualTo(child);

        JsonNode fields = api.get("fields");
        for (String fieldType : List.of("text", "longText", "boolean", "date")) {
            JsonNode f = find(fields, fieldType.toLowerCase() + "-" + suffix);
            assertThat(f.get("type").asString()).isEqualTo(fieldType);
            assertThat(f.get("listingTypes").toString()).isEqualTo("[\"" + type + "\"]");
        }
        JsonNode length = find(fields, "length-" + suffix);
        assertThat(length.get("min").decimalValue()).isEqualByComparingTo("2");
        assertThat(length.get("max").decimalValue()).isEqualByComparingTo("40.5");
        assertThat(length.get("unit").asString()).isEqualTo("m");
        assertThat(length.get("filterable").asBoolean()).isTrue();
        assertThat(length.get("categories").toString()).isEqualTo("[\"" + parent + "\"]");
        assertThat(find(fields, "hull-" + suffix).get("choices").toString())
                .isEqualTo("[{\"key\":\"wood\",\"label\":\"Wood\"},{\"key\":\"steel\",\"label\":\"Steel\"},"
                        + "{\"key\":\"fibreglass\",\"label\":\"fibreglass\"}]");
        assertThat(find(fields, "gear-" + suffix).get("type").asString()).isEqualTo("multiChoice");

        assertThat(operator.get("/admin/marketplace/categories").body())
                .contains("Water " + suffix)
                .contains("Sailing " + suffix);
    }

    @Test
    void keysAreCheckedAndFixedOnceCreated() {
        String type = "vans-" + suffix;
        created("/admin/marketplace/listing-types", listingType(type, "Vans", "daily"));
        HttpResponse<String> twice =
                operator.post("/admin/marketplace/listing-types", listingType(type, "Vans", "daily"));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("id=\"f-key-error\"").contains("already taken");
        HttpResponse<String> badKey =
                operator.post("/admin/marketplace/listing-types", listingType("Not A Slug", "Vans", "daily"));
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(badKey.body()).contains("value=\"Not A Slug\"").contains("id=\"f-key-error\"");

        Map<String, String> renamed = listingType("something-else", "Camper vans", "daily");
        assertThat(operator.post("/admin/marketplace/listing-types/" + type, renamed)
                        .statusCode())
                .isEqualTo(302);
        assertThat(marketplace.listingType(type).orElseThrow().name()).isEqualTo("Camper vans");
        assertThat(marketplace.listingType("something-else")).isEmpty();
        assertThat(operator.get("/admin/marketplace/listing-types/" + type).body())
                .doesNotContain("name=\"key\"")
                .contains("<code>" + type + "</code>");
        assertThat(operator.get("/admin/marketplace/listing-types/no-such-" + suffix)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void fieldFlagsThatMakeNoSenseForTheTypeAreRefused() {
        HttpResponse<String> searchableNumber = operator.post(
                "/admin/marketplace/fields", field("size-" + suffix, "number", Map.of("searchable", "true")));
        assertThat(searchableNumber.statusCode()).isEqualTo(400);
        assertThat(searchableNumber.body())
                .contains("id=\"f-searchable-error\"")
                .contains("Only text fields");
        HttpResponse<String> filterableText = operator.post(
                "/admin/marketplace/fields", field("notes-" + suffix, "text", Map.of("filterable", "true")));
        assertThat(filterableText.statusCode()).isEqualTo(400);
        assertThat(filterableText.body()).contains("id=\"f-filterable-error\"");
        HttpResponse<String> noChoices =
                operator.post("/admin/marketplace/fields", field("colour-" + suffix, "choice", Map.of()));
        assertThat(noChoices.body()).contains("id=\"f-choices-error\"").contains("at least one choice");
        HttpResponse<String> bounds = operator.post(
                "/admin/marketplace/fields", field("rooms-" + suffix, "number", Map.of("min", "5", "max", "2")));
        assertThat(bounds.body()).contains("id=\"f-min-error\"");
        HttpResponse<String> notANumber =
                operator.post("/admin/marketplace/fields", field("rooms-" + suffix, "number", Map.of("max", "lots")));
        assertThat(notANumber.body()).contains("id=\"f-max-error\"").contains("value=\"lots\"");
        assertThat(marketplace.config().fields()).noneMatch(f -> f.key().endsWith(suffix));
    }

    // --- what listings use ---------------------------------------------------------------------------

    @Test
    void aUsedFieldKeepsItsTypeItsUsedChoicesAndItsExistence() {
        String key = "colour-" + suffix;
        created(
                "/admin/marketplace/fields",
                field(key, "choice", Map.of("choices", "red | Red\nblue | Blue\ngreen | Green", "filterable", "true")));
        usage.counts.put("field:" + key, 12L);
        usage.counts.put("choice:" + key + "/red", 7L);

        HttpResponse<String> retyped = operator.post("/admin/marketplace/fields/" + key, field(key, "text", Map.of()));
        assertThat(retyped.statusCode()).isEqualTo(400);
        assertThat(retyped.body()).contains("id=\"f-type-error\"").contains("12 listings have a value for this field");

        HttpResponse<String> redRemoved = operator.post(
                "/admin/marketplace/fields/" + key,
                field(key, "choice", Map.of("choices", "blue | Blue\ngreen | Green", "filterable", "true")));
        assertThat(redRemoved.statusCode()).isEqualTo(400);
        assertThat(redRemoved.body())
                .contains("id=\"f-choices-error\"")
                .contains("7 listings use the choice \"Red\"")
                .contains("blue | Blue");
        assertThat(marketplace.config().field(key).orElseThrow().choices()).hasSize(3);

        // green is unused
        saved(
                "/admin/marketplace/fields/" + key,
                field(key, "choice", Map.of("choices", "red | Red\nblue | Navy blue", "filterable", "true")));
        assertThat(marketplace.config().field(key).orElseThrow().choices())
                .extracting(CustomField.Choice::label)
                .containsExactly("Red", "Navy blue");

        HttpResponse<String> deleted = operator.post("/admin/marketplace/fields/" + key + "/delete", Map.of());
        assertThat(deleted.statusCode()).isEqualTo(409);
        assertThat(deleted.body()).contains("12 listings have a value for this field");
        assertThat(marketplace.config().field(key)).isPresent();

        usage.counts.clear();
        saved("/admin/marketplace/fields/" + key, field(key, "text", Map.of()));
        assertThat(operator.get("/admin/marketplace/fields/" + key + "/delete").body())
                .contains("action=\"/admin/marketplace/fields/" + key + "/delete\"");
        HttpResponse<String> unusedDeleted = operator.post("/admin/marketplace/fields/" + key + "/delete", Map.of());
        assertThat(unusedDeleted.statusCode()).isEqualTo(302);
        assertThat(operator.follow(unusedDeleted).body()).contains("The field was deleted.");
        assertThat(find(api().get("fields"), key)).isNull();
    }

    @Test
    void aUsedListingTypeKeepsItsTransactionAndIsNotDeleted() {
        String type = "rooms-" + suffix;
        created("/admin/marketplace/listing-types", listingType(type, "Rooms", "nightly"));
        usage.counts.put("type:" + type, 12L);

        HttpResponse<String> changed =
                operator.post("/admin/marketplace/listing-types/" + type, listingType(type, "Rooms", "hourly"));
        assertThat(changed.statusCode()).isEqualTo(400);
        assertThat(changed.body()).contains("id=\"f-transaction-error\"").contains("12 listings are of this type");
        // other changes are fine
        saved("/admin/marketplace/listing-types/" + type, listingType(type, "Bedrooms", "nightly"));

        HttpResponse<String> deleted = operator.post("/admin/marketplace/listing-types/" + type + "/delete", Map.of());
        assertThat(deleted.statusCode()).isEqualTo(409);
        assertThat(deleted.body()).contains("12 listings are of this type; close or move them first.");
        assertThat(marketplace.listingType(type)).isPresent();

        usage.counts.put("type:" + type, 1L);
        assertThat(operator.post("/admin/marketplace/listing-types/" + type + "/delete", Map.of())
                        .body())
                .contains("1 listing is of this type");

        usage.counts.clear();
        assertThat(operator.post("/admin/marketplace/listing-types/" + type + "/delete", Map.of())
                        .statusCode())
                .isEqualTo(302);
        assertThat(find(api().get("listingTypes"), type)).isNull();
    }

    @Test
    void aListingTypeAFieldAppliesToAloneIsNotDeletedAndOthersLoseTheirMention() {
        String only = "kayaks-" + suffix;
        String other = "canoes-" + suffix;
        created("/admin/marketplace/listing-types", listingType(only, "Kayaks", "daily"));
        created("/admin/marketplace/listing-types", listingType(other, "Canoes", "daily"));
        created("/admin/marketplace/categories", category("paddle-" + suffix, "Paddling", "", only + "," + other));
        created("/admin/marketplace/fields", field("seats-" + suffix, "number", Map.of("listingTypes", only)));

        HttpResponse<String> refused = operator.post("/admin/marketplace/listing-types/" + only + "/delete", Map.of());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("These fields apply to this listing type alone: Field seats-" + suffix);

        assertThat(operator.post("/admin/marketplace/listing-types/" + other + "/delete", Map.of())
                        .statusCode())
                .isEqualTo(302);
        assertThat(marketplace.category("paddle-" + suffix).orElseThrow().listingTypes())
                .containsExactly(only);
    }

    @Test
    void aCategoryWithChildrenOrListingsIsNotDeleted() {
        String type = "bikes-" + suffix;
        created("/admin/marketplace/listing-types", listingType(type, "Bikes", "daily"));
        String parent = "cycling-" + suffix;
        String child = "gravel-" + suffix;
        created("/admin/marketplace/categories", category(parent, "Cycling", "", type));
        created("/admin/marketplace/categories", category(child, "Gravel", parent, type));

        HttpResponse<String> withChild = operator.post("/admin/marketplace/categories/" + parent + "/delete", Map.of());
        assertThat(withChild.statusCode()).isEqualTo(409);
        assertThat(withChild.body()).contains("This category has a subcategory; delete or move it first.");

        usage.counts.put("category:" + child, 3L);
        HttpResponse<String> used = operator.post("/admin/marketplace/categories/" + child + "/delete", Map.of());
        assertThat(used.statusCode()).isEqualTo(409);
        assertThat(used.body()).contains("3 listings are in this category; close or move them first.");
        assertThat(marketplace.category(child)).isPresent();

        usage.counts.clear();
        assertThat(operator.post("/admin/marketplace/categories/" + child + "/delete", Map.of())
                        .statusCode())
                .isEqualTo(302);
        assertThat(operator.post("/admin/marketplace/categories/" + parent + "/delete", Map.of())
                        .statusCode())
                .isEqualTo(302);
        assertThat(find(api().get("categories"), parent)).isNull();
    }

    // --- who may --------------------------------------------------------------------------------------

    @Test
    void onlyOperatorsOpenTheConsole() {
        Http http = new Http(port);
        Members.Signed member = Members.unverifiedMember(http, "Curious Member");
        Web memberWeb = new Web(port, "10.60.0.2");
        memberWeb.get("/sign-in");
        memberWeb.post("/sign-in", Map.of("email", member.email(), "password", Members.PASSWORD));
        assertThat(memberWeb.get("/admin/marketplace").statusCode()).isEqualTo(403);
        assertThat(memberWeb.get("/admin").statusCode()).isEqualTo(403);
        assertThat(memberWeb
                        .post("/admin/marketplace/listing-types", listingType("nope-" + suffix, "Nope", "daily"))
                        .statusCode())
                .isEqualTo(403);

        HttpResponse<String> anonymous = new Web(port, "10.60.0.3").get("/admin/marketplace");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
    }

    @Test
    void theConsoleLinksEverythingAnOperatorLooksAfter() {
        String body = operator.get("/admin").body();
        assertThat(body)
                .contains("href=\"/admin/members\"")
                .contains("href=\"/admin/mail\"")
                .contains("href=\"/admin/marketplace\"")
                .contains("href=\"/admin/marketplace/listing-types\"")
                .contains("href=\"/admin/marketplace/categories\"")
                .contains("href=\"/admin/marketplace/fields\"");
    }

    // --- helpers ---------------------------------------------------------------------------------------

    /** Posts a form that adds something and follows the redirect back to the list, which confirms it. */
    private void created(String path, Map<String, String> form) {
        HttpResponse<String> response = operator.post(path, form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith(path));
        assertThat(operator.follow(response).body()).contains("was added.");
    }

    /** Posts a form that changes something and follows the redirect, as a browser would. */
    private void saved(String path, Map<String, String> form) {
        HttpResponse<String> response = operator.post(path, form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        assertThat(operator.follow(response).body()).contains("was saved.");
    }

    private static Map<String, String> listingType(String key, String name, String transaction) {
        return Map.of(
                "key",
                key,
                "name",
                name,
                "transaction",
                transaction,
                "instantBook",
                "true",
                "requires",
                "price,location",
                "position",
                "5");
    }

    private static Map<String, String> category(String key, String name, String parent, String types) {
        return Map.of("key", key, "name", name, "parentKey", parent, "listingTypes", types, "position", "1");
    }

    private static Map<String, String> field(String key, String type, Map<String, String> more) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("key", key);
        form.put("label", "Field " + key);
        form.put("type", type);
        form.put("position", "3");
        form.putAll(more);
        return form;
    }

    private JsonNode api() {
        HttpResponse<String> response = new Http(port).get("/api/v1/marketplace");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The element with this key in a JSON array, looking into categories' children too; null if none. */
    private static JsonNode find(JsonNode array, String key) {
        for (JsonNode node : array) {
            if (key.equals(node.get("key").asString())) {
                return node;
            }
            JsonNode children = node.get("children");
            if (children != null && children.isArray()) {
                JsonNode found = find(children, key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
