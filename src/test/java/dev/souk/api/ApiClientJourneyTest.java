package dev.souk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.souk.client.ApiClient;
import dev.souk.client.ApiException;
import dev.souk.client.api.AccountsApi;
import dev.souk.client.api.ListingsApi;
import dev.souk.client.api.MarketplaceApi;
import dev.souk.client.api.MessagingApi;
import dev.souk.client.api.SearchApi;
import dev.souk.client.model.CardJson;
import dev.souk.client.model.ContactBody;
import dev.souk.client.model.ConversationJson;
import dev.souk.client.model.ListingInJson;
import dev.souk.client.model.ListingJson;
import dev.souk.client.model.LocationJson;
import dev.souk.client.model.MemberCard;
import dev.souk.client.model.MessageJson;
import dev.souk.client.model.MoneyJson;
import dev.souk.client.model.PhotoJson;
import dev.souk.client.model.Problem;
import dev.souk.client.model.SignUpJson;
import dev.souk.client.model.TextBody;
import dev.souk.client.model.TokenRequestJson;
import dev.souk.client.model.VerificationJson;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Mailbox;
import dev.souk.testing.Members;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.WithMailbox;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A client generated from the OpenAPI document ({@code src/test/resources/openapi.json}) does
 * what an integrator would, every call through it: if the document misdescribed a path, a body, a
 * status or a content type, these calls would not compile or would fail.
 */
