package dev.souk.listings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Who may open a listing's photos at their /media address: whoever may see the listing. */
@SoukTest
@Import(WithMailbox.class)
class ListingPhotoAccessTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PUBLIC = "public, max-age=31536000, immutable";
    static final String PRIVATE = "private, no-store";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Accounts accounts;

    Http http;
    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new TestCatalog(marketplace);
    }

    @Test
    void aDraftsPhotosAreForItsOwnerAndOperatorsUntilItIsPublishedAndAgainOnceClosed() {
        Signed owner = Members.verifiedMember(http, "Photo Owner");
        Signed other = Members.verifiedMember(http, "Photo Snoop");
        Web ownerPages = signedIn(owner, "10.71.0.1");
        Web otherPages = signedIn(other, "10.71.0.2");
        Web operatorPages = operatorPages("10.71.0.3");
        String id = create(owner, "Private until published");
        List<String> urls = upload(owner, id);

        for (String url : urls) {
            assertHidden(http.get(url), url + " to a visitor");
            assertHidden(http.get(url, other.auth()), url + " to another member's token");
            assertHidden(otherPages.get(url), url + " to another member's session");
            assertPrivate(http.get(url, owner.auth()), url + " to the owner's token");
            assertPrivate(ownerPages.get(url), url + " to the owner's session");
            assertPrivate(operatorPages.get(url), url + " to an operator");
        }

        ok(http.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth()));
        for (String url : urls) {
            for (HttpResponse<String> response : List.of(http.get(url), otherPages.get(url), ownerPages.get(url))) {
                assertThat(response.statusCode()).as(url).isEqualTo(200);
                assertThat(response.headers().firstValue("Cache-Control"))
                        .as(url)
                        .hasValue(PUBLIC);
                assertThat(response.headers().firstValue("Set-Cookie")).as(url).isEmpty();
            }
        }

        ok(http.postJson("/api/v1/listings/" + id + "/close", "", owner.auth()));
        for (String url : urls) {
            assertHidden(http.get(url), url + " to a visitor, closed");
            assertPrivate(http.get(url, owner.auth()), url + " to the owner, closed");
        }
    }

    @Test
    void aSuspendedOwnersPhotosAreHiddenWithTheirListingsUntilTheyAreReinstated() {
        Signed owner = Members.verifiedMember(http, "Suspended Photographer");
        String id = create(owner, "Hidden with its owner");
        String url = upload(owner, id).get(0);
        ok(http.postJson("/api/v1/listings/" + id + "/publish", "", owner.auth()));
        assertThat(http.get(url).statusCode()).isEqualTo(200);

        accounts.suspend(owner.id(), "Fake photos");
        // listings hide them when the accounts module's event arrives, just after it commits
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get(url).statusCode() == 404);

        accounts.reinstate(owner.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get(url).statusCode() == 200);
    }

    // --- helpers ---------------------------------------------------------------------------------

    static void assertHidden(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(404);
        assertThat(response.headers().firstValue("Cache-Control"))
                .as(what + ": a refusal is not kept either")
                .hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        assertThat(response.headers().firstValue("Content-Type"))
                .as(what)
                .hasValueSatisfying(value -> assertThat(value).doesNotStartWith("image/"));
    }

    static void assertPrivate(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("image/jpeg");
        assertThat(response.headers().firstValue("Cache-Control")).as(what).hasValue(PRIVATE);
    }

    String create(Signed owner, String title) {
        return json(ok(http.postJson("/api/v1/listings", catalog.completeStay(title), owner.auth())))
                .get("id")
                .asString();
    }

    /** Uploads a photo and answers the addresses of its renditions. */
    List<String> upload(Signed owner, String id) {
        JsonNode photo = json(ok(http.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "room.png",
                "image/png",
                TestCatalog.png(640, 480),
                owner.auth())));
        return List.of(photo.get("url").asString(), photo.get("thumbnailUrl").asString());
    }

    /** An operator's browser: operators sign in with two-step verification. */
    Web operatorPages(String address) {
        String email = Members.uniqueEmail("photo-operator");
        accounts.ensureOperator(email, Members.PASSWORD, "Photo Operator");
        return TwoFactor.operator(port, address, email, Members.PASSWORD, clock);
    }

    Web signedIn(Signed member, String address) {
        Web web = new Web(port, address);
        web.get("/sign-in");
        HttpResponse<String> signedIn =
                web.post("/sign-in", Map.of("email", member.email(), "password", Members.PASSWORD));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        return web;
    }

    static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response;
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
