package dev.souk.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.accounts.Accounts;
import dev.souk.listings.CancellationPolicy;
import dev.souk.listings.ListingDraft;
import dev.souk.listings.Listings;
import dev.souk.listings.Location;
import dev.souk.listings.Rules;
import dev.souk.listings.WeeklyPlan;
import dev.souk.marketplace.Category;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.FieldType;
import dev.souk.marketplace.ListingType;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.Requirement;
import dev.souk.marketplace.TransactionKind;
import dev.souk.shared.Money;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The search API over a small fixed set of listings of this class's own catalogue, all with one
 * made-up word in their titles, so other tests' listings never get in the way.
 */
@SoukTest
class SearchApiTest {

    /** Lisbon, where most of the rooms are. */
    static final double LAT = 38.7115;

    static final double LNG = -9.1290;
    /** Kilometres per degree of latitude. */
    static final double KM = 111.195;

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Search search;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    Http http;

    /** The data set, made once for the whole class. */
    static Data data;

    static final class Data {
        TestCatalog catalog;
        String word;
        String suites;
        String colour;
        String amenities;
        String pets;
        UUID owner;
        LocalDate monday;
        UUID cafe; // rooms, 80.00, Lisbon, red, wifi+parking, pets, 2 guests
        UUID harbour; // suites (child of rooms), 120.00, 10 km north, blue, wifi, 4 guests
        UUID loft; // rooms, 50.00, Porto, green, 6 guests, at least 5 nights
        UUID blocked; // rooms, 90.00, 12 km south, one night blocked on Tuesday
        UUID studio; // rooms, 100.00, 3 km east, closed on Tuesdays
        UUID bowl; // crafts, stock 3
        UUID pottery; // classes, hourly, 5 seats
    }

    @BeforeEach
    void setUp() {
        http = new Http(port);
        if (data == null) {
            data = create();
        }
    }

