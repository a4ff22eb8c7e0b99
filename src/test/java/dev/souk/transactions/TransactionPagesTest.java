package dev.souk.transactions;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Commission;
import dev.souk.marketplace.Marketplace;
import dev.souk.payments.Gateway;
import dev.souk.payments.Payments;
import dev.souk.shared.Money;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TwoFactor;
import dev.souk.testing.Web;
import dev.souk.testing.WithMailbox;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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

/**
 * The pages of dealing over real HTTP, as a browser without JavaScript uses them: the listing page's
 * price, confirming and its refusals, the card checkout and back, trips and sales, one transaction's
 * page with the forms of exactly the viewer's transitions, disputes for operators, and who may see what.
 */
@SoukTest
@Import(WithMailbox.class)
class TransactionPagesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    Payments payments;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Accounts accounts;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Http http;
    Deals deals;
    Signed customer;
    Signed provider;
    Commission commission;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        deals = new Deals(http, marketplace, listings);
        customer = Members.verifiedMember(http, "Page Customer");
        provider = Members.verifiedMember(http, "Page Provider");
        commission = marketplace.config().commission();
        // 10 % of the provider's price (at least 2.00), and a 5 % service fee for the customer
        marketplace.updateCommission(
                new Commission(new BigDecimal("10"), Money.of(200, deals.currency), new BigDecimal("5")));
        payments.chooseGateway(Gateway.DIRECT);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
        marketplace.updateCommission(commission);
        payments.chooseGateway(Gateway.DIRECT);
    }

    // --- the listing page and its price ----------------------------------------------------------

    @Test
    void theListingPageOffersTheRightButtonAndItsPriceFragmentShowsLinesTotalAndTerms() {
        UUID stay = deals.listing(provider, "stay", 10_000, "flexible", cleaning(2_500));
        UUID instant = deals.listing(provider, "instant", 9_000, "moderate", "");
        UUID goods = deals.listing(provider, "goods", 4_000, "flexible", "");
        deals.stock(provider, goods, 5);
        Web visitor = new Web(port, address());

        String stayPage = visitor.get("/listings/" + stay).body();
        assertThat(stayPage)
                .contains("action=\"/listings/" + stay + "/book\"")
                .contains("hx-get=\"/listings/" + stay + "/quote\"")
                .contains(">Request to book</button>")
                .contains("Choose your dates to see the price.");
        assertThat(visitor.get("/listings/" + instant).body()).contains(">Book now</button>");
        assertThat(visitor.get("/listings/" + goods).body())
                .contains(">Buy now</button>")
                .contains("name=\"quantity\"");
        String own = signedIn(provider).get("/listings/" + stay).body();
        assertThat(own)
                .as("the owner gets no booking form")
                .doesNotContain("action=\"/listings/" + stay + "/book\"")
                .doesNotContain("Request to book");

        LocalDate checkIn = today().plusDays(30);
        HttpResponse<String> quote = visitor.get(quotePath(stay, checkIn, checkIn.plusDays(3)));
        assertThat(quote.statusCode()).isEqualTo(200);
        // 3 nights × €100 + cleaning €25 = €325; the customer adds a 5 % service fee
        assertThat(quote.body())
                .contains("3 nights")
                .contains("€300")
                .contains("Cleaning")
                .contains("€25")
                .contains("Service fee")
                .contains("€16.25")
                .contains("id=\"customer-total\">€341.25<")
                .contains("Flexible: cancel until ")
                .as("the customer's page doesn't show the provider's commission")
                .doesNotContain("Marketplace commission")
                .doesNotContain("<html");

        assertThat(visitor.get("/listings/" + goods + "/quote?quantity=2").body())
                .contains("2 items")
                .contains("€84")
                .contains("Cancel before the order ships for a full refund.");
    }

    @Test
    void thePriceFragmentWordsDatesTakenAndTheListingsRulesAsPeopleReadThem() {
        UUID stay = deals.listing(
                provider, "stay", 10_000, "", "\"rules\": {\"minDuration\": 3, \"cancellationPolicy\": \"strict\"}");
        LocalDate checkIn = today().plusDays(20);
        book(Members.verifiedMember(http, "Earlier Guest"), stay, checkIn, checkIn.plusDays(3));
        Web visitor = new Web(port, address());

        HttpResponse<String> taken = visitor.get(quotePath(stay, checkIn.plusDays(2), checkIn.plusDays(5)));
        assertThat(taken.statusCode())
                .as("htmx shows only what it gets with a 2xx")
                .isEqualTo(200);
        assertThat(taken.body())
                .contains("Some of these dates are already taken.")
                .contains("Not available: " + day(checkIn.plusDays(2)) + ".")
                .doesNotContain(checkIn.plusDays(2).toString());

        String tooShort = visitor.get(quotePath(stay, checkIn.plusDays(10), checkIn.plusDays(11)))
                .body();
        assertThat(tooShort).contains("Stays here are at least 3 nights.").doesNotContain("€");

        String past = visitor.get(quotePath(stay, today().minusDays(2), today().plusDays(2)))
                .body();
        assertThat(past).contains("This date has passed.");

        String backwards = visitor.get(quotePath(stay, checkIn.plusDays(40), checkIn.plusDays(38)))
                .body();
        assertThat(backwards).contains("The end must come after the start.");

        assertThat(visitor.get("/listings/" + stay + "/quote").body())
                .as("nothing asked yet")
                .contains("Choose your dates to see the price.");
        assertThat(visitor.get("/listings/" + UUID.randomUUID() + "/quote?start=2031-01-01&end=2031-01-03")
                        .statusCode())
                .isEqualTo(404);
    }

    // --- confirming ------------------------------------------------------------------------------

    @Test
    void confirmingARequestGoesThroughTheCardCheckoutAndComesBackToTheTransaction() {
        payments.chooseGateway(Gateway.CARD_SIMULATOR);
        UUID stay = deals.listing(provider, "stay", 10_000, "flexible", cleaning(2_500));
        LocalDate checkIn = today().plusDays(30);
        LocalDate checkOut = checkIn.plusDays(3);
        Web web = signedIn(customer);

        HttpResponse<String> confirm = web.get(bookPath(stay, checkIn, checkOut));
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body())
                .contains("<title>Request to book: A stay to deal over")
                .contains(shortDay(checkIn) + " – " + day(checkOut))
                .contains("Message to Page Provider")
                .contains("Flexible: cancel until ")
                .contains("id=\"customer-total\">€341.25<")
                .contains("Nothing is charged until Page Provider accepts: your card is only held until then.")
                .contains(">Request to book</button>");

        HttpResponse<String> booked =
                web.post(bookPath(stay, checkIn, checkOut), Map.of("message", "Hello, we are two quiet guests."));
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(302);
        String checkoutUrl = booked.headers().firstValue("Location").orElseThrow();
        assertThat(checkoutUrl).contains("/payments/simulator/");
        UUID id = onlyTransactionOf(stay);

        String waiting = web.get("/transactions/" + id).body();
        assertThat(waiting)
                .contains("Awaiting payment")
                .contains("Complete the payment: until then nothing is confirmed.")
                .contains("href=\"" + checkoutUrl + "\"")
                .contains(">Pay now</a>")
                .contains("Hello, we are two quiet guests.");

        HttpResponse<String> checkout = web.follow(booked);
        assertThat(checkout.statusCode()).isEqualTo(200);
        HttpResponse<String> paid = web.post(
                URI.create(checkoutUrl).getPath(),
                Map.of(
                        "number", "4242 4242 4242 4242",
                        "expiry", YearMonth.now(clock).plusYears(2).format(DateTimeFormatter.ofPattern("MM/yy")),
                        "cvc", "123",
                        "name", "Page Customer"));
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(302);
        assertThat(paid.headers().firstValue("Location"))
                .as("the checkout returns to the transaction's page")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/transactions/" + id + "?returned=1"));
        String back = web.follow(paid).body();
        assertThat(back)
                .as("back before or after the gateway's answer moved the booking on, never asked to pay again")
                .containsAnyOf("Your payment arrived and is being confirmed", "Your request is with Page Provider.")
                .doesNotContain(">Pay now</a>");

        String requested = awaitPage(web, "/transactions/" + id, "Your request is with Page Provider.");
        assertThat(requested)
                .contains("Requested")
                .doesNotContain(">Pay now</a>")
                .contains("name=\"name\" value=\"cancel\"")
                .doesNotContain("value=\"accept\"");
        assertThat(awaitPage(signedIn(provider), "/transactions/" + id, "Page Customer asks to book."))
                .contains("name=\"name\" value=\"accept\"")
                .contains("name=\"name\" value=\"decline\"")
                .contains("name=\"name\" value=\"cancel\"")
                // the provider reads what they receive: €325 less the 10 % commission
                .contains("id=\"provider-total\">€292.50<")
                .contains("Page Customer pays €341.25 in all")
                .doesNotContain("name=\"refund\"");
    }

    @Test
    void anInstantBookingPaidDirectlyGoesStraightToItsTransactionPage() {
        UUID instant = deals.listing(provider, "instant", 9_000, "moderate", "");
        LocalDate checkIn = today().plusDays(12);
        Web web = signedIn(customer);

        String confirm =
                web.get(bookPath(instant, checkIn, checkIn.plusDays(2))).body();
        assertThat(confirm)
                .contains("<title>Confirm and book: A instant to deal over")
                .contains("Booked at once; you pay Page Provider directly, as you agree.")
                .contains("Moderate: cancel until")
                .contains(">Book now</button>");
        HttpResponse<String> booked = web.post(bookPath(instant, checkIn, checkIn.plusDays(2)), Map.of("message", ""));
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(302);
        UUID id = onlyTransactionOf(instant);
        assertThat(booked.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/transactions/" + id));
        assertThat(awaitPage(web, "/transactions/" + id, "Confirmed: Page Provider expects you."))
                .contains("Accepted")
                .contains(">Cancel the booking</button>");
    }

    @Test
    void aRefusedBookingIsShownWithItsStatusAndKeepsTheMessage() {
        UUID stay = deals.listing(
                provider, "stay", 10_000, "", "\"rules\": {\"minDuration\": 2, \"cancellationPolicy\": \"flexible\"}");
        LocalDate checkIn = today().plusDays(25);
        Web web = signedIn(customer);
        String path = bookPath(stay, checkIn, checkIn.plusDays(3));
        assertThat(web.get(path).statusCode()).isEqualTo(200);
        // someone else books the same nights while the customer writes
        book(Members.verifiedMember(http, "Quicker Guest"), stay, checkIn.plusDays(1), checkIn.plusDays(3));

        HttpResponse<String> taken = web.post(path, Map.of("message", "We arrive late, around ten."));
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body())
                .contains("Some of these dates are already taken.")
                .contains("Not available: " + day(checkIn.plusDays(1)) + ", " + day(checkIn.plusDays(2)) + ".")
                .contains(">We arrive late, around ten.</textarea>")
                .contains("Choose other dates");
        assertThat(transactionsOf(stay)).isOne();

        HttpResponse<String> tooShort = web.post(
                bookPath(stay, checkIn.plusDays(10), checkIn.plusDays(11)), Map.of("message", "Just one night?"));
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(tooShort.body())
                .contains("Stays here are at least 2 nights.")
                .contains(">Just one night?</textarea>");

        String tooLong = "x".repeat(5_001);
        HttpResponse<String> longMessage =
                web.post(bookPath(stay, checkIn.plusDays(10), checkIn.plusDays(13)), Map.of("message", tooLong));
        assertThat(longMessage.statusCode()).isEqualTo(400);
        assertThat(longMessage.body())
                .contains("class=\"form-control is-invalid\"")
                .contains("aria-describedby=\"f-message-help f-message-error\"")
                .contains("id=\"f-message-error\"")
                .contains(">" + tooLong + "</textarea>")
                .as("the price is still shown: only the message is wrong")
                .contains("id=\"customer-total\"");
        assertThat(transactionsOf(stay)).isOne();

        HttpResponse<String> own = signedIn(provider)
                .post(bookPath(stay, checkIn.plusDays(10), checkIn.plusDays(13)), Map.of("message", "Me"));
        assertThat(own.statusCode()).isEqualTo(422);
        assertThat(own.body()).contains("You cannot book or buy your own listing.");

        Signed unverified = Members.unverifiedMember(http, "Unverified Guest");
        Web unverifiedWeb = signedIn(unverified);
        assertThat(unverifiedWeb
                        .get(bookPath(stay, checkIn.plusDays(10), checkIn.plusDays(13)))
                        .body())
                .contains("Verify your email address first");
        HttpResponse<String> refused = unverifiedWeb.post(
                bookPath(stay, checkIn.plusDays(10), checkIn.plusDays(13)), Map.of("message", "Can I come?"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Verify your email address first").contains(">Can I come?</textarea>");
        assertThat(transactionsOf(stay)).isOne();

        assertThat(web.get("/listings/" + stay + "/book").headers().firstValue("Location"))
                .as("nothing chosen: back to the listing's form")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/listings/" + stay + "#book"));
    }

    // --- trips and sales -------------------------------------------------------------------------

    @Test
    void tripsAndSalesStartEmptyThenListDealsWithRequestsWaitingForTheProviderFirst() {
        Web customerWeb = signedIn(customer);
        Web providerWeb = signedIn(provider);
        String noTrips = customerWeb.get("/trips").body();
        assertThat(noTrips).contains("Nothing booked or bought yet.").contains("href=\"/search\"");
        String noSales = providerWeb.get("/sales").body();
        assertThat(noSales)
                .contains("Nobody has booked or bought from you yet.")
                .contains("href=\"/listings/new\"");

        UUID instant = deals.listing(provider, "instant", 9_000, "flexible", "");
        UUID stay = deals.listing(provider, "stay", 10_000, "flexible", "");
        LocalDate day = today().plusDays(40);
        UUID accepted = book(customer, instant, day, day.plusDays(1));
        UUID requested = book(customer, stay, day, day.plusDays(2));

        String sales = providerWeb.get("/sales").body();
        assertThat(sales).contains("Waiting for you (1)").contains("Everything else");
        int waiting = sales.indexOf("id=\"pending\"");
        int everythingElse = sales.indexOf("id=\"all\"");
        assertThat(sales.indexOf("/transactions/" + requested)).isBetween(waiting, everythingElse);
        assertThat(sales.indexOf("/transactions/" + accepted)).isGreaterThan(everythingElse);
        assertThat(sales)
                .contains("with Page Customer")
                // what the provider receives: €180 and €90 less 10 % each
                .contains("€180")
                .contains("€81")
                .contains(shortDay(day) + " – " + day(day.plusDays(2)));

        String trips = customerWeb.get("/trips").body();
        assertThat(trips)
                .contains("from Page Provider")
                // what the customer pays: €200 + 5 % and €90 + 5 %
                .contains("€210")
                .contains("€94.50")
                .contains("Requested")
                .contains("Accepted")
                .doesNotContain("Waiting for you");
        assertThat(trips.indexOf("/transactions/" + requested))
                .as("newest first")
                .isLessThan(trips.indexOf("/transactions/" + accepted));
        assertThat(customerWeb.get("/sales").body()).contains("Nobody has booked or bought from you yet.");
    }

    // --- one transaction -------------------------------------------------------------------------

    @Test
    void theTransactionPageOffersTheViewersTransitionsAndTakesThemByForm() {
        UUID stay = deals.listing(provider, "stay", 10_000, "flexible", "");
        HttpResponse<String> asked = http.postJson(
                "/api/v1/conversations",
                "{\"listingId\": \"" + stay + "\", \"text\": \"Is the room quiet at night?\"}",
                customer.auth());
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        String conversation = Members.field(asked.body(), "id");
        LocalDate checkIn = today().plusDays(15);
        UUID id = book(customer, stay, checkIn, checkIn.plusDays(2));
        Web customerWeb = signedIn(customer);
        Web providerWeb = signedIn(provider);

        String asCustomer = customerWeb.get("/transactions/" + id).body();
        assertThat(asCustomer)
                .contains("<title>A stay to deal over: booking")
                .contains("Requested")
                .contains(">Cancel the booking</button>")
                .doesNotContain("value=\"accept\"")
                .doesNotContain("value=\"decline\"")
                .as("the conversation they had before booking goes on")
                .contains("href=\"/conversations/" + conversation + "\"")
                .contains("Is the room quiet at night?")
                .contains("Open the conversation with Page Provider");
        String asProvider = providerWeb.get("/transactions/" + id).body();
        assertThat(asProvider)
                .contains(">Accept the request</button>")
                .contains(">Decline the request</button>")
                .contains(">Cancel the booking</button>")
                .contains("<label for=\"t-accept-message\"")
                .doesNotContain("name=\"refund\"");

        HttpResponse<String> wrongSide =
                customerWeb.post("/transactions/" + id + "/transitions", Map.of("name", "accept"));
        assertThat(wrongSide.statusCode()).isEqualTo(422);
        assertThat(wrongSide.body()).contains("You cannot accept this now.");
        assertThat(stateOf(id)).isEqualTo("requested");

        assertThat(postWithoutFormToken(providerWeb, "/transactions/" + id + "/transitions", "name=accept"))
                .as("a form without its token is refused")
                .isEqualTo(403);
        assertThat(stateOf(id)).isEqualTo("requested");

        HttpResponse<String> accepted = providerWeb.post(
                "/transactions/" + id + "/transitions",
                Map.of("name", "accept", "message", "Welcome, the key is under the mat."));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(302);
        assertThat(accepted.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/transactions/" + id));
        String after = providerWeb.follow(accepted).body();
        assertThat(after)
                .contains("Accepted: the customer is told.")
                .contains("Confirmed: the dates are reserved for Page Customer.")
                .contains("Welcome, the key is under the mat.")
                .doesNotContain("value=\"accept\"")
                .contains(">Cancel the booking</button>");
        assertThat(stateOf(id)).isEqualTo("accepted");
        assertThat(customerWeb.get("/transactions/" + id).body())
                .contains("Confirmed: Page Provider expects you.")
                .as("the provider's message is in the conversation shown on the page")
                .contains("Welcome, the key is under the mat.");

        HttpResponse<String> again = providerWeb.post("/transactions/" + id + "/transitions", Map.of("name", "accept"));
        assertThat(again.statusCode()).as("a second click").isEqualTo(422);
        assertThat(again.body()).contains("You cannot accept this now.");
    }

    @Test
    void aProviderMakesAnOfferByFormAtAPriceTypedInTheMarketplacesCurrency() {
        UUID ask = deals.listing(provider, "ask", 0, "flexible", "");
        HttpResponse<String> created = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"" + ask + "\", \"message\": \"Can you mend a chair leg?\"}",
                customer.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(Members.field(created.body(), "id"));
        Web providerWeb = signedIn(provider);
        assertThat(providerWeb.get("/transactions/" + id).body()).contains("name=\"price\"");

        HttpResponse<String> typo =
                providerWeb.post("/transactions/" + id + "/transitions", Map.of("name", "offer", "price", "forty"));
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("Enter a price above zero").contains("value=\"forty\"");
        assertThat(stateOf(id)).isEqualTo("inquiring");

        HttpResponse<String> offered = providerWeb.post(
                "/transactions/" + id + "/transitions",
                Map.of("name", "offer", "price", "45.50", "message", "Ready in a week."));
        assertThat(offered.statusCode()).as(offered.body()).isEqualTo(302);
        assertThat(stateOf(id)).isEqualTo("offered");
        assertThat(signedIn(customer).get("/transactions/" + id).body())
                .contains("€45.50")
                .contains("value=\"accept-offer\"");
    }

    @Test
    void strangersFindNoTransactionAndVisitorsAreSentToSignIn() {
        UUID stay = deals.listing(provider, "stay", 10_000, "flexible", "");
        LocalDate checkIn = today().plusDays(18);
        UUID id = book(customer, stay, checkIn, checkIn.plusDays(2));
        Web stranger = signedIn(Members.verifiedMember(http, "Page Stranger"));

        HttpResponse<String> peek = stranger.get("/transactions/" + id);
        assertThat(peek.statusCode()).isEqualTo(404);
        assertThat(peek.body()).doesNotContain("A stay to deal over").doesNotContain("Page Customer");
        HttpResponse<String> cancel = stranger.post("/transactions/" + id + "/transitions", Map.of("name", "cancel"));
        assertThat(cancel.statusCode()).isEqualTo(404);
        assertThat(stateOf(id)).isEqualTo("requested");
        assertThat(stranger.get("/trips").body()).doesNotContain("/transactions/" + id);
        assertThat(stranger.get("/admin/transactions").statusCode()).isEqualTo(403);

        Web visitor = new Web(port, address());
        for (String path : new String[] {
            "/transactions/" + id, "/trips", "/sales", bookPath(stay, checkIn.plusDays(5), checkIn.plusDays(7))
        }) {
            HttpResponse<String> answer = visitor.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location"))
                    .as(path)
                    .hasValueSatisfying(location -> assertThat(location).endsWith("/sign-in"));
        }
        assertThat(visitor.post("/transactions/" + id + "/transitions", Map.of("name", "cancel"))
                        .statusCode())
                .isIn(302, 403);
        assertThat(stateOf(id)).isEqualTo("requested");
    }

    @Test
    void aBuyFormSentTwiceEvenAtOnceMakesOneOrder() throws Exception {
        UUID goods = deals.listing(provider, "goods", 4_000, "flexible", "");
        deals.stock(provider, goods, 5);
        Web customerWeb = signedIn(customer);
        String confirm =
                customerWeb.get("/listings/" + goods + "/book?quantity=2").body();
        java.util.regex.Matcher field = java.util.regex.Pattern.compile("name=\"attempt\" value=\"([0-9a-f-]{36})\"")
                .matcher(confirm);
        assertThat(field.find()).as(confirm).isTrue();
        Map<String, String> form = Map.of("message", "", "attempt", field.group(1));

        // a double click: both submits race; then a third arrives after both answered
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> customerWeb.post("/listings/" + goods + "/book?quantity=2", form));
            var second = pool.submit(() -> customerWeb.post("/listings/" + goods + "/book?quantity=2", form));
            var answers = java.util.List.of(first.get(), second.get());
            UUID id = onlyTransactionOf(goods);
            for (var sent : answers) {
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
                assertThat(sent.headers().firstValue("Location").orElseThrow()).endsWith("/transactions/" + id);
            }
        } finally {
            pool.shutdownNow();
        }
        HttpResponse<String> third = customerWeb.post("/listings/" + goods + "/book?quantity=2", form);
        assertThat(third.headers().firstValue("Location").orElseThrow())
                .endsWith("/transactions/" + onlyTransactionOf(goods));
        assertThat(transactionsOf(goods)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT stock FROM listings WHERE id = :id")
                        .param("id", goods)
                        .query(Integer.class)
                        .single())
                .as("two of five items taken, once")
                .isEqualTo(3);

        // another member sending the same attempt gets nothing of it, and makes nothing
        Web strangerWeb = signedIn(Members.verifiedMember(http, "Page Second Buyer"));
        HttpResponse<String> stranger = strangerWeb.post("/listings/" + goods + "/book?quantity=2", form);
        assertThat(stranger.statusCode()).isEqualTo(409);
        assertThat(stranger.body())
                .contains("This form was sent already.")
                .doesNotContain(customer.id().toString());
        assertThat(transactionsOf(goods)).isEqualTo(1);
    }

    @Test
    void anOrderIsShippedAndDisputedByFormAndTheOperatorResolvesItFromTheDisputesList() {
        UUID goods = deals.listing(provider, "goods", 4_000, "flexible", "");
        deals.stock(provider, goods, 3);
        Web customerWeb = signedIn(customer);
        Web providerWeb = signedIn(provider);

        String confirm =
                customerWeb.get("/listings/" + goods + "/book?quantity=2").body();
        assertThat(confirm)
                .contains("<title>Confirm your order: A goods to deal over")
                .contains("Your order")
                .contains(">Buy now</button>")
                .contains("Cancel before the order ships for a full refund.");
        HttpResponse<String> bought =
                customerWeb.post("/listings/" + goods + "/book?quantity=2", Map.of("message", ""));
        assertThat(bought.statusCode()).as(bought.body()).isEqualTo(302);
        UUID id = onlyTransactionOf(goods);

        String sales = providerWeb.get("/sales").body();
        assertThat(sales).as("a paid order waits to be shipped").contains("Waiting for you (1)");
        assertThat(sales.indexOf("/transactions/" + id)).isGreaterThan(sales.indexOf("id=\"pending\""));
        assertThat(awaitPage(providerWeb, "/transactions/" + id, "Page Customer paid. Send it and mark it shipped."))
                .contains("<title>A goods to deal over: order")
                .contains(">Mark as shipped</button>")
                .contains(">Cancel the order</button>");
        assertThat(providerWeb
                        .post(
                                "/transactions/" + id + "/transitions",
                                Map.of("name", "ship", "message", "Sent with tracking AB123."))
                        .statusCode())
                .isEqualTo(302);

        String shipped = customerWeb.get("/transactions/" + id).body();
        assertThat(shipped)
                .contains("On its way.")
                .contains(">Mark as received</button>")
                .contains(">Report a problem</button>")
                .contains("Sent with tracking AB123.")
                .doesNotContain("name=\"refund\"");
        assertThat(customerWeb
                        .post(
                                "/transactions/" + id + "/transitions",
                                Map.of("name", "dispute", "message", "One of the two arrived broken."))
                        .statusCode())
                .isEqualTo(302);
        assertThat(stateOf(id)).isEqualTo("disputed");

        String email = Members.uniqueEmail("page-operator");
        accounts.ensureOperator(email, PASSWORD, "Page Operator");
        Web operator = TwoFactor.operator(port, address(), email, PASSWORD, clock);
        String disputes = operator.get("/admin/transactions").body();
        assertThat(disputes)
                .contains("<title>Disputes")
                .contains("href=\"/transactions/" + id + "\"")
                .contains("One of the two arrived broken.")
                .contains("Customer: Page Customer · Provider: Page Provider");
        assertThat(operator.get("/admin").body()).contains("href=\"/admin/transactions\"");

        String toResolve = operator.get("/transactions/" + id).body();
        assertThat(toResolve)
                .contains("Page Customer reported a problem.")
                .contains(">Resolve the dispute</button>")
                .contains("<label for=\"t-resolve-refund\"")
                .contains("From 0 to €84")
                .doesNotContain("href=\"/conversations/");
        HttpResponse<String> typo = operator.post(
                "/transactions/" + id + "/transitions",
                Map.of("name", "resolve", "refund", "20,5x", "message", "Half of one item back."));
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body())
                .contains("id=\"t-resolve-refund-error\"")
                .contains("Enter an amount from 0 to €84, like 12.50.")
                .contains("value=\"20,5x\"")
                .contains(">Half of one item back.</textarea>");
        HttpResponse<String> tooMuch =
                operator.post("/transactions/" + id + "/transitions", Map.of("name", "resolve", "refund", "100"));
        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(tooMuch.body()).contains("Enter an amount from 0 to €84, like 12.50.");
        assertThat(stateOf(id)).isEqualTo("disputed");

        HttpResponse<String> resolved = operator.post(
                "/transactions/" + id + "/transitions",
                Map.of("name", "resolve", "refund", "20.50", "message", "Half of one item back."));
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(302);
        assertThat(operator.follow(resolved).body())
                .contains("Dispute resolved.")
                .contains("refund €20.50");
        assertThat(stateOf(id)).isEqualTo("resolved");
        assertThat(operator.get("/admin/transactions").body()).contains("No open disputes.");
        assertThat(customerWeb.get("/transactions/" + id).body())
                .contains("The marketplace resolved the dispute.")
                .contains("Half of one item back.");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), BERLIN);
    }

    private static String day(LocalDate date) {
        return DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH).format(date);
    }

    /** A day as a range's first shows it when both ends fall in one year. */
    private static String shortDay(LocalDate date) {
        return DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH).format(date);
    }

    private String cleaning(long amount) {
        return "\"fees\": [{\"key\": \"cleaning\", \"label\": \"Cleaning\", \"amount\": {\"amount\": " + amount
                + ", \"currency\": \"" + deals.currency + "\"}}]";
    }

    private static String quotePath(UUID listing, LocalDate start, LocalDate end) {
        return "/listings/" + listing + "/quote?start=" + start + "&end=" + end;
    }

    private static String bookPath(UUID listing, LocalDate start, LocalDate end) {
        return "/listings/" + listing + "/book?start=" + start + "&end=" + end;
    }

    private UUID book(Signed who, UUID listing, LocalDate start, LocalDate end) {
        HttpResponse<String> created = http.postJson(
                "/api/v1/transactions",
                "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\"}".formatted(listing, start, end),
                who.auth());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return onlyTransactionOf(listing, who.id());
    }

    private UUID onlyTransactionOf(UUID listing) {
        return onlyTransactionOf(listing, customer.id());
    }

    private UUID onlyTransactionOf(UUID listing, UUID customerId) {
        return jdbc.sql("SELECT id FROM transactions WHERE listing_id = :listing AND customer_id = :customer")
                .param("listing", listing)
                .param("customer", customerId)
                .query(UUID.class)
                .single();
    }

    private long transactionsOf(UUID listing) {
        return jdbc.sql("SELECT count(*) FROM transactions WHERE listing_id = :listing")
                .param("listing", listing)
                .query(Long.class)
                .single();
    }

    private String stateOf(UUID id) {
        return jdbc.sql("SELECT state FROM transactions WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    /** The page until it says {@code text}: payments move transactions right after their own commit. */
    private static String awaitPage(Web web, String path, String text) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String body = web.get(path).body();
        while (!body.contains(text) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            body = web.get(path).body();
        }
        assertThat(body).contains(text);
        return body;
    }

    /** A form posted with the member's session cookie but not the page's token, as another site would. */
    private int postWithoutFormToken(Web web, String path, String form) {
        String session = web.cookie("SOUK_SESSION").orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.url(path)))
                .header("Cookie", "SOUK_SESSION=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", address())
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            return HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10.63." + (n / 250) + "." + (n % 250 + 1);
    }

    private Web signedIn(Signed member) {
        Web web = new Web(port, address());
        web.get("/sign-in");
        HttpResponse<String> response = web.post("/sign-in", Map.of("email", member.email(), "password", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        // the form token changes at sign-in: forms carry the one of a signed-in page
        web.get("/trips");
        return web;
    }
}
