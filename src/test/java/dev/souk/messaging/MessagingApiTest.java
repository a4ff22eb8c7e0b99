package dev.souk.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
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
class MessagingApiTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Messaging messaging;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    Http http;
    TestListings fixtures;
    Signed provider;
    Signed customer;
    UUID listing;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        fixtures = new TestListings(marketplace, listings);
        provider = Members.verifiedMember(http, "Paula Provider");
        customer = Members.verifiedMember(http, "Carl Customer");
        listing = fixtures.published(provider.id(), "Canoe for the weekend");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void customerContactsProviderWhoRepliesAndBothReadTheirUnreadMessages() {
        HttpResponse<String> contact = contact(customer, listing, "Is the canoe free on Saturday?");
        assertThat(contact.statusCode()).as(contact.body()).isEqualTo(201);
        JsonNode started = json(contact);
        String id = started.get("id").asString();
        assertThat(contact.headers().firstValue("Location")).hasValue("/api/v1/conversations/" + id);
        assertThat(started.get("listing").get("title").asString()).isEqualTo("Canoe for the weekend");
        assertThat(started.get("participants").get(1).get("displayName").asString())
                .isEqualTo("Paula Provider");
        assertThat(started.get("lastMessage").get("text").asString()).isEqualTo("Is the canoe free on Saturday?");
        assertThat(started.get("unreadCount").asInt()).isZero();
        assertThat(started.get("blocked").asBoolean()).isFalse();
        assertThat(contact.body()).doesNotContain(provider.email()).doesNotContain(customer.email());

        assertThat(unread(provider)).isEqualTo(1);
        JsonNode providerInbox = json(http.get("/api/v1/conversations", provider.auth()));
        assertThat(providerInbox.get("items").get(0).get("id").asString()).isEqualTo(id);
        assertThat(providerInbox.get("items").get(0).get("unreadCount").asInt()).isEqualTo(1);
        assertThat(providerInbox
                        .get("items")
                        .get(0)
                        .get("participants")
                        .get(1)
                        .get("displayName")
                        .asString())
                .isEqualTo("Carl Customer");

        HttpResponse<String> reply = http.postJson(
                "/api/v1/conversations/" + id + "/messages",
                "{\"text\": \"Yes! Pick it up at 9, see https://example.org/map.\"}",
                provider.auth());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        assertThat(json(reply).get("senderId").asString())
                .isEqualTo(provider.id().toString());
        assertThat(unread(customer)).isEqualTo(1);
        assertThat(unread(provider))
                .as("replying doesn't read the conversation")
                .isEqualTo(1);

        HttpResponse<String> read = http.postJson("/api/v1/conversations/" + id + "/read", "", provider.auth());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read).get("unreadCount").asInt()).isZero();
        assertThat(unread(provider)).isZero();

        JsonNode history = json(http.get("/api/v1/conversations/" + id + "/messages", customer.auth()));
        assertThat(history.get("items")).hasSize(2);
        assertThat(history.get("items").get(0).get("text").asString()).startsWith("Yes!");
        assertThat(history.get("items").get(0).has("seenAt")).isFalse();
        assertThat(history.get("items").get(1).get("seenAt").asString())
                .as("the provider read the customer's question")
                .isNotBlank();

        http.postJson("/api/v1/conversations/" + id + "/read", "", customer.auth());
        assertThat(unread(customer)).isZero();

        HttpResponse<String> again = contact(customer, listing, "One more thing: paddles included?");
        assertThat(again.statusCode())
                .as("contacting again reuses the conversation")
                .isEqualTo(200);
        assertThat(json(again).get("id").asString()).isEqualTo(id);
        assertThat(json(again).get("lastMessage").get("text").asString()).startsWith("One more thing");
        assertThat(conversationsAbout(listing)).isEqualTo(1);
        assertThat(unread(provider)).isEqualTo(1);

        JsonNode one = json(http.get("/api/v1/conversations/" + id, customer.auth()));
        assertThat(one.get("listing").get("id").asString()).isEqualTo(listing.toString());
    }

    @Test
    void historyPagesBackInTimeWithACursor() {
        String id = json(contact(customer, listing, "message 1")).get("id").asString();
        for (int i = 2; i <= 5; i++) {
            send(customer, id, "message " + i);
        }
        JsonNode first = json(http.get("/api/v1/conversations/" + id + "/messages?limit=2", provider.auth()));
        assertThat(first.get("items").get(0).get("text").asString()).isEqualTo("message 5");
        assertThat(first.get("items").get(1).get("text").asString()).isEqualTo("message 4");
        JsonNode second = json(http.get(
                "/api/v1/conversations/" + id + "/messages?limit=2&cursor="
                        + first.get("nextCursor").asString(),
                provider.auth()));
        assertThat(second.get("items").get(0).get("text").asString()).isEqualTo("message 3");
        JsonNode last = json(http.get(
                "/api/v1/conversations/" + id + "/messages?limit=2&cursor="
                        + second.get("nextCursor").asString(),
                provider.auth()));
        assertThat(last.get("items")).hasSize(1);
        assertThat(last.get("nextCursor")).isNull();
    }

    @Test
    void inboxIsSortedByLatestMessageAndPagedWithACursor() {
        UUID second = fixtures.published(provider.id(), "Tent");
        UUID third = fixtures.published(provider.id(), "Stove");
        String a = json(contact(customer, listing, "about the canoe")).get("id").asString();
        String b = json(contact(customer, second, "about the tent")).get("id").asString();
        String c = json(contact(customer, third, "about the stove")).get("id").asString();
        send(provider, a, "the canoe answer comes last");

        JsonNode page = json(http.get("/api/v1/conversations?limit=2", customer.auth()));
        assertThat(page.get("items").get(0).get("id").asString()).isEqualTo(a);
        assertThat(page.get("items").get(1).get("id").asString()).isEqualTo(c);
        JsonNode rest = json(http.get(
                "/api/v1/conversations?limit=2&cursor=" + page.get("nextCursor").asString(), customer.auth()));
        assertThat(rest.get("items")).hasSize(1);
        assertThat(rest.get("items").get(0).get("id").asString()).isEqualTo(b);
        assertThat(rest.get("nextCursor")).isNull();
    }

    // --- refusals --------------------------------------------------------------------------------

    @Test
    void aThirdMemberCanNeitherReadNorPostToTheConversation() {
        String id =
                json(contact(customer, listing, "Private question")).get("id").asString();
        Signed stranger = Members.verifiedMember(http, "Stan Stranger");
        long before = messagesIn(id);

        for (HttpResponse<String> r : java.util.List.of(
                http.get("/api/v1/conversations/" + id, stranger.auth()),
                http.get("/api/v1/conversations/" + id + "/messages", stranger.auth()),
                http.postJson("/api/v1/conversations/" + id + "/messages", "{\"text\": \"hi\"}", stranger.auth()),
                http.postJson("/api/v1/conversations/" + id + "/read", "", stranger.auth()),
                http.postJson("/api/v1/conversations/" + id + "/report", "{\"reason\": \"x\"}", stranger.auth()))) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
            assertThat(json(r).get("type").asString()).isEqualTo("urn:souk:problem:not-found");
        }
        assertThat(messagesIn(id)).isEqualTo(before);
        assertThat(reportsOf(id)).isZero();
        assertThat(json(http.get("/api/v1/conversations", stranger.auth())).get("items"))
                .isEmpty();
    }

    @Test
    void contactingYourOwnListingIsRefused() {
        HttpResponse<String> own = contact(provider, listing, "Talking to myself");
        assertThat(own.statusCode()).isEqualTo(422);
        assertThat(json(own).get("type").asString()).isEqualTo("urn:souk:problem:invalid-state");
        assertThat(json(own).get("code").asString()).isEqualTo("messaging.ownListing");
        assertThat(conversationsAbout(listing)).isZero();
    }

    @Test
    void emptyOrOverlongTextIsRefusedNamingTheField() {
        HttpResponse<String> empty = contact(customer, listing, "   ");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).get("type").asString()).isEqualTo("urn:souk:problem:validation");
        assertThat(json(empty).get("errors").get(0).get("field").asString()).isEqualTo("text");
        HttpResponse<String> missing =
                http.postJson("/api/v1/conversations", "{\"listingId\": \"" + listing + "\"}", customer.auth());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("errors").get(0).get("field").asString()).isEqualTo("text");
        assertThat(conversationsAbout(listing)).isZero();

        String id = json(contact(customer, listing, "Fine")).get("id").asString();
        HttpResponse<String> tooLong = http.postJson(
                "/api/v1/conversations/" + id + "/messages",
                "{\"text\": \"" + "a".repeat(5001) + "\"}",
                customer.auth());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).get("errors").get(0).get("field").asString()).isEqualTo("text");
        assertThat(json(tooLong).get("errors").get(0).get("message").asString()).contains("5,000");
        HttpResponse<String> exactly = http.postJson(
                "/api/v1/conversations/" + id + "/messages",
                "{\"text\": \"" + "b".repeat(5000) + "\"}",
                customer.auth());
        assertThat(exactly.statusCode()).isEqualTo(201);
        assertThat(messagesIn(id)).isEqualTo(2);
    }

    @Test
    void blockedMembersCannotMessageEachOtherButKeepTheirHistory() {
        String id = json(contact(customer, listing, "Hello")).get("id").asString();
        HttpResponse<String> block = http.postJson("/api/v1/members/" + customer.id() + "/block", "", provider.auth());
        assertThat(block.statusCode()).as(block.body()).isEqualTo(204);

        HttpResponse<String> fromBlocked =
                http.postJson("/api/v1/conversations/" + id + "/messages", "{\"text\": \"Hello?\"}", customer.auth());
        assertThat(fromBlocked.statusCode()).isEqualTo(403);
        assertThat(json(fromBlocked).get("type").asString()).isEqualTo("urn:souk:problem:forbidden");
        assertThat(json(fromBlocked).get("detail").asString()).contains("not accepting messages from you");
        HttpResponse<String> fromBlocker =
                http.postJson("/api/v1/conversations/" + id + "/messages", "{\"text\": \"Bye\"}", provider.auth());
        assertThat(fromBlocker.statusCode()).isEqualTo(403);
        assertThat(json(fromBlocker).get("detail").asString()).contains("You blocked this member");
        HttpResponse<String> contactAgain = contact(customer, listing, "Please");
        assertThat(contactAgain.statusCode()).isEqualTo(403);
        UUID other = fixtures.published(provider.id(), "Paddle");
        assertThat(contact(customer, other, "New conversation?").statusCode()).isEqualTo(403);
        assertThat(conversationsAbout(other)).isZero();
        assertThat(messagesIn(id)).isEqualTo(1);

        JsonNode seen = json(http.get("/api/v1/conversations/" + id, customer.auth()));
        assertThat(seen.get("blocked").asBoolean()).isTrue();
        assertThat(json(http.get("/api/v1/conversations/" + id + "/messages", customer.auth()))
                        .get("items"))
                .hasSize(1);

        assertThat(http.method("DELETE", "/api/v1/members/" + customer.id() + "/block", "", provider.auth())
                        .statusCode())
                .isEqualTo(204);
        assertThat(send(customer, id, "Thanks for unblocking").statusCode()).isEqualTo(201);
    }

    @Test
    void unverifiedMembersCannotSend() {
        Signed newcomer = Members.unverifiedMember(http, "Una Unverified");
        HttpResponse<String> refused = contact(newcomer, listing, "Hi there");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("type").asString()).isEqualTo("urn:souk:problem:forbidden");
        assertThat(json(refused).get("code").asString()).isEqualTo("accounts.unverified");
        assertThat(conversationsAbout(listing)).isZero();
    }

    @Test
    void moreThanThirtyMessagesAMinuteAreRefusedWithRetryAfter() {
        String id = json(contact(customer, listing, "1")).get("id").asString();
        for (int i = 2; i <= Messaging.MESSAGES_PER_MINUTE; i++) {
            assertThat(send(customer, id, "" + i).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> limited = send(customer, id, "one too many");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).get("type").asString()).isEqualTo("urn:souk:problem:rate-limited");
        long retryAfter =
                Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(messagesIn(id)).isEqualTo(Messaging.MESSAGES_PER_MINUTE);

        clock.advance(Duration.ofSeconds(61));
        assertThat(send(customer, id, "a minute later").statusCode()).isEqualTo(201);
    }

    @Test
    void aYoungAccountStartsAtMostTenConversationsAnHour() {
        UUID first = null;
        for (int i = 1; i <= Messaging.NEW_CONVERSATIONS_PER_HOUR; i++) {
            UUID each = fixtures.published(provider.id(), "Thing " + i);
            first = first == null ? each : first;
            assertThat(contact(customer, each, "Interested in thing " + i).statusCode())
                    .isEqualTo(201);
        }
        UUID eleventh = fixtures.published(provider.id(), "Thing 11");
        HttpResponse<String> limited = contact(customer, eleventh, "And this one?");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).get("type").asString()).isEqualTo("urn:souk:problem:rate-limited");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(3000L, 3600L);
        assertThat(conversationsAbout(eleventh)).isZero();
        assertThat(contact(customer, listing, "a new conversation is not").statusCode())
                .isEqualTo(429);
        assertThat(contact(customer, first, "an existing conversation is fine").statusCode())
                .as("only new conversations count")
                .isEqualTo(200);

        clock.advance(Duration.ofHours(25));
        UUID later = fixtures.published(provider.id(), "Thing 12");
        assertThat(contact(customer, later, "A day older now").statusCode()).isEqualTo(201);
    }

    @Test
    void aParticipantReportsTheConversationWithAReason() {
        String id = json(contact(customer, listing, "Buy followers cheap"))
                .get("id")
                .asString();
        HttpResponse<String> noReason =
                http.postJson("/api/v1/conversations/" + id + "/report", "{\"reason\": \" \"}", provider.auth());
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).get("errors").get(0).get("field").asString()).isEqualTo("reason");
        assertThat(reportsOf(id)).isZero();

        HttpResponse<String> report =
                http.postJson("/api/v1/conversations/" + id + "/report", "{\"reason\": \"Spam\"}", provider.auth());
        assertThat(report.statusCode()).as(report.body()).isEqualTo(201);
        assertThat(json(report).get("status").asString()).isEqualTo("open");
        assertThat(messaging.reports(ReportStatus.OPEN, 500))
                .anySatisfy(r -> assertThat(r.conversationId().toString()).isEqualTo(id));
    }

    @Test
    void aSuspendedMemberCanNoLongerReceiveMessagesButTheHistoryStays() {
        String id = json(contact(customer, listing, "Is the canoe still there?"))
                .get("id")
                .asString();
        send(provider, id, "It is.");
        UUID second = fixtures.published(provider.id(), "Paddles");

        accounts.suspend(provider.id(), "Spam");
        awaitGone(provider.id());

        HttpResponse<String> refused = send(customer, id, "Hello?");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(json(refused).get("type").asString()).isEqualTo("urn:souk:problem:forbidden");
        assertThat(json(refused).get("detail").asString()).isEqualTo("This member can no longer receive messages.");
        HttpResponse<String> contactAgain = contact(customer, listing, "Anyone?");
        assertThat(contactAgain.statusCode()).as(contactAgain.body()).isEqualTo(403);
        assertThat(json(contactAgain).get("detail").asString())
                .isEqualTo("This member can no longer receive messages.");
        Signed newcomer = Members.verifiedMember(http, "Nina Newcomer");
        HttpResponse<String> otherListing = contact(newcomer, second, "New conversation?");
        assertThat(otherListing.statusCode()).as(otherListing.body()).isEqualTo(403);
        assertThat(messagesIn(id)).isEqualTo(2);
        assertThat(conversationsAbout(second)).isZero();

        JsonNode conversation = json(http.get("/api/v1/conversations/" + id, customer.auth()));
        assertThat(conversation.get("participants").get(1).get("displayName").asString())
                .isEqualTo("Former member");
        assertThat(json(http.get("/api/v1/conversations/" + id + "/messages", customer.auth()))
                        .get("items"))
                .hasSize(2);

        accounts.reinstate(provider.id());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !gone(provider.id()));
        assertThat(send(customer, id, "Welcome back").statusCode()).isEqualTo(201);
    }

    @Test
    void aDeletedMembersConversationsStayReadableUnderThePlaceholderNameButTakeNoMessages() {
        String id = json(contact(customer, listing, "Can I rent it in May?"))
                .get("id")
                .asString();
        send(provider, id, "Sure.");

        accounts.delete(provider.id(), Members.PASSWORD);
        awaitGone(provider.id());

        HttpResponse<String> refused = send(customer, id, "Great, thanks!");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(json(refused).get("detail").asString()).isEqualTo("This member can no longer receive messages.");
        // the deleted member's listings go with them, so there is nothing left to ask about
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/api/v1/listings/" + listing).statusCode() == 404);
        assertThat(contact(customer, listing, "Still there?").statusCode()).isEqualTo(404);
        assertThat(messagesIn(id)).isEqualTo(2);
        assertThat(unread(provider.id()))
                .as("only the question from before reached the deleted member")
                .isEqualTo(1);

        JsonNode inbox = json(http.get("/api/v1/conversations", customer.auth()));
        assertThat(inbox.get("items").get(0).get("id").asString()).isEqualTo(id);
        assertThat(inbox.get("items")
                        .get(0)
                        .get("participants")
                        .get(1)
                        .get("displayName")
                        .asString())
                .isEqualTo("Deleted member");
        JsonNode history = json(http.get("/api/v1/conversations/" + id + "/messages", customer.auth()));
        assertThat(history.get("items")).hasSize(2);
        assertThat(history.get("items").get(0).get("text").asString()).isEqualTo("Sure.");
        assertThat(history.get("items").get(0).get("senderId").asString())
                .isEqualTo(provider.id().toString());
    }

    @Test
    void nobodyCanWriteToASuspendedMemberWhileTheirOtherConversationsGoOn() {
        Signed other = Members.verifiedMember(http, "Olga Other");
        String mine = json(contact(customer, listing, "Hi")).get("id").asString();
        String hers = json(contact(other, listing, "Hello")).get("id").asString();
        accounts.suspend(customer.id(), "Spam");
        awaitGone(customer.id());

        assertThat(send(provider, mine, "Reply to a suspended member").statusCode())
                .isEqualTo(403);
        assertThat(send(provider, hers, "Reply to an active member").statusCode())
                .as("only conversations with the suspended member are closed")
                .isEqualTo(201);
        assertThat(messagesIn(mine)).isEqualTo(1);
    }

    @Test
    void blockingYourselfOrNobodyIsRefused() {
        assertThat(http.postJson("/api/v1/members/" + customer.id() + "/block", "", customer.auth())
                        .statusCode())
                .isEqualTo(422);
        assertThat(http.postJson("/api/v1/members/" + UUID.randomUUID() + "/block", "", customer.auth())
                        .statusCode())
                .isEqualTo(404);
    }

    // --- helpers ---------------------------------------------------------------------------------

    HttpResponse<String> contact(Signed who, UUID listingId, String text) {
        return http.postJson("/api/v1/conversations", """
                {"listingId": "%s", "text": "%s"}""".formatted(listingId, text), who.auth());
    }

    HttpResponse<String> send(Signed who, String conversationId, String text) {
        return http.postJson(
                "/api/v1/conversations/" + conversationId + "/messages", "{\"text\": \"" + text + "\"}", who.auth());
    }

    int unread(Signed who) {
        HttpResponse<String> r = http.get("/api/v1/conversations/unread", who.auth());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(messaging.unreadCount(who.id()))
                .isEqualTo(json(r).get("unreadCount").asInt());
        return json(r).get("unreadCount").asInt();
    }

    void awaitGone(UUID memberId) {
        // messaging learns of it from the accounts module's event, just after that commits
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> gone(memberId));
    }

    boolean gone(UUID memberId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM conversation_members_gone WHERE member_id = :m)")
                .param("m", memberId)
                .query(Boolean.class)
                .single();
    }

    int unread(UUID memberId) {
        return messaging.unreadCount(memberId);
    }

    long conversationsAbout(UUID listingId) {
        return jdbc.sql("SELECT count(*) FROM conversations WHERE listing_id = :l")
                .param("l", listingId)
                .query(Long.class)
                .single();
    }

    long messagesIn(String conversationId) {
        return jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = :c")
                .param("c", UUID.fromString(conversationId))
                .query(Long.class)
                .single();
    }

    long reportsOf(String conversationId) {
        return jdbc.sql("SELECT count(*) FROM conversation_reports WHERE conversation_id = :c")
                .param("c", UUID.fromString(conversationId))
                .query(Long.class)
                .single();
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
