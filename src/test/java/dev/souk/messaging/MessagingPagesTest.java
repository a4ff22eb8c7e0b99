package dev.souk.messaging;

import static dev.souk.testing.Members.PASSWORD;
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
import dev.souk.testing.WithMailbox;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

@SoukTest
@Import(WithMailbox.class)
class MessagingPagesTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Accounts accounts;

    @Autowired
    Messaging messaging;

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
        provider = Members.verifiedMember(http, "Petra Provider");
        customer = Members.verifiedMember(http, "Chris Customer");
        listing = fixtures.published(provider.id(), "Pottery wheel");
    }

    @Test
    void customerContactsFromTheListingAndTheProviderReadsItInTheInbox() {
        Web customerWeb = signedIn(customer);
        HttpResponse<String> form = customerWeb.get("/listings/" + listing + "/contact");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Contact Petra Provider").contains("Pottery wheel");

        HttpResponse<String> sent = customerWeb.post(
                "/conversations", Map.of("listingId", listing.toString(), "text", "Can I try it on Sunday?"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        String location = sent.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*/conversations/[0-9a-f-]{36}");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        HttpResponse<String> conversation = customerWeb.follow(sent);
        assertThat(conversation.body())
                .contains("Conversation with Petra Provider")
                .contains("Can I try it on Sunday?")
                .contains("sse-connect=\"/conversations/" + id + "/events?tab=")
                .doesNotContain(provider.email())
                .doesNotContain(customer.email());
        assertThat(customerWeb
                        .get("/listings/" + listing + "/contact")
                        .headers()
                        .firstValue("Location"))
                .as("contacting again opens the same conversation")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/conversations/" + id));

        Web providerWeb = signedIn(provider);
        HttpResponse<String> inbox = providerWeb.get("/inbox");
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body())
                .contains("Chris Customer")
                .contains("About Pottery wheel")
                .contains("Can I try it on Sunday?")
                .contains("1 unread message")
                .doesNotContain(customer.email());
        assertThat(messaging.unreadCount(provider.id())).isEqualTo(1);

        assertThat(providerWeb.get("/conversations/" + id).body()).contains("Can I try it on Sunday?");
        assertThat(messaging.unreadCount(provider.id()))
                .as("opening the conversation reads it")
                .isZero();

        HttpResponse<String> reply =
                providerWeb.post("/conversations/" + id + "/messages", Map.of("text", "Sure, come at 11."));
        assertThat(reply.statusCode()).isEqualTo(302);
        assertThat(customerWeb.get("/conversations/" + id).body())
                .contains("Sure, come at 11.")
                .contains("Seen");
        assertThat(providerWeb.get("/conversations/" + id).body())
                .as("the provider sees the customer read the reply")
                .contains("Seen ");
    }

    @Test
    void messagesAreEscapedAndTheirLinksSafe() {
        Contacted contacted = messaging.contact(
                customer.id(), listing, "<script>alert('x')</script> details: https://example.org/a?b=1&c=2.");
        HttpResponse<String> page = signedIn(provider)
                .get("/conversations/" + contacted.conversation().id());
        assertThat(page.body())
                .doesNotContain("<script>alert")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener ugc\"");
    }

    @Test
    void htmxSendAnswersTheMessageAndAFreshForm() {
        UUID id = messaging
                .contact(customer.id(), listing, "First")
                .conversation()
                .id();
        Web web = signedIn(customer);
        web.get("/conversations/" + id);
        HttpResponse<String> sent = web.postWithHeaders(
                "/conversations/" + id + "/messages", Map.of("text", "Second", "tab", "tab-1"), "HX-Request", "true");
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body())
                .contains("Second")
                .contains("<form id=\"send-form\"")
                .contains("hx-swap-oob=\"true\"");

        HttpResponse<String> empty = web.postWithHeaders(
                "/conversations/" + id + "/messages", Map.of("text", " ", "tab", "tab-1"), "HX-Request", "true");
        assertThat(empty.headers().firstValue("HX-Retarget")).hasValue("#send-form");
        assertThat(empty.body()).contains("is-invalid").contains("This field is required.");
        assertThat(messagesIn(id)).isEqualTo(2);
    }

    @Test
    void pagesRefuseStrangersOwnListingsAndEmptyMessages() {
        UUID id = messaging
                .contact(customer.id(), listing, "Hello")
                .conversation()
                .id();
        Signed stranger = Members.verifiedMember(http, "Sam Stranger");
        Web strangerWeb = signedIn(stranger);
        assertThat(strangerWeb.get("/conversations/" + id).statusCode()).isEqualTo(404);
        assertThat(strangerWeb.get("/conversations/" + id + "/events?tab=x").statusCode())
                .isEqualTo(404);
        assertThat(strangerWeb
                        .post("/conversations/" + id + "/messages", Map.of("text", "Let me in"))
                        .statusCode())
                .isEqualTo(404);

        Web providerWeb = signedIn(provider);
        assertThat(providerWeb.get("/listings/" + listing + "/contact").statusCode())
                .isEqualTo(422);
        HttpResponse<String> empty = providerWeb.post("/conversations/" + id + "/messages", Map.of("text", ""));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("is-invalid").contains("This field is required.");
        assertThat(messagesIn(id)).isEqualTo(1);

        assertThat(new Web(port).get("/inbox").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
    }

    @Test
    void anEmptyInboxSaysHowToStart() {
        Signed newcomer = Members.verifiedMember(http, "Nina Newcomer");
        HttpResponse<String> inbox = signedIn(newcomer).get("/inbox");
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body()).contains("No conversations yet.").contains("Browse listings");
    }

    @Test
    void blockingFromTheConversationStopsTheSendBox() {
        UUID id = messaging
                .contact(customer.id(), listing, "Buy my course")
                .conversation()
                .id();
        Web providerWeb = signedIn(provider);
        providerWeb.get("/conversations/" + id);
        assertThat(providerWeb.post("/conversations/" + id + "/block", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(messaging.blocks(provider.id(), customer.id())).isTrue();
        assertThat(providerWeb.get("/conversations/" + id).body())
                .contains("You blocked Chris Customer")
                .doesNotContain("id=\"send-form\"");

        Web customerWeb = signedIn(customer);
        assertThat(customerWeb.get("/conversations/" + id).body()).contains("is not accepting your messages");
        HttpResponse<String> refused = customerWeb.post("/conversations/" + id + "/messages", Map.of("text", "Hello?"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(messagesIn(id)).isEqualTo(1);
    }

    @Test
    void operatorReadsAReportedConversationAndResolvesTheReport() {
        UUID reported = messaging
                .contact(customer.id(), listing, "Pay me outside Souk")
                .conversation()
                .id();
        UUID other = fixtures.published(provider.id(), "Kiln");
        UUID quiet = messaging
                .contact(customer.id(), other, "Nothing to see")
                .conversation()
                .id();
        Web providerWeb = signedIn(provider);
        providerWeb.get("/conversations/" + reported);
        assertThat(providerWeb
                        .post("/conversations/" + reported + "/report", Map.of("reason", "Asks to pay off-platform"))
                        .statusCode())
                .isEqualTo(302);
        assertThat(providerWeb.get("/admin/conversations/reported").statusCode())
                .isEqualTo(403);

        String operatorEmail = Members.uniqueEmail("messaging-operator");
        accounts.ensureOperator(operatorEmail, "operator-secret-words", "Messaging Operator");
        Web operator = TwoFactor.operator(port, nextAddress(), operatorEmail, "operator-secret-words", clock);

        HttpResponse<String> list = operator.get("/admin/conversations/reported");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Asks to pay off-platform").contains("Petra Provider");
        HttpResponse<String> read = operator.get("/admin/conversations/" + reported);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body())
                .contains("Pay me outside Souk")
                .contains("Chris Customer")
                .doesNotContain(customer.email());
        assertThat(operator.get("/admin/conversations/" + quiet).statusCode())
                .as("conversations nobody reported stay private")
                .isEqualTo(404);

        UUID reportId = messaging.reportsOf(reported).get(0).id();
        assertThat(operator.post("/admin/conversations/reports/" + reportId + "/resolve", Map.of())
                        .statusCode())
                .isEqualTo(302);
        assertThat(messaging.reportsOf(reported).get(0).status()).isEqualTo(ReportStatus.RESOLVED);
        assertThat(operator.get("/admin/conversations/reported").body()).doesNotContain("Asks to pay off-platform");
    }

    // --- helpers ---------------------------------------------------------------------------------

    long messagesIn(UUID conversationId) {
        return jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = :c")
                .param("c", conversationId)
                .query(Long.class)
                .single();
    }

    private Web signedIn(Signed member) {
        Web web = new Web(port, nextAddress());
        web.get("/sign-in");
        HttpResponse<String> response = web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return web;
    }

    private static String nextAddress() {
        return "10.61." + (ADDRESSES.incrementAndGet() / 250) + "." + (ADDRESSES.get() % 250 + 1);
    }
}
