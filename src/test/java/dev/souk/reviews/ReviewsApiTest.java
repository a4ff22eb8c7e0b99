package dev.souk.reviews;

import static dev.souk.reviews.CompletedDeals.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.search.Search;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.Redelivery;
import dev.souk.testing.SoukTest;
import dev.souk.transactions.ReviewWindowOpened;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reviews over the API after orders completed for real: double-blind until both have written or the
 * window closes (the clock moved), reminders on days 3 and 10, replies, ratings and the search sort
 * by them; and every refusal, with nothing stored.
 */
@SoukTest
@Import(ReviewEvents.class)
class ReviewsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Accounts accounts;

    @Autowired
    Listings listings;

    @Autowired
    Reviews reviews;

    @Autowired
    Search search;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    ReviewEvents.Recorded recorded;

    @Autowired
    IncompleteEventPublications incompletePublications;

    Http http;
    CompletedDeals deals;
    Signed customer;
    Signed provider;
    UUID listing;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        deals = new CompletedDeals(http, marketplace, accounts, listings, jdbc, json);
        customer = deals.member("Review Customer");
        provider = deals.member("Review Provider");
        listing = deals.listing(provider, "Oak bowl " + deals.suffix);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    @Test
    void aReviewStaysHiddenUntilTheOtherPartyHasReviewedThenBothArePublicAtOnce() {
        UUID order = deals.completedOrder(customer, provider, listing);
        Instant opened = jdbc.sql("SELECT opened_at FROM review_windows WHERE transaction_id = :id")
                .param("id", order)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        assertThat(jdbc.sql("SELECT closes_at FROM review_windows WHERE transaction_id = :id")
                        .param("id", order)
                        .query(java.sql.Timestamp.class)
                        .single()
                        .toInstant())
                .isEqualTo(opened.plus(Duration.ofDays(14)));

        JsonNode mine = created(review(customer, order, 5, "  Beautiful bowl, well packed.\r\nThank you!  "));
        assertThat(mine.get("state").asString()).isEqualTo("waiting");
        assertThat(mine.get("text").asString()).isEqualTo("Beautiful bowl, well packed.\nThank you!");
        assertThat(mine.get("authorRole").asString()).isEqualTo("customer");
        assertThat(mine.get("listingId").asString()).isEqualTo(listing.toString());
        assertThat(mine.has("publishedAt")).isFalse();
        String reviewId = mine.get("id").asString();

        // nobody but its author sees it
        assertThat(ok(http.get("/api/v1/reviews/" + reviewId, customer.auth()))
                        .get("state")
                        .asString())
                .isEqualTo("waiting");
        assertProblem(http.get("/api/v1/reviews/" + reviewId, provider.auth()), 404);
        assertProblem(http.get("/api/v1/reviews/" + reviewId), 404);
        JsonNode providerView = ok(http.get("/api/v1/transactions/" + order + "/reviews", provider.auth()));
        assertThat(providerView.has("theirs")).isFalse();
        assertThat(providerView.get("mayReview").asBoolean()).isTrue();
        JsonNode listed = ok(http.get("/api/v1/listings/" + listing + "/reviews"));
        assertThat(listed.get("items")).isEmpty();
        assertThat(listed.at("/rating/count").asInt()).isZero();
        assertThat(recorded.of(ReviewPublished.class))
                .noneMatch(e -> e.transactionId().equals(order));

        // the provider's data export holds no review of them yet; the customer's holds theirs
        assertThat(ok(http.get("/api/v1/me/data", provider.auth())).at("/reviews/received"))
                .isEmpty();
        assertThat(ok(http.get("/api/v1/me/data", customer.auth()))
                        .at("/reviews/written/0/text")
                        .asString())
                .isEqualTo("Beautiful bowl, well packed.\nThank you!");

        JsonNode theirs = created(review(provider, order, 4, "Quick payment, friendly buyer."));
        assertThat(theirs.get("state").asString()).isEqualTo("published");
        assertThat(theirs.has("listingId")).isFalse();
        JsonNode nowMine = ok(http.get("/api/v1/reviews/" + reviewId));
        assertThat(nowMine.get("state").asString()).isEqualTo("published");
        assertThat(nowMine.get("publishedAt").asString())
                .isEqualTo(theirs.get("publishedAt").asString());

        JsonNode customerView = ok(http.get("/api/v1/transactions/" + order + "/reviews", customer.auth()));
        assertThat(customerView.at("/theirs/text").asString()).isEqualTo("Quick payment, friendly buyer.");
        assertThat(customerView.get("mayReview").asBoolean()).isFalse();

        JsonNode ofListing = ok(http.get("/api/v1/listings/" + listing + "/reviews"));
        assertThat(ofListing.get("items")).hasSize(1);
        assertThat(ofListing.at("/items/0/author/displayName").asString()).isEqualTo("Review Customer");
        assertThat(ofListing.at("/rating/average").decimalValue()).isEqualByComparingTo("5");
        assertThat(ofListing.at("/rating/count").asInt()).isEqualTo(1);
        JsonNode ofProvider = ok(http.get("/api/v1/members/" + provider.id() + "/reviews"));
        assertThat(ofProvider.at("/items/0/id").asString()).isEqualTo(reviewId);
        JsonNode ofCustomer = ok(http.get("/api/v1/members/" + customer.id() + "/reviews"));
        assertThat(ofCustomer.at("/rating/average").decimalValue()).isEqualByComparingTo("4");
        // the listing's and the members' own JSON carry the same ratings
        assertThat(ok(http.get("/api/v1/listings/" + listing))
                        .at("/rating/count")
                        .asInt())
                .isEqualTo(1);
        assertThat(ok(http.get("/api/v1/members/" + provider.id()))
                        .at("/rating/average")
                        .decimalValue())
                .isEqualByComparingTo("5");
        assertThat(ok(http.get("/api/v1/members/" + customer.id()))
                        .at("/rating/count")
                        .asInt())
                .isEqualTo(1);

        await(() -> recorded.of(ReviewPublished.class).stream()
                        .filter(e -> e.transactionId().equals(order))
                        .count()
                == 2);
        await(() -> recorded.of(ListingRatingChanged.class).stream()
                .anyMatch(e -> e.listingId().equals(listing)));
        // the search read model follows
        await(() -> ok(http.get("/api/v1/listings?category=" + deals.category))
                        .at("/items/0/rating/count")
                        .asInt()
                == 1);
    }

    @Test
    void whoeverHasNotReviewedIsRemindedOnDays3And10AndALoneReviewIsPublishedWhenTheWindowCloses() {
        UUID order = deals.completedOrder(customer, provider, listing);
        created(review(customer, order, 2, "Chipped on one side."));

        clock.advance(Duration.ofDays(3).plusMinutes(1));
        await(() -> reminders(order).size() == 1);
        ReviewReminderDue third = reminders(order).get(0);
        assertThat(third.memberId()).isEqualTo(provider.id());
        assertThat(third.otherId()).isEqualTo(customer.id());
        assertThat(third.day()).isEqualTo(3);

        clock.advance(Duration.ofDays(7));
        await(() -> reminders(order).size() == 2);
        assertThat(reminders(order).get(1).day()).isEqualTo(10);
        assertThat(reminders(order)).allMatch(r -> r.memberId().equals(provider.id()));
        assertThat(published(order)).isZero();

        clock.advance(Duration.ofDays(4));
        await(() -> published(order) == 1);
        JsonNode ofListing = ok(http.get("/api/v1/listings/" + listing + "/reviews"));
        assertThat(ofListing.at("/items/0/text").asString()).isEqualTo("Chipped on one side.");
        assertThat(ofListing.at("/rating/average").decimalValue()).isEqualByComparingTo("2");
        await(() -> recorded.of(ReviewPublished.class).stream()
                        .filter(e -> e.transactionId().equals(order))
                        .count()
                == 1);

        // too late now
        provider = Members.token(http, provider.email());
        assertProblem(review(provider, order, 5, "Late."), 422);
        assertThat(count(order)).isEqualTo(1);
    }

    @Test
    void theWindowOpensOnceHoweverOftenItsEventIsDelivered() {
        UUID order = deals.completedOrder(customer, provider, listing);
        await(() -> incomplete(order) == 0);
        assertThat(windowPublications(order)).as("the window's listeners").isEqualTo(2);
        assertThat(Redelivery.redeliver(jdbc, incompletePublications, ReviewWindowOpened.class, order.toString()))
                .isEqualTo(2);
        await(() -> incomplete(order) == 0);
        assertThat(windowPublications(order))
                .as("redelivered, not published again")
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE source_key = :source")
                        .param("source", "review-window:" + order)
                        .query(Long.class)
                        .single())
                .as("one notice for each member")
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM review_windows WHERE transaction_id = :id")
                        .param("id", order)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT task_instance FROM scheduled_tasks WHERE task_name = 'review-timer'"
                                + " AND task_instance LIKE :tx ORDER BY task_instance")
                        .param("tx", order + "%")
                        .query(String.class)
                        .list())
                .containsExactly(order + "|10|remind", order + "|14|close", order + "|3|remind");
    }

    private long incomplete(UUID order) {
        return Redelivery.incomplete(jdbc, ReviewWindowOpened.class, order.toString());
    }

    private long windowPublications(UUID order) {
        return jdbc.sql("SELECT count(*) FROM event_publication WHERE event_type = :type AND serialized_event LIKE :tx")
                .param("type", ReviewWindowOpened.class.getName())
                .param("tx", "%" + order + "%")
                .query(Long.class)
                .single();
    }

    @Test
    void everyRefusalOfAReviewStoresNothing() {
        UUID order = deals.completedOrder(customer, provider, listing);
        Signed stranger = deals.member("Review Stranger");

        assertField(review(customer, order, 0, "Fine."), "rating");
        assertField(review(customer, order, 6, "Fine."), "rating");
        assertField(
                http.postJson("/api/v1/transactions/" + order + "/reviews", "{\"text\": \"Fine.\"}", customer.auth()),
                "rating");
        assertField(review(customer, order, 4, "   "), "text");
        assertField(review(customer, order, 4, "x".repeat(2001)), "text");
        assertField(review(customer, order, 4, "Bell\u0007 inside"), "text");
        assertProblem(review(stranger, order, 4, "Not mine."), 404);
        assertProblem(review(customer, UUID.randomUUID(), 4, "Unknown."), 404);
        UUID unfinished = deals.paidOrder(customer, listing);
        assertProblem(review(customer, unfinished, 4, "Not yet."), 422);
        assertThat(count(order)).isZero();
        assertThat(count(unfinished)).isZero();

        // 2,000 characters after trimming are fine, once; a retry with the same key gets the first answer
        String body = json.writeValueAsString(java.util.Map.of("rating", 4, "text", " " + "y".repeat(2000) + " "));
        String[] keyed = {"Authorization", "Bearer " + customer.token(), "Idempotency-Key", "review-" + order};
        HttpResponse<String> first = http.postJson("/api/v1/transactions/" + order + "/reviews", body, keyed);
        HttpResponse<String> retried = http.postJson("/api/v1/transactions/" + order + "/reviews", body, keyed);
        assertThat(created(first).get("id")).isEqualTo(created(retried).get("id"));
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertProblem(review(customer, order, 5, "Again."), 422);
        assertThat(count(order)).isEqualTo(1);
        assertThat(http.postJson("/api/v1/transactions/" + order + "/reviews", "{\"rating\": 4, \"text\": \"x\"}")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void theMemberReviewedAnswersAPublicReviewOnce() {
        UUID order = deals.completedOrder(customer, provider, listing);
        String ofProvider =
                created(review(customer, order, 5, "Lovely.")).get("id").asString();
        // not public yet: the provider can't see it, so can't answer it
        assertProblem(reply(provider, ofProvider, "Thanks!"), 404);
        created(review(provider, order, 5, "Great buyer."));

        assertProblem(reply(customer, ofProvider, "Answering myself."), 403);
        assertField(reply(provider, ofProvider, "z".repeat(2001)), "text");
        assertField(reply(provider, ofProvider, ""), "text");
        JsonNode answered = created(reply(provider, ofProvider, "Thank you, enjoy it!"));
        assertThat(answered.at("/reply/text").asString()).isEqualTo("Thank you, enjoy it!");
        assertProblem(reply(provider, ofProvider, "Once more."), 422);
        assertThat(jdbc.sql("SELECT reply FROM reviews WHERE id = :id")
                        .param("id", UUID.fromString(ofProvider))
                        .query(String.class)
                        .single())
                .isEqualTo("Thank you, enjoy it!");
        assertThat(ok(http.get("/api/v1/listings/" + listing + "/reviews"))
                        .at("/items/0/reply/text")
                        .asString())
                .isEqualTo("Thank you, enjoy it!");
    }

    @Test
    void aHiddenReviewLeavesTheRatingsAndItsAuthorIsTold() {
        UUID order = deals.completedOrder(customer, provider, listing);
        UUID ofListing = UUID.fromString(created(review(customer, order, 1, "Rude words here."))
                .get("id")
                .asString());
        created(review(provider, order, 5, "Fine buyer."));
        assertThat(reviews.listingRating(listing).count()).isEqualTo(1);
        UUID operator =
                accounts.ensureOperator(Members.uniqueEmail("review-operator"), "moderating-words", "Moderator");

        ReviewView hidden = reviews.hide(operator, ofListing, "Insults the seller.");
        assertThat(hidden.state()).isEqualTo(ReviewState.HIDDEN);
        assertThat(reviews.listingRating(listing)).isEqualTo(Rating.NONE);
        assertThat(reviews.memberRating(provider.id())).isEqualTo(Rating.NONE);
        assertThat(ok(http.get("/api/v1/listings/" + listing + "/reviews")).get("items"))
                .isEmpty();
        assertProblem(http.get("/api/v1/reviews/" + ofListing, provider.auth()), 404);
        JsonNode own = ok(http.get("/api/v1/reviews/" + ofListing, customer.auth()));
        assertThat(own.get("state").asString()).isEqualTo("hidden");
        assertThat(own.get("hiddenReason").asString()).isEqualTo("Insults the seller.");
        await(() -> recorded.of(ReviewHidden.class).stream()
                .anyMatch(e -> e.reviewId().equals(ofListing)
                        && e.authorId().equals(customer.id())
                        && e.reason().equals("Insults the seller.")));
        await(() -> ok(http.get("/api/v1/listings?category=" + deals.category))
                        .at("/items/0/rating/count")
                        .asInt()
                == 0);
    }

    @Test
    void theRatingSortPutsTheBestRatedFirstAndARebuildKeepsTheRatings() {
        UUID good = listing;
        UUID middling = deals.listing(provider, "Cup " + deals.suffix);
        UUID unrated = deals.listing(provider, "Plate " + deals.suffix);
        UUID best = deals.listing(provider, "Vase " + deals.suffix);
        rated(good, 4);
        rated(good, 5);
        rated(middling, 3);
        rated(best, 5);
        String query = "/api/v1/listings?category=" + deals.category + "&sort=rating";
        List<String> expected = List.of(best.toString(), good.toString(), middling.toString(), unrated.toString());
        await(() -> ids(ok(http.get(query))).equals(expected));
        JsonNode found = ok(http.get(query));
        assertThat(found.at("/items/1/rating/average").decimalValue()).isEqualByComparingTo("4.5");
        assertThat(found.at("/items/1/rating/count").asInt()).isEqualTo(2);
        // pages follow the same order
        JsonNode first = ok(http.get(query + "&limit=2"));
        JsonNode second =
                ok(http.get(query + "&limit=2&cursor=" + first.get("nextCursor").asString()));
        assertThat(ids(first)).containsExactly(best.toString(), good.toString());
        assertThat(ids(second)).containsExactly(middling.toString(), unrated.toString());

        // changed long before: the rebuild alone computes their rows, no refresh after its swap rates them
        jdbc.sql("UPDATE listings SET updated_at = updated_at - interval '1 hour' WHERE id IN (:ids)")
                .param("ids", List.of(good, middling, unrated, best))
                .update();
        assertThat(search.rebuild()).isPositive();
        assertThat(ids(ok(http.get(query)))).isEqualTo(expected);
        assertThat(ok(http.get(query)).at("/items/1/rating/average").decimalValue())
                .isEqualByComparingTo("4.5");
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** A completed order of the listing that both parties reviewed, the customer with this rating. */
    private void rated(UUID of, int rating) {
        UUID order = deals.completedOrder(customer, provider, of);
        created(review(customer, order, rating, "Rated " + rating + "."));
        created(review(provider, order, 5, "Good buyer."));
    }

    private HttpResponse<String> review(Signed who, UUID order, int rating, String text) {
        return http.postJson(
                "/api/v1/transactions/" + order + "/reviews",
                json.writeValueAsString(java.util.Map.of("rating", rating, "text", text)),
                who.auth());
    }

    private HttpResponse<String> reply(Signed who, String review, String text) {
        return http.postJson(
                "/api/v1/reviews/" + review + "/reply",
                json.writeValueAsString(java.util.Map.of("text", text)),
                who.auth());
    }

    private List<ReviewReminderDue> reminders(UUID order) {
        return recorded.of(ReviewReminderDue.class).stream()
                .filter(e -> e.transactionId().equals(order))
                .toList();
    }

    private long published(UUID order) {
        return jdbc.sql("SELECT count(*) FROM reviews WHERE transaction_id = :id AND published_at IS NOT NULL")
                .param("id", order)
                .query(Long.class)
                .single();
    }

    private long count(UUID order) {
        return jdbc.sql("SELECT count(*) FROM reviews WHERE transaction_id = :id")
                .param("id", order)
                .query(Long.class)
                .single();
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").valueStream().map(n -> n.get("id").asString()).toList();
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        if (status != 400) {
            assertThat(json.readTree(response.body()).get("type").asString())
                    .isEqualTo(dev.souk.shared.ProblemTypes.forStatus(status).toString());
        }
    }

    private void assertField(HttpResponse<String> response, String field) {
        assertProblem(response, 400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:souk:problem:validation");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
                .contains(field);
    }
}