@SoukTest
@Import(WithMailbox.class)
class ApiClientJourneyTest {

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path files;

    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        catalog = new TestCatalog(marketplace);
    }

    @Test
    void aMemberListsARoomWithAPhotoAnotherFindsItAndWritesToTheOwner() throws Exception {
        String owner = signedUpAndVerified("Client Owner");
        ListingsApi ownerListings = new ListingsApi(client(owner));
        String word = "clientjourney" + UUID.randomUUID().toString().substring(0, 6);

        assertThat(new MarketplaceApi(client(null)).marketplace().getListingTypes())
                .anySatisfy(type -> assertThat(type.getKey()).isEqualTo(catalog.stays));
        ListingInJson room = new ListingInJson()
                .listingType(catalog.stays)
                .category(catalog.rooms)
                .title("Room by the river " + word)
                .description("Bright, quiet, with a desk.")
                .fields(Map.of(catalog.guests, 2))
                .price(new MoneyJson().amount(8500L).currency("EUR"))
                .location(new LocationJson()
                        .address("Rua dos Remédios 12, Lisbon")
                        .latitude(38.7115)
                        .longitude(-9.1290));
        String createKey = UUID.randomUUID().toString();
        ListingJson draft = ownerListings.create(room, createKey);
        assertThat(draft.getStatus()).isEqualTo("draft");
        assertThat(draft.getUnit()).isEqualTo("night");
        assertThat(ownerListings.create(room, createKey).getId())
                .as("sent again with its key, the listing is not created twice")
                .isEqualTo(draft.getId());

        Path photo = files.resolve("room.png");
        Files.write(photo, TestCatalog.png(64, 48));
        PhotoJson added = ownerListings.addPhoto(
                draft.getId(), photo.toFile(), UUID.randomUUID().toString());
        assertThat(added.getThumbnailUrl()).startsWith("/media/");

        ListingJson published = ownerListings.publish(draft.getId(), null);
        assertThat(published.getStatus()).isEqualTo("published");
        assertThat(published.getPhotos()).extracting(PhotoJson::getId).containsExactly(added.getId());

        SearchApi search = new SearchApi(client(null));
        List<CardJson> found = eventually(() -> search.find(
                        word, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null)
                .getItems());
        assertThat(found).singleElement().satisfies(card -> {
            assertThat(card.getId()).isEqualTo(draft.getId());
            assertThat(card.getPrice().getAmount()).isEqualTo(8500L);
            assertThat(card.getThumbnailUrl()).isEqualTo(added.getThumbnailUrl());
        });

        String customer = signedUpAndVerified("Client Customer");
        MessagingApi customerMessages = new MessagingApi(client(customer));
        ConversationJson started = customerMessages.contact(
                new ContactBody().listingId(draft.getId()).text("Is it free the first week of May?"),
                UUID.randomUUID().toString());
        assertThat(started.getListing().getId()).isEqualTo(draft.getId());
        assertThat(started.getParticipants())
                .extracting(MemberCard::getDisplayName)
                .containsExactly("Client Customer", "Client Owner");

        MessagingApi ownerMessages = new MessagingApi(client(owner));
        assertThat(ownerMessages.unread().getUnreadCount()).isEqualTo(1);
        assertThat(ownerMessages.inbox(null, null).getItems())
                .singleElement()
                .satisfies(
                        c -> assertThat(c.getLastMessage().getText()).isEqualTo("Is it free the first week of May?"));
        MessageJson reply = ownerMessages.send(started.getId(), new TextBody().text("It is. Welcome!"), null);
        assertThat(customerMessages.messages(started.getId(), null, null).getItems())
                .extracting(MessageJson::getId)
                .containsExactly(reply.getId(), started.getLastMessage().getId());
    }

    @Test
    void refusalsReachTheClientAsTheDocumentedProblem() throws Exception {
        ListingsApi anonymous = new ListingsApi(client(null));
        Integer listingsBefore =
                jdbc.sql("SELECT count(*) FROM listings").query(Integer.class).single();

        ApiException unauthorized = catchThrowableOfType(
                ApiException.class, () -> anonymous.create(new ListingInJson().title("Nobody's"), null));
        assertThat(unauthorized.getCode()).isEqualTo(401);
        assertThat(problem(unauthorized).getType()).isEqualTo(URI.create("urn:souk:problem:unauthorized"));

        ListingsApi member = new ListingsApi(client(signedUpAndVerified("Client Refused")));
        ApiException invalid = catchThrowableOfType(
                ApiException.class,
                () -> member.create(
                        new ListingInJson()
                                .listingType(catalog.stays)
                                .category(catalog.rooms)
                                .title("Priced in no currency")
                                .price(new MoneyJson().amount(100L).currency("ZZZ")),
                        null));
        assertThat(invalid.getCode()).isEqualTo(400);
        Problem validation = problem(invalid);
        assertThat(validation.getType()).isEqualTo(URI.create("urn:souk:problem:validation"));
        assertThat(validation.getStatus()).isEqualTo(400);
        assertThat(validation.getErrors()).singleElement().satisfies(error -> {
            assertThat(error.getField()).isEqualTo("price");
            assertThat(error.getMessage()).isNotBlank();
        });

        assertThat(jdbc.sql("SELECT count(*) FROM listings")
                        .query(Integer.class)
                        .single())
                .as("nothing was written")
                .isEqualTo(listingsBefore);
    }

    private ApiClient client(@Nullable String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    /** Signs up, follows the mailed verification token and takes an API token: its value. */
    private String signedUpAndVerified(String name) throws ApiException {
        AccountsApi accounts = new AccountsApi(client(null));
        String email = Members.uniqueEmail("client");
        assertThat(accounts.signUp(
                        new SignUpJson().email(email).password(Members.PASSWORD).displayName(name), null))
                .containsEntry("status", "verificationSent");
        assertThat(accounts.verify(new VerificationJson().token(Mailbox.token(email, 1, "/verify-email")), null))
                .containsEntry("status", "verified");
        String token = accounts.token(new TokenRequestJson().email(email).password(Members.PASSWORD), null)
                .getToken();
        assertThat(new AccountsApi(client(token)).me().getEmailVerified()).isTrue();
        return token;
    }

    private Problem problem(ApiException e) throws IOException {
        assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        return new ApiClient().getObjectMapper().readValue(e.getResponseBody(), Problem.class);
    }

    private interface Call<T> {
        T call() throws ApiException;
    }

    /** Search's read model follows a commit within moments. */
    private static <T> List<T> eventually(Call<List<T>> search) throws ApiException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<T> found = search.call();
        while (found.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            found = search.call();
        }
        return found;
    }
}
