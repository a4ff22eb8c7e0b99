package dev.souk.reviews;

import static dev.souk.reviews.CompletedDeals.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Review pages over HTTP with a browser's cookies: the form with its errors beside the fields, the
 * link on the transaction page, the reviews on the listing page and the profile with the answer form,
 * and the operators' list where a review is hidden.
 */
@SoukTest
@Import(ReviewEvents.class)
class ReviewPagesTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Accounts accounts;

    @Autowired
    Listings listings;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    Http http;
    CompletedDeals deals;
    Signed customer;
    Signed provider;
    UUID listing;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        deals = new CompletedDeals(http, marketplace, accounts, listings, jdbc, json);
        customer = deals.member("Page Customer");
        provider = deals.member("Page Provider");
        listing = deals.listing(provider, "Walnut spoon " + deals.suffix);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void aPartyReviewsThroughTheFormWithErrorsBesideTheFieldsAndBothReviewsShowOnTheListingAndProfiles() {
        UUID order = deals.completedOrder(customer, provider, listing);
        Web buyer = signedIn(customer);
        // a visitor's view keeps the listing's page on this node, before it has a rating
        Web visitor = new Web(port, address());
        assertThat(visitor.get("/listings/" + listing).body()).doesNotContain("<strong>4.0</strong>");

        // the transaction page links to the form, and the section it loads says what the viewer may do
        assertThat(buyer.get("/transactions/" + order).body()).contains("/transactions/" + order + "/review");
        assertThat(buyer.get("/transactions/" + order + "/review/status").body())
                .contains("Review Page Provider");

        HttpResponse<String> form = buyer.get("/transactions/" + order + "/review");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"rating\"").contains("name=\"text\"");

        HttpResponse<String> empty =
                buyer.post("/transactions/" + order + "/review", Map.of("rating", "", "text", "  "));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body())
                .contains("id=\"rating-error\"")
                .contains("id=\"f-text-error\"")
                .contains("This field is required.");
        HttpResponse<String> outOfRange =
                buyer.post("/transactions/" + order + "/review", Map.of("rating", "9", "text", "Kept text"));
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(outOfRange.body())
                .contains("Choose a rating from 1 to 5 stars.")
                .contains(">Kept text</textarea>");
        assertThat(count(order)).isZero();

        HttpResponse<String> saved = buyer.post(
                "/transactions/" + order + "/review", Map.of("rating", "4", "text", "Smooth & <well> carved."));
        assertThat(saved.statusCode()).isEqualTo(302);
        String mine = buyer.follow(saved).body();
        assertThat(mine).contains("Your review stays hidden until Page Provider has reviewed you too");
        assertThat(mine).contains("Smooth &amp; &lt;well&gt; carved.");
        assertThat(buyer.get("/transactions/" + order + "/review/status").body())
                .contains("Your review stays hidden");
        // still hidden from everyone else
        assertThat(new Web(port, address())
                        .get("/listings/" + listing + "/reviews")
                        .body())
                .doesNotContain("carved");
        HttpResponse<String> again =
                buyer.post("/transactions/" + order + "/review", Map.of("rating", "5", "text", "Twice."));
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.body()).contains("You have already reviewed this transaction.");
        assertThat(count(order)).isEqualTo(1);

        Web seller = signedIn(provider);
        HttpResponse<String> theirs =
                seller.post("/transactions/" + order + "/review", Map.of("rating", "5", "text", "Paid at once."));
        assertThat(theirs.statusCode()).isEqualTo(302);
        assertThat(seller.follow(theirs).body())
                .contains("Your review is public.")
                .contains("Smooth &amp;");

        String page = visitor.get("/listings/" + listing).body();
        assertThat(page).contains("hx-get=\"/listings/" + listing + "/reviews\"");
        // the rating under the title, from the listings module's page itself: the kept page was dropped
        assertThat(page).contains("<strong>4.0</strong>");
        assertThat(visitor.get("/members/" + provider.id()).body()).contains("<strong>4.0</strong>");
        String section = http.get("/listings/" + listing + "/reviews", "HX-Request", "true")
                .body();
        assertThat(section).doesNotContain("<html").contains("Smooth &amp; &lt;well&gt; carved.");
        assertThat(section).contains("4.0").contains("1 review").contains("4 stars out of 5");
        assertThat(visitor.get("/listings/" + listing + "/reviews").body()).contains("<title>Reviews of Walnut spoon");
        // search results' cards carry the rating from the search read model
        await(() -> visitor.get("/search?category=" + deals.category)
                .body()
                .contains("4.0 <span class=\"text-body-secondary\">(1)</span>"));

        // the provider's profile: the review, and the answer form for the provider only
        assertThat(visitor.get("/members/" + provider.id()).body())
                .contains("hx-get=\"/members/" + provider.id() + "/reviews\"")
                .doesNotContain("No reviews yet.");
        String profile = visitor.get("/members/" + provider.id() + "/reviews").body();
        assertThat(profile).contains("Smooth &amp;").contains("Walnut spoon").doesNotContain("/reply\"");
        String own = seller.get("/members/" + provider.id() + "/reviews").body();
        UUID review = jdbc.sql("SELECT id FROM reviews WHERE transaction_id = :tx AND author_id = :a")
                .param("tx", order)
                .param("a", customer.id())
                .query(UUID.class)
                .single();
        assertThat(own).contains("action=\"/reviews/" + review + "/reply\"");
        HttpResponse<String> blank = seller.post("/reviews/" + review + "/reply", Map.of("text", ""));
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("id=\"reply-" + review + "-error\"");
        HttpResponse<String> answered =
                seller.post("/reviews/" + review + "/reply", Map.of("text", "Glad you like it."));
        assertThat(answered.statusCode()).isEqualTo(302);
        assertThat(seller.follow(answered).body())
                .contains("Answer from Page Provider")
                .contains("Glad you like it.");
        // the customer's profile holds the provider's review of them
        assertThat(visitor.get("/members/" + customer.id() + "/reviews").body()).contains("Paid at once.");
        // someone else's answer is refused, and nothing stored
        HttpResponse<String> notTheirs = buyer.post("/reviews/" + review + "/reply", Map.of("text", "Me too."));
        assertThat(notTheirs.statusCode()).isEqualTo(403);
    }

    @Test
    void aMemberWithoutReviewsHasAnEmptyStateAndAStrangerCannotOpenTheForm() {
        String section = http.get("/members/" + customer.id() + "/reviews", "HX-Request", "true")
                .body();
        assertThat(section).contains("No reviews yet.");
        UUID order = deals.completedOrder(customer, provider, listing);
        Signed stranger = deals.member("Page Stranger");
        assertThat(signedIn(stranger).get("/transactions/" + order + "/review").statusCode())
                .isEqualTo(404);
    }

    @Test
    void anOperatorHidesAReviewWithAReasonAndMembersMayNotOpenTheList() {
        UUID order = deals.completedOrder(customer, provider, listing);
        signedIn(customer).post("/transactions/" + order + "/review", Map.of("rating", "1", "text", "Awful words."));
        signedIn(provider).post("/transactions/" + order + "/review", Map.of("rating", "5", "text", "Fine."));
        UUID review = jdbc.sql("SELECT id FROM reviews WHERE transaction_id = :tx AND author_id = :a")
                .param("tx", order)
                .param("a", customer.id())
                .query(UUID.class)
                .single();

        assertThat(signedIn(customer).get("/admin/reviews").statusCode()).isEqualTo(403);

        String email = Members.uniqueEmail("review-page-operator");
        accounts.ensureOperator(email, "hiding-words-here", "Page Operator");
        Web operator = TwoFactor.operator(port, address(), email, "hiding-words-here", clock);
        String list = operator.get("/admin/reviews").body();
        assertThat(list).contains("Awful words.").contains("action=\"/admin/reviews/" + review + "/hide\"");
        HttpResponse<String> noReason = operator.post("/admin/reviews/" + review + "/hide", Map.of("reason", " "));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("id=\"reason-" + review + "-error\"");
        assertThat(hidden(review)).isFalse();
        HttpResponse<String> hid =
                operator.post("/admin/reviews/" + review + "/hide", Map.of("reason", "Abusive language."));
        assertThat(hid.statusCode()).isEqualTo(302);
        assertThat(operator.follow(hid).body()).contains("Abusive language.");
        assertThat(hidden(review)).isTrue();
        await(() -> !new Web(port, address())
                .get("/listings/" + listing + "/reviews")
                .body()
                .contains("Awful words."));
    }

    private boolean hidden(UUID review) {
        return jdbc.sql("SELECT hidden_at IS NOT NULL FROM reviews WHERE id = :id")
                .param("id", review)
                .query(Boolean.class)
                .single();
    }

    private long count(UUID order) {
        return jdbc.sql("SELECT count(*) FROM reviews WHERE transaction_id = :id")
                .param("id", order)
                .query(Long.class)
                .single();
    }

    private Web signedIn(Signed member) {
        Web web = new Web(port, address());
        web.get("/sign-in");
        HttpResponse<String> response =
                web.post("/sign-in", Map.of("email", member.email(), "password", Members.PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        // the form token changes at sign-in: forms carry the one of a signed-in page
        web.get("/trips");
        return web;
    }

    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10.64." + (n / 250) + "." + (n % 250 + 1);
    }
}
