package dev.souk.listings;

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
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

@SoukTest
@Import(WithMailbox.class)
class ListingPagesTest {

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    Http http;
    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
    }

    @Test
    void memberDraftsEditsAndPublishesThroughTheForms() {
        Signed owner = Members.verifiedMember(http, "Page Owner");
        Web web = signedIn(owner, "10.40.0.1");

        assertThat(web.get("/listings/new").body())
                .contains("name=\"listingType\"")
                .contains(catalog.stays);
        HttpResponse<String> created = web.post(
                "/listings",
                Map.of("listingType", catalog.stays, "category", catalog.rooms, "title", "Loft by the river"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String edit = created.headers().firstValue("Location").orElseThrow();
        String id = edit.replaceAll(".*/listings/([^/]+)/edit", "$1");
        assertThat(web.follow(created).body()).contains("Loft by the river").contains("field." + catalog.guests);

        HttpResponse<String> saved = web.post("/listings/" + id + "/edit", form("Loft by the river", "3"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);

        HttpResponse<String> incomplete = web.post("/listings/" + id + "/publish", Map.of());
        assertThat(incomplete.statusCode()).isEqualTo(422);
        assertThat(incomplete.body()).contains("Add at least one photo before publishing.");

        addPhoto(owner, id);
        HttpResponse<String> published = web.post("/listings/" + id + "/publish", Map.of());
        assertThat(published.statusCode()).isEqualTo(302);

        HttpResponse<String> page = new Web(port, "10.40.0.2").get("/listings/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Loft by the river")
                .contains("€85")
                .contains("/ night")
                .contains(
                        "<p>Sunny loft.</p><p>See <a href=\"https://example.org/loft\" rel=\"nofollow noopener ugc\">")
                .contains("&lt;b&gt;")
                .contains("id=\"listing-map\"")
                .contains("data-lat=\"38.7\"")
                .contains("alt=\"Loft by the river 1\"")
                .contains("Page Owner")
                .contains("id=\"calendar\"");
        assertThat(web.get("/listings/mine").body())
                .contains("Loft by the river")
                .contains("Published");
    }

    @Test
    void aRefusedEditShowsTheErrorUnderItsFieldKeepsTheValuesAndStoresNothing() {
        Signed owner = Members.verifiedMember(http, "Form Owner");
        Web web = signedIn(owner, "10.41.0.1");
        String id = draft(web, "Kept title");
        String before = row(id);

        HttpResponse<String> refused = web.post("/listings/" + id + "/edit", form("Changed title", "99"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("id=\"f-field-" + catalog.guests + "-error\"")
                .contains("value=\"Changed title\"")
                .contains("value=\"99\"");
        assertThat(row(id)).isEqualTo(before);
    }

    @Test
    void anotherMembersDraftIsNotFoundOnEveryPage() {
        Signed owner = Members.verifiedMember(http, "Draft Owner");
        String id = draft(signedIn(owner, "10.42.0.1"), "Secret draft");
        String before = row(id);
        Web other = signedIn(Members.verifiedMember(http, "Other Member"), "10.42.0.2");

        assertThat(other.get("/listings/" + id).statusCode()).isEqualTo(404);
        assertThat(other.get("/listings/" + id + "/edit").statusCode()).isEqualTo(404);
        assertThat(other.post("/listings/" + id + "/edit", form("Hijacked", "2"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(other.post("/listings/" + id + "/publish", Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(other.post("/listings/" + id + "/delete", Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(new Web(port, "10.42.0.3").get("/listings/" + id).statusCode())
                .isEqualTo(404);
        assertThat(row(id)).isEqualTo(before);
    }

    @Test
    void operatorSeesPendingListingsFirstAndApprovesOne() {
        Signed owner = Members.verifiedMember(http, "Moderated Owner");
        Web ownerWeb = signedIn(owner, "10.43.0.1");
        String id = draft(ownerWeb, "Pending loft");
        jdbc.sql("UPDATE listings SET status = 'pendingApproval' WHERE id = :id")
                .param("id", UUID.fromString(id))
                .update();
        String operatorEmail = Members.uniqueEmail("listing-operator");
        accounts.ensureOperator(operatorEmail, "operator-secret-words", "Listing Operator");
        Web operator = TwoFactor.operator(port, "10.43.0.2", operatorEmail, "operator-secret-words", clock);

        assertThat(operator.get("/admin/listings").body())
                .contains("Pending loft")
                .contains("Approve");
        assertThat(operator.get("/listings/" + id).body()).contains("Only you and the marketplace");
        assertThat(operator.post("/admin/listings/" + id + "/approve", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(new Web(port, "10.43.0.3").get("/listings/" + id).statusCode())
                .isEqualTo(200);
        assertThat(ownerWeb.get("/admin/listings").statusCode()).isEqualTo(403);
    }

    @Test
    void aPublicPageIsKeptUntilTheListingChangesAndShowsEveryChangeAtOnce() {
        Signed owner = Members.verifiedMember(http, "Kept Owner");
        Web ownerWeb = signedIn(owner, "10.44.0.1");
        String id = draft(ownerWeb, "Harbour room");
        assertThat(ownerWeb.post("/listings/" + id + "/edit", form("Harbour room", "2"))
                        .statusCode())
                .isEqualTo(302);
        addPhoto(owner, id);
        assertThat(ownerWeb.post("/listings/" + id + "/publish", Map.of()).statusCode())
                .isEqualTo(302);
        Web visitor = new Web(port, "10.44.0.2");
        assertThat(visitor.get("/listings/" + id).body())
                .contains("Harbour room")
                .contains("€85");

        // a change behind the listings' back shows to visitors only once the kept page expires…
        jdbc.sql("UPDATE listings SET title = 'Harbour attic' WHERE id = :id")
                .param("id", UUID.fromString(id))
                .update();
        assertThat(visitor.get("/listings/" + id).body()).contains("Harbour room");
        // …while its owner always reads it afresh
        assertThat(ownerWeb.get("/listings/" + id).body()).contains("Harbour attic");

        // a change through Souk shows at once
        Map<String, String> edited = form("Harbour suite", "2");
        edited.put("price", "95");
        assertThat(ownerWeb.post("/listings/" + id + "/edit", edited).statusCode())
                .isEqualTo(302);
        assertThat(visitor.get("/listings/" + id).body())
                .contains("Harbour suite")
                .contains("€95");
        assertThat(ownerWeb.post("/listings/" + id + "/close", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(visitor.get("/listings/" + id).statusCode()).isEqualTo(404);
        assertThat(ownerWeb.get("/listings/" + id).statusCode()).isEqualTo(200);
        assertThat(ownerWeb.post("/listings/" + id + "/open", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(visitor.get("/listings/" + id).body()).contains("Harbour suite");
    }

    private Map<String, String> form(String title, String guests) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", title);
        form.put("description", "Sunny loft.\n\nSee https://example.org/loft for more. <b>bold?</b>");
        form.put("field." + catalog.guests, guests);
        form.put("price", "85");
        form.put("currency", "EUR");
        form.put("address", "Rua das Flores 3, Porto");
        form.put("latitude", "38.7");
        form.put("longitude", "-9.1");
        form.put("timeZone", "Europe/Lisbon");
        form.put("seats", "1");
        form.put("cancellationPolicy", "moderate");
        return form;
    }

    private void addPhoto(Signed owner, String id) {
        http.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "p.png",
                "image/png",
                TestCatalog.png(40, 30),
                owner.auth());
    }

    private String draft(Web web, String title) {
        web.get("/listings/new");
        HttpResponse<String> created =
                web.post("/listings", Map.of("listingType", catalog.stays, "category", catalog.rooms, "title", title));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        return created.headers().firstValue("Location").orElseThrow().replaceAll(".*/listings/([^/]+)/edit", "$1");
    }

    private String row(String id) {
        return jdbc.sql("SELECT row_to_json(l)::text FROM listings l WHERE id = :id")
                .param("id", UUID.fromString(id))
                .query(String.class)
                .single();
    }

    private Web signedIn(Signed member, String address) {
        Web web = new Web(port, address);
        web.get("/sign-in");
        HttpResponse<String> response = web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return web;
    }
}