    private Data create() {
        Data d = new Data();
        d.catalog = new TestCatalog(marketplace);
        TestCatalog c = d.catalog;
        d.word = "zs" + c.suffix.replace("-", "");
        d.suites = "suites-" + c.suffix;
        d.colour = "colour-" + c.suffix;
        d.amenities = "amenities-" + c.suffix;
        d.pets = "pets-" + c.suffix;
        marketplace.saveCategory(new Category(d.suites, "Suites " + c.suffix, c.rooms, Set.of(c.stays), 93));
        marketplace.saveField(field(d.colour, FieldType.CHOICE, "red", "blue", "green"));
        marketplace.saveField(field(d.amenities, FieldType.MULTI_CHOICE, "wifi", "parking", "pool"));
        marketplace.saveField(field(d.pets, FieldType.BOOLEAN));
        d.owner = accounts.ensureOperator(Members.uniqueEmail("search-api"), "search-api-words", "Search Api Owner");
        d.monday = LocalDate.now(ZoneOffset.UTC).plusDays(14).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        d.cafe = stay(
                d,
                "Café harbour room " + d.word,
                c.rooms,
                8000,
                LAT,
                LNG,
                Map.of(c.guests, 2, d.colour, "red", d.amenities, List.of("wifi", "parking"), d.pets, true),
                null);
        d.harbour = stay(
                d,
                "Harbourview suite " + d.word,
                d.suites,
                12000,
                LAT + 10 / KM,
                LNG,
                Map.of(c.guests, 4, d.colour, "blue", d.amenities, List.of("wifi"), d.pets, false),
                null);
        d.loft = stay(
                d,
                "Quiet loft " + d.word,
                c.rooms,
                5000,
                41.1496,
                -8.6110,
                Map.of(c.guests, 6, d.colour, "green"),
                new Rules(5, null, 0, CancellationPolicy.FLEXIBLE, ""));
        d.blocked = stay(d, "Blocked flat " + d.word, c.rooms, 9000, LAT - 12 / KM, LNG, Map.of(c.guests, 2), null);
        listings.addException(d.owner, d.blocked, d.monday.plusDays(1), d.monday.plusDays(1), 0);
        d.studio = stay(
                d,
                "Weekday studio " + d.word,
                c.rooms,
                10000,
                LAT,
                LNG + 3 / (KM * Math.cos(Math.toRadians(LAT))),
                Map.of(c.guests, 2),
                null);
        closedOn(d.owner, d.studio, DayOfWeek.TUESDAY);
        d.bowl = publish(
                d,
                new ListingDraft(
                        c.goods,
                        c.crafts,
                        "Clay bowl " + d.word,
                        "Glazed.",
                        Map.of(),
                        Money.of(2000, "EUR"),
                        null,
                        null,
                        null,
                        null,
                        null));
        listings.setStock(d.owner, d.bowl, 3, null, "made three");
        d.pottery = publish(
                d,
                new ListingDraft(
                        c.lessons,
                        c.classes,
                        "Pottery class " + d.word,
                        "Wheel and clay.",
                        Map.of(),
                        Money.of(3000, "EUR"),
                        null,
                        null,
                        null,
                        5,
                        null));
        // the index follows each listing's last change within a second
        Instant deadline = Instant.now().plusSeconds(5);
        while (ids("q=" + d.word + "&limit=100").size() < 7
                || ids("q=" + d.word + "&quantity=3").size() < 1) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "index not ready: " + ids("q=" + d.word + "&limit=100").size() + " "
                                + ids("q=" + d.word + "&quantity=3").size() + " "
                                + ids("q=" + d.word + "&start=" + d.monday + "&end=" + d.monday.plusDays(3)));
            }
        }
        return d;
    }

    private static CustomField field(String key, FieldType type, String... choices) {
        return new CustomField(
                key,
                key,
                type,
                Set.of(),
                Set.of(),
                false,
                false,
                true,
                Arrays.stream(choices).map(ch -> new CustomField.Choice(ch, ch)).toList(),
                null,
                null,
                null,
                95);
    }

    private UUID stay(
            Data d,
            String title,
            String category,
            long price,
            double latitude,
            double longitude,
            Map<String, ?> fields,
            Rules rules) {
        return publish(
                d,
                new ListingDraft(
                        d.catalog.stays,
                        category,
                        title,
                        "Bright and calm.",
                        fields,
                        Money.of(price, "EUR"),
                        new Location("Somewhere 1", latitude, longitude),
                        null,
                        null,
                        null,
                        rules));
    }

    private UUID publish(Data d, ListingDraft draft) {
        UUID id = listings.create(d.owner, draft).id();
        listings.addPhoto(d.owner, id, new ByteArrayInputStream(TestCatalog.png(120, 90)));
        listings.publish(d.owner, id);
        return id;
    }

    // --- keywords ----------------------------------------------------------------------------------

    @Test
    void keywordsIgnoreAccentsCompleteTheLastWordAndForgiveATypo() {
        assertThat(ids("q=cafe+" + data.word)).containsExactly(data.cafe);
        // one word alone is looked up among the title words, as typed so far and in any case
        String typed = data.word.substring(0, 7).toUpperCase(Locale.ROOT);
        assertThat(ids("q=" + typed)).contains(data.cafe, data.harbour, data.loft);
        assertThat(ids("q=" + typed + "&category=" + data.suites)).containsExactly(data.harbour);
        assertThat(ids("q=CAFÉ+" + data.word.substring(0, 7))).contains(data.cafe);
        assertThat(ids("q=Harbuorview+" + data.word)).contains(data.harbour);
        JsonNode page = get("q=" + data.word + "&limit=100");
        assertThat(page.get("items").get(0).get("title").asString()).contains(data.word);
    }

    @Test
    void theStatementsOfASearchReplayAsPlainSql() throws Exception {
        SearchQuery query = new SearchQuery(
                data.word,
                null,
                null,
                Map.of(),
                null,
                null,
                null,
                new SearchQuery.Near(LAT, LNG, 11),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                SearchQuery.DEFAULT_LIMIT,
                null);
        SearchResults found = search.find(query);
        List<Search.Statement> statements = search.statements(query);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(2).onlyAfterMoreRowsThan()).isEqualTo(SearchQuery.DEFAULT_LIMIT);
        List<UUID> page = new ArrayList<>();
        long[] totals = {0, 0}; // counted with the page, counted on its own
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < statements.size(); i++) {
                Search.Statement statement = statements.get(i);
                try (java.sql.PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
                    for (int p = 0; p < statement.params().size(); p++) {
                        prepared.setObject(p + 1, statement.params().get(p));
                    }
                    try (java.sql.ResultSet rs = prepared.executeQuery()) {
                        while (rs.next()) {
                            if (i == 1) {
                                page.add(rs.getObject("listing_id", UUID.class));
                                // fewer keyword matches than are ranked: counted with the page
                                String counted = rs.getString("counted");
                                assertThat(counted).isNotNull();
                                if (page.size() == 1) { // the same on every row: a line per group, its count first
                                    for (String group : counted.split("\n")) {
                                        totals[0] += Long.parseLong(group.substring(0, group.indexOf(' ')));
                                    }
                                }
                            } else if (i == 2) {
                                totals[1] += rs.getLong("n");
                            }
                        }
                    }
                }
            }
            connection.rollback();
        }
        assertThat(found.items()).isNotEmpty();
        assertThat(page)
                .containsExactlyElementsOf(
                        found.items().stream().map(SearchHit::id).toList());
        assertThat(totals[0]).isEqualTo(found.total()).isEqualTo(totals[1]);
    }

    @Test
    void aParentCategoryIncludesItsChildren() {
        assertThat(ids("q=" + data.word + "&category=" + data.catalog.rooms))
                .containsExactlyInAnyOrder(data.cafe, data.harbour, data.loft, data.blocked, data.studio);
        assertThat(ids("q=" + data.word + "&category=" + data.suites)).containsExactly(data.harbour);
        assertThat(ids("q=" + data.word + "&type=" + data.catalog.goods)).containsExactly(data.bowl);
    }

    // --- fields, price, place ----------------------------------------------------------------------

    @Test
    void customFieldsFilterByEachKind() {
        String q = "q=" + data.word;
        assertThat(ids(q + "&f." + data.colour + "=red,blue")).containsExactlyInAnyOrder(data.cafe, data.harbour);
        assertThat(ids(q + "&f." + data.amenities + "=pool")).isEmpty();
        assertThat(ids(q + "&f." + data.amenities + "=all:wifi,parking")).containsExactly(data.cafe);
        assertThat(ids(q + "&f." + data.amenities + "=wifi")).containsExactlyInAnyOrder(data.cafe, data.harbour);
        assertThat(ids(q + "&f." + data.catalog.guests + "=3..5")).containsExactly(data.harbour);
        assertThat(ids(q + "&f." + data.catalog.guests + "=5..")).containsExactly(data.loft);
        assertThat(ids(q + "&f." + data.pets + "=true")).containsExactly(data.cafe);
        assertThat(ids(q + "&f." + data.pets + "=false")).containsExactly(data.harbour);
    }

    @Test
    void priceRangeIsInMinorUnitsOfTheListingsCurrency() {
        assertThat(ids("q=" + data.word + "&price_min=7000&price_max=9500"))
                .containsExactlyInAnyOrder(data.cafe, data.blocked);
        assertThat(ids("q=" + data.word + "&price_min=7000&price_max=9500&currency=USD"))
                .isEmpty();
    }

    @Test
    void aRadiusTakesListingsJustInsideAndLeavesThoseJustOutside() {
        List<UUID> near = ids("q=" + data.word + "&lat=" + LAT + "&lng=" + LNG + "&radius_km=11");
        assertThat(near).contains(data.cafe, data.harbour, data.studio).doesNotContain(data.blocked, data.loft);
        JsonNode page = get("q=" + data.word + "&lat=" + LAT + "&lng=" + LNG + "&radius_km=11&sort=distance");
        assertThat(page.get("items").get(0).get("id").asString()).isEqualTo(data.cafe.toString());
        assertThat(page.get("items").get(0).get("distanceKm").asDouble()).isLessThan(0.01);
        assertThat(page.get("items").get(2).get("distanceKm").asDouble()).isBetween(9.9, 10.1);
    }

    @Test
    void aBoxTakesWhatIsOnTheMap() {
        assertThat(ids("q=" + data.word + "&bbox=-9,41,-8,42")).containsExactly(data.loft);
        // wider than the regions whose words are looked up with the keywords: checked row by row instead
        assertThat(ids("q=" + data.word + "&bbox=-10,37,-7,42"))
                .containsExactlyInAnyOrder(data.cafe, data.harbour, data.loft, data.blocked, data.studio);
    }

    @Test
    void keywordsInAPlaceMayEndWithTheStartOfAWordAndKeepEveryOtherFilter() {
        String around = "&lat=" + LAT + "&lng=" + LNG + "&radius_km=11";
        String start = data.word.substring(0, data.word.length() - 3);
        assertThat(matches("q=" + start + around)).containsExactlyInAnyOrder(data.cafe, data.harbour, data.studio);
        assertThat(matches("q=" + data.word + "+harbourv" + around)).containsExactly(data.harbour);
        assertThat(matches("q=caf%C3%A9+" + start + around)).containsExactly(data.cafe);
        // a parent category with its child, the child alone, the listing type
        assertThat(matches("q=" + start + "&category=" + data.catalog.rooms + around))
                .containsExactlyInAnyOrder(data.cafe, data.harbour, data.studio);
        assertThat(matches("q=" + start + "&category=" + data.suites + around)).containsExactly(data.harbour);
        assertThat(matches("q=" + start + "&type=" + data.catalog.stays + "&price_max=9000" + around))
                .containsExactly(data.cafe);
        assertThat(ids("q=" + start + "&type=" + data.catalog.goods + around)).isEmpty();
        // no word starts so: nothing, and no error
        assertThat(ids("q=qqxjwv" + around)).isEmpty();
    }

    // --- dates, seats, stock -----------------------------------------------------------------------

    @Test
    void datesLeaveOutBlockedDaysClosedWeekdaysAndTooShortStays() {
        String dates = "&type=" + data.catalog.stays + "&start=" + data.monday + "&end=" + data.monday.plusDays(3);
        assertThat(ids("q=" + data.word + dates)).containsExactlyInAnyOrder(data.cafe, data.harbour);
        // from Wednesday, the blocked Tuesday and the closed Tuesday are behind
        String later =
                "&type=" + data.catalog.stays + "&start=" + data.monday.plusDays(2) + "&end=" + data.monday.plusDays(4);
        assertThat(ids("q=" + data.word + later))
                .containsExactlyInAnyOrder(data.cafe, data.harbour, data.blocked, data.studio);
        String week = "&start=" + data.monday + "&end=" + data.monday.plusDays(7);
        assertThat(ids("q=" + data.word + week + "&category=" + data.catalog.rooms))
                .containsExactlyInAnyOrder(data.cafe, data.harbour, data.loft);
        // a start in the past finds nothing
        assertThat(ids("q=" + data.word + "&start=2020-01-01&end=2020-01-03")).isEmpty();
    }

    @Test
    void datesLeaveOutStaysStartingSoonerThanTheirAdvanceNotice() {
        String word = "zn" + UUID.randomUUID().toString().substring(0, 8);
        UUID stay = stay(
                data,
                "Planned cabin " + word,
                data.catalog.rooms,
                7000,
                LAT,
                LNG,
                Map.of(data.catalog.guests, 2),
                new Rules(null, null, 10, CancellationPolicy.FLEXIBLE, ""));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try {
            eventually(() -> ids("q=" + word).contains(stay));
            assertThat(ids("q=" + word + "&start=" + today.plusDays(5) + "&end=" + today.plusDays(7)))
                    .isEmpty();
            assertThat(ids("q=" + word + "&start=" + today.plusDays(12) + "&end=" + today.plusDays(14)))
                    .containsExactly(stay);
        } finally {
            closeAll(word, stay);
        }
    }

    @Test
    void aRebuildComputesTheReadModelAfreshFromTheListings() throws Exception {
        String word = "zq" + UUID.randomUUID().toString().substring(0, 8);
        UUID stay = stay(
                data,
                "Rebuilt chalet " + word,
                data.catalog.rooms,
                7000,
                LAT,
                LNG,
                Map.of(data.catalog.guests, 2),
                null);
        LocalDate tuesday = data.monday.plusDays(1);
        listings.addException(data.owner, stay, tuesday, tuesday, 0);
        // closed on Thursdays, but open on the Thursday of the week after
        closedOn(data.owner, stay, DayOfWeek.THURSDAY);
        listings.addException(data.owner, stay, data.monday.plusDays(10), data.monday.plusDays(10), 1);
        String blockedNights = "&start=" + data.monday + "&end=" + data.monday.plusDays(3);
        String openedThursday = "&start=" + data.monday.plusDays(9) + "&end=" + data.monday.plusDays(11);
        try {
            // every refresh of the listing is done, so none can write its rows back behind the test
            eventually(() -> ids("q=" + word).contains(stay) && unhandledEventsAbout(stay) == 0);
            // the read model loses the listing's row and title words behind the listings' back
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM search_listings WHERE listing_id = '" + stay + "'");
                statement.execute("DELETE FROM search_title_words WHERE listing_id = '" + stay + "'");
                statement.execute("DELETE FROM search_words WHERE word = '" + word + "'");
                statement.execute("DELETE FROM search_calendar WHERE listing_id = '" + stay + "'");
                // changed long before: the rebuild alone computes it, no refresh after the swap
                statement.execute(
                        "UPDATE listings SET updated_at = updated_at - interval '1 hour' WHERE id = '" + stay + "'");
            }
            assertThat(ids("q=" + word)).isEmpty();

            assertThat(search.rebuild()).isPositive();

            assertThat(ids("q=" + word)).containsExactly(stay);
            assertThat(ids("q=chalet+" + word + "&lat=" + LAT + "&lng=" + LNG + "&radius_km=1"))
                    .containsExactly(stay);
            assertThat(matches("q=" + word.substring(0, 6) + "&lat=" + LAT + "&lng=" + LNG + "&radius_km=20"))
                    .containsExactly(stay);
            assertThat(ids("q=" + word + blockedNights)).isEmpty();
            assertThat(ids("q=" + word + "&start=" + data.monday.plusDays(7) + "&end=" + data.monday.plusDays(10)))
                    .containsExactly(stay);
            assertThat(ids("q=" + word + openedThursday)).containsExactly(stay);
            // and everything else is findable as before
            assertThat(ids("q=" + data.word + "&category=" + data.catalog.rooms))
                    .hasSize(5);
        } finally {
            closeAll(word, stay);
        }
    }

    @Test
    void searchesGoOnWhileTheReadModelIsRebuiltAndSwapped() throws Exception {
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService searchers = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (String path : List.of(
                "/api/v1/listings?q=" + data.word,
                "/api/v1/listings?q=" + data.word + "&lat=" + LAT + "&lng=" + LNG + "&radius_km=20",
                "/search?q=" + data.word)) {
            running.add(searchers.submit(() -> {
                while (rebuilding.get()) {
                    statuses.merge(http.get(path).statusCode(), 1, Integer::sum);
                }
            }));
        }
        try {
            assertThat(search.rebuild()).isPositive();
        } finally {
            rebuilding.set(false);
            for (Future<?> searcher : running) {
                searcher.get(30, TimeUnit.SECONDS);
            }
            searchers.shutdown();
        }
        assertThat(statuses).as("answers while the tables were swapped").containsOnlyKeys(200);
    }

    private int unhandledEventsAbout(UUID listing) {
        try (Connection connection = dataSource.getConnection();
                var statement = connection.prepareStatement(
                        "SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE ?")) {
            statement.setString(1, "%" + listing + "%");
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anExceptionOpensAWeekdayTheWeeklyPlanCloses() {
        String word = "zw" + UUID.randomUUID().toString().substring(0, 8);
        UUID stay = stay(
                data, "Tuesday barn " + word, data.catalog.rooms, 7000, LAT, LNG, Map.of(data.catalog.guests, 2), null);
        closedOn(data.owner, stay, DayOfWeek.TUESDAY);
        LocalDate tuesday = data.monday.plusDays(1);
        listings.addException(data.owner, stay, tuesday, tuesday, 1);
        try {
            // both changes handled: before the weekly plan's, every Tuesday is open
            eventually(() -> unhandledEventsAbout(stay) == 0);
            assertThat(ids("q=" + word + "&start=" + data.monday + "&end=" + data.monday.plusDays(2)))
                    .containsExactly(stay);
            // the Tuesday of the week after stays closed
            assertThat(ids("q=" + word + "&start=" + data.monday.plusDays(7) + "&end=" + data.monday.plusDays(9)))
                    .isEmpty();
        } finally {
            closeAll(word, stay);
        }
    }

    @Test
    void aRentalNeedsItsLastDayFreeWhereAStayChecksOutOnIt() {
        String word = "zd" + UUID.randomUUID().toString().substring(0, 8);
        String rentals = "rentals-" + data.catalog.suffix;
        String tools = "tools-" + data.catalog.suffix;
        marketplace.saveListingType(new ListingType(
                rentals, "Rentals", TransactionKind.DAILY, false, false, Set.of(Requirement.PRICE), 94));
        marketplace.saveCategory(new Category(tools, "Tools", null, Set.of(rentals), 94));
        UUID drill = publish(
                data,
                new ListingDraft(
                        rentals,
                        tools,
                        "Drill " + word,
                        "Cordless.",
                        Map.of(),
                        Money.of(1500, "EUR"),
                        null,
                        null,
                        null,
                        null,
                        null));
        // closed on Thursdays; the Tuesday of the week after is taken
        closedOn(data.owner, drill, DayOfWeek.THURSDAY);
        listings.addException(data.owner, drill, data.monday.plusDays(8), data.monday.plusDays(8), 0);
        UUID cabin =
                stay(data, "Cabin " + word, data.catalog.rooms, 7000, LAT, LNG, Map.of(data.catalog.guests, 2), null);
        closedOn(data.owner, cabin, DayOfWeek.THURSDAY);
        listings.addException(data.owner, cabin, data.monday.plusDays(8), data.monday.plusDays(8), 0);
        try {
            String mondayToWednesday = "&start=" + data.monday + "&end=" + data.monday.plusDays(2);
            // every refresh done: the plans and the taken days are in the read model
            eventually(() -> ids("q=" + word + mondayToWednesday).containsAll(List.of(drill, cabin))
                    && unhandledEventsAbout(drill) == 0
                    && unhandledEventsAbout(cabin) == 0);
            // Monday to Thursday: the drill for four days, Thursday included; the cabin for three nights
            String mondayToThursday = "&start=" + data.monday + "&end=" + data.monday.plusDays(3);
            assertThat(ids("q=" + word + mondayToThursday)).containsExactly(cabin);
            // the taken Tuesday as the last day: the cabin's check-out, the drill's last day of use
            String toTakenTuesday = "&start=" + data.monday.plusDays(7) + "&end=" + data.monday.plusDays(8);
            assertThat(ids("q=" + word + toTakenTuesday)).containsExactly(cabin);
            String toMonday = "&start=" + data.monday.plusDays(6) + "&end=" + data.monday.plusDays(7);
            assertThat(ids("q=" + word + toMonday)).containsExactlyInAnyOrder(drill, cabin);
            // one day alone: the drill that day, the cabin that night
            assertThat(ids("q=" + word + "&start=" + data.monday.plusDays(3))).isEmpty();
            assertThat(ids("q=" + word + "&start=" + data.monday.plusDays(2))).containsExactlyInAnyOrder(drill, cabin);
        } finally {
            closeAll(word, drill, cabin);
        }
    }

    /** One seat every day but {@code closed}. */
    private void closedOn(UUID owner, UUID listing, DayOfWeek closed) {
        listings.setWeeklyPlan(
                owner,
                listing,
                Arrays.stream(DayOfWeek.values())
                        .filter(day -> day != closed)
                        .map(day -> new WeeklyPlan.OpenDay(day, null, null, 1))
                        .toList());
    }

    /** Takes this test's own listings out of the shared data set's categories again. */
    private void closeAll(String word, UUID... ids) {
        for (UUID id : ids) {
            listings.close(data.owner, id);
        }
        eventually(() -> ids("q=" + word).isEmpty());
    }

    @Test
    void seatsAndQuantityNeedEnoughOfThem() {
        String day = "&start=" + data.monday;
        assertThat(ids("q=" + data.word + "&category=" + data.catalog.classes + day + "&seats=5"))
                .containsExactly(data.pottery);
        assertThat(ids("q=" + data.word + "&category=" + data.catalog.classes + day + "&seats=6"))
                .isEmpty();
        assertThat(ids("q=" + data.word + "&seats=5")).containsExactly(data.pottery);
        assertThat(ids("q=" + data.word + day + "&hours=8")).containsExactly(data.pottery);
        assertThat(ids("q=" + data.word + day + "&hours=9")).doesNotContain(data.pottery);
        assertThat(ids("q=" + data.word + "&quantity=3")).containsExactly(data.bowl);
        assertThat(ids("q=" + data.word + "&quantity=4")).isEmpty();
    }

    // --- sorting, paging, counting -----------------------------------------------------------------

    @Test
    void sortsByPriceNewestAndDistance() {
        String rooms = "q=" + data.word + "&category=" + data.catalog.rooms;
        assertThat(ids(rooms + "&sort=price_asc"))
                .containsExactly(data.loft, data.cafe, data.blocked, data.studio, data.harbour);
        assertThat(ids(rooms + "&sort=price_desc"))
                .containsExactly(data.harbour, data.studio, data.blocked, data.cafe, data.loft);
        assertThat(ids("category=" + data.catalog.rooms + "&sort=newest"))
                .containsExactly(data.studio, data.blocked, data.loft, data.harbour, data.cafe);
        assertThat(ids(rooms + "&sort=distance&lat=" + LAT + "&lng=" + LNG + "&radius_km=500"))
                .containsExactly(data.cafe, data.studio, data.harbour, data.blocked, data.loft);
        assertThat(ids(rooms + "&sort=rating")).hasSize(5);
    }

    @Test
    void pagesFollowOneAnotherWithoutDuplicates() {
        for (String sort : List.of("newest", "price_asc", "relevance", "distance")) {
            String query = "q=" + data.word + "&category=" + data.catalog.rooms + "&limit=2&sort=" + sort + "&lat="
                    + LAT + "&lng=" + LNG + "&radius_km=500";
            List<UUID> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = get(query + (cursor == null ? "" : "&cursor=" + cursor));
                page.get("items")
                        .forEach(item -> seen.add(UUID.fromString(item.get("id").asString())));
                cursor = page.path("nextCursor").isString()
                        ? page.path("nextCursor").asString()
                        : null;
                pages++;
            } while (cursor != null && pages < 10);
            assertThat(pages).as(sort).isEqualTo(3);
            assertThat(seen).as(sort).hasSize(5).doesNotHaveDuplicates();
            assertThat(new HashSet<>(seen))
                    .containsExactlyInAnyOrder(data.cafe, data.harbour, data.loft, data.blocked, data.studio);
        }
    }

    @Test
    void totalAndFacetsCountTheMatches() {
        JsonNode page = get("q=" + data.word + "&category=" + data.catalog.rooms);
        assertThat(page.get("total").asLong()).isEqualTo(5);
        assertThat(page.get("totalIsEstimate").asBoolean()).isFalse();
        JsonNode categories = page.get("facets").get("category");
        assertThat(categories.get(data.catalog.rooms).asLong()).isEqualTo(5);
        assertThat(categories.get(data.suites).asLong()).isEqualTo(1);
        JsonNode colours = page.get("facets").get("f." + data.colour);
        assertThat(colours.get("red").asLong()).isEqualTo(1);
        assertThat(colours.get("blue").asLong()).isEqualTo(1);
        assertThat(colours.get("green").asLong()).isEqualTo(1);
        assertThat(page.get("facets").get("f." + data.amenities).get("wifi").asLong())
                .isEqualTo(2);
        JsonNode card = page.get("items").get(0);
        assertThat(card.get("price").get("currency").asString()).isEqualTo("EUR");
        assertThat(card.get("unit").asString()).isEqualTo("night");
        assertThat(card.get("location").get("latitude").isNumber()).isTrue();
        assertThat(card.get("thumbnailUrl").asString()).startsWith("/media/");
        assertThat(card.path("rating").path("average").isNumber()).isFalse();
    }

    @Test
    void totalAndFacetsAreTheSameCountedFromThePageOrInTheDatabase() {
        // all matches on the page are counted from it; one to a page, the database counts them: on its own,
        // or (keywords and a place) while ranking them
        String near = "&lat=" + LAT + "&lng=" + LNG + "&radius_km=50";
        for (String query : List.of("q=" + data.word + "&category=" + data.catalog.rooms, "q=" + data.word + near)) {
            JsonNode whole = get(query);
            JsonNode paged = get(query + "&limit=1");
            assertThat(whole.get("total").asLong()).as(query).isGreaterThan(2);
            assertThat(paged.get("nextCursor").isString()).as(query).isTrue();
            assertThat(paged.get("total")).as(query).isEqualTo(whole.get("total"));
            assertThat(paged.get("facets")).as(query).isEqualTo(whole.get("facets"));
        }
    }

    @Test
    void countsOfManyMatchesAreReusedUntilTheIndexChangesOnAnyNodeWhileThePageStaysFresh() {
        String word = "zr" + UUID.randomUUID().toString().substring(0, 8);
        Supplier<UUID> room = () -> stay(
                data, "Quiet room " + word, data.catalog.rooms, 7000, LAT, LNG, Map.of(data.catalog.guests, 2), null);
        UUID first = room.get();
        UUID second = room.get();
        UUID third = room.get();
        eventually(() -> ids("q=" + word).size() == 3);
        search.countsReusedFor(Duration.ofHours(1));
        try {
            String broad = "q=" + word + "&sort=newest&limit=1";
            assertThat(get(broad).get("total").asLong()).isEqualTo(3);
            // the newest row gone behind the index's back, with no notice: the page shows it at once,
            // the count is the one kept
            jdbc.sql("DELETE FROM search_listings WHERE listing_id = :id")
                    .param("id", third)
                    .update();
            JsonNode kept = get(broad);
            assertThat(kept.get("items").get(0).get("id").asString()).isEqualTo(second.toString());
            assertThat(kept.get("total").asLong()).as("reused").isEqualTo(3);
            // every match on one page: counted from the page, so never behind it
            assertThat(get("q=" + word).get("total").asLong()).isEqualTo(2);

            // the notice another node's change of the index sends: the count is dropped here too
            jdbc.sql("SELECT pg_notify('souk_changes', 'search-index')").query().listOfRows();
            eventually(() -> get(broad).get("total").asLong() == 2);

            // a change on this node: dropped once its index write commits
            assertThat(get(broad).get("total").asLong()).isEqualTo(2);
            listings.close(data.owner, second);
            eventually(() -> get(broad).get("total").asLong() == 1);
        } finally {
            search.countsReusedFor(Duration.ZERO);
        }
        closeAll(word, first, third);
    }

    @Test
    void aClosedListingDisappearsAndAnEditedOneIsFoundByItsNewTitleWithinASecond() {
        String word = "zt" + UUID.randomUUID().toString().substring(0, 8);
        UUID room = stay(
                data, "Sunny room " + word, data.catalog.rooms, 7000, LAT, LNG, Map.of(data.catalog.guests, 2), null);
        eventually(() -> ids("q=" + word).contains(room));
        String added = "zu" + UUID.randomUUID().toString().substring(0, 8);
        String title = "Shady loft " + word + " " + added;
        listings.update(
                data.owner, room, new ListingDraft(null, null, title, null, null, null, null, null, null, null, null));
        try {
            // an exact match: the old title, "Sunny room", is a close spelling of "shady" and the word
            eventually(() -> exactIds("q=shady+" + word).contains(room));
            // its new word is one a keyword in a place may start
            assertThat(matches("q=" + added.substring(0, 6) + "&lat=" + LAT + "&lng=" + LNG + "&radius_km=11"))
                    .containsExactly(room);
        } finally {
            listings.close(data.owner, room);
        }
        eventually(() -> !ids("q=" + word).contains(room));
    }

    // --- refusals ----------------------------------------------------------------------------------

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("sort=cheapest", "sort");
        refusals.put("sort=distance", "sort");
        refusals.put("price_min=500&price_max=100", "price_max");
        refusals.put("price_min=abc", "price_min");
        refusals.put("lat=91&lng=0", "lat");
        refusals.put("lat=10&lng=181", "lng");
        refusals.put("lat=10", "lng");
        refusals.put("lng=10", "lat");
        refusals.put("lat=10&lng=10&radius_km=0", "radius_km");
        refusals.put("lat=10&lng=10&radius_km=501", "radius_km");
        refusals.put("radius_km=5", "radius_km");
        refusals.put("bbox=1,2,3", "bbox");
        refusals.put("bbox=-200,0,10,10", "bbox");
        refusals.put("bbox=10,0,5,10", "bbox");
        refusals.put("start=2030-01-05&end=2030-01-05", "end");
        refusals.put("start=" + data.monday + "&end=" + data.monday.minusDays(1), "end");
        refusals.put("start=tomorrow", "start");
        refusals.put("end=" + data.monday, "start");
        refusals.put("seats=0", "seats");
        refusals.put("quantity=0", "quantity");
        refusals.put("hours=0", "hours");
        refusals.put("limit=0", "limit");
        refusals.put("limit=101", "limit");
        refusals.put("type=nope-nope", "type");
        refusals.put("category=nope-nope", "category");
        refusals.put("f.nope-nope=1", "f.nope-nope");
        refusals.put("f." + data.colour + "=purple", "f." + data.colour);
        refusals.put("f." + data.catalog.guests + "=5..2", "f." + data.catalog.guests);
        refusals.put("f." + data.catalog.guests + "=red", "f." + data.catalog.guests);
        refusals.put("cursor=not-a-cursor", "cursor");
        refusals.forEach((query, parameter) -> {
            HttpResponse<String> response = http.get("/api/v1/listings?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .as(query)
                    .startsWith("application/problem+json");
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("type").asString()).as(query).isEqualTo("urn:souk:problem:validation");
            List<String> fields = new ArrayList<>();
            problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
            assertThat(fields).as(query).contains(parameter);
        });
    }

    @Test
    void aCursorOfAnotherSortIsRefused() {
        String cursor =
                get("q=" + data.word + "&limit=1&sort=newest").get("nextCursor").asString();
        HttpResponse<String> response =
                http.get("/api/v1/listings?q=" + data.word + "&limit=1&sort=price_asc&cursor=" + cursor);
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void cursorsAreSignedWithThisInstallsOwnKeyAndOneSignedWithAnyOtherIsRefused() throws Exception {
        String cursor =
                get("q=" + data.word + "&limit=1&sort=newest").get("nextCursor").asString();
        byte[] signed = Base64.getUrlDecoder().decode(cursor);
        byte[] payload = Arrays.copyOf(signed, signed.length - 12);
        byte[] installKey = jdbc.sql("SELECT secret FROM install_secrets WHERE name = 'search-cursor'")
                .query(byte[].class)
                .single();
        assertThat(installKey).hasSize(32);
        assertThat(signature(payload, installKey)).isEqualTo(Arrays.copyOfRange(signed, payload.length, signed.length));

        // what a copy of Souk with a key everyone knows would sign
        byte[] known = "souk-search-cursor".getBytes(StandardCharsets.UTF_8);
        byte[] forged = Arrays.copyOf(payload, signed.length);
        System.arraycopy(signature(payload, known), 0, forged, payload.length, 12);
        HttpResponse<String> response = http.get("/api/v1/listings?q=" + data.word + "&limit=1&sort=newest&cursor="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"cursor\"");
    }

    private static byte[] signature(byte[] payload, byte[] key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal(payload), 12);
    }

    @Test
    void aSearchTheDatabaseGivesUpOnIs503() throws Exception {
        // another transaction holds the read model, so the search waits until its time limit ends it
        search.statementTimeout(Duration.ofMillis(300));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE search_listings IN ACCESS EXCLUSIVE MODE");
            }
            HttpResponse<String> response = http.get("/api/v1/listings?q=" + data.word);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json.readTree(response.body()).get("type").asString())
                    .isEqualTo("urn:souk:problem:search-timeout");
            HttpResponse<String> page = http.get("/search?q=" + data.word);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("took too long");
            connection.rollback();
        } finally {
            search.statementTimeout(Duration.ofSeconds(2));
        }
        assertThat(ids("q=" + data.word)).hasSize(7);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private JsonNode get(String query) {
        HttpResponse<String> response = http.get("/api/v1/listings?" + query);
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private List<UUID> ids(String query) {
        List<UUID> ids = new ArrayList<>();
        get(query)
                .get("items")
                .forEach(item -> ids.add(UUID.fromString(item.get("id").asString())));
        return ids;
    }

    /** {@link #matches}, or none when the search found only close spellings. */
    private List<UUID> exactIds(String query) {
        JsonNode page = get(query);
        List<UUID> ids = new ArrayList<>();
        if (page.at("/facets/category").size() > 0) {
            page.get("items")
                    .forEach(item -> ids.add(UUID.fromString(item.get("id").asString())));
        }
        return ids;
    }

    /** The ids of exact matches: close spellings (when nothing matches) come without facets. */
    private List<UUID> matches(String query) {
        JsonNode page = get(query);
        assertThat(page.at("/facets/category").size())
                .as(query + ": exact matches, not " + page)
                .isPositive();
        List<UUID> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(UUID.fromString(item.get("id").asString())));
        return ids;
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void eventually(Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(1));
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not true within 1 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
