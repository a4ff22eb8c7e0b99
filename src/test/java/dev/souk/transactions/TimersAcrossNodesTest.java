package dev.souk.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.souk.SoukApplication;
import dev.souk.infra.Timers;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.payments.Gateway;
import dev.souk.payments.Payments;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestInfrastructure;
import dev.souk.testing.WithMailbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two application nodes on one database, as a marketplace grown past one machine runs: a process's
 * timers fire once across both, whichever node picks them up.
 */
@SoukTest
@Import(WithMailbox.class)
class TimersAcrossNodesTest {

    static final int BOOKINGS = 10;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Marketplace marketplace;

    @Autowired
    Listings listings;

    @Autowired
    Payments payments;

    @Autowired
    JdbcClient jdbc;

    ConfigurableApplicationContext otherNode;

    @Autowired
    Timers timers;

    @BeforeEach
    void setUp() {
        payments.chooseGateway(Gateway.DIRECT);
    }

    private void startTheOtherNode() throws java.sql.SQLException {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        // arguments, as an operator's environment would be: they outrank application.yml
        otherNode = new SpringApplicationBuilder(SoukApplication.class, TestInfrastructure.class)
                .profiles("test")
                .run(
                        "--spring.datasource.url=" + pool.getJdbcUrl(),
                        "--spring.datasource.username=" + pool.getUsername(),
                        "--spring.datasource.password=" + pool.getPassword(),
                        "--server.port=0",
                        "--management.server.port=0");
        // the other node must share this one's database, or its timers prove nothing
        assertThat(otherNode
                        .getBean(DataSource.class)
                        .unwrap(HikariDataSource.class)
                        .getJdbcUrl())
                .isEqualTo(pool.getJdbcUrl());
    }

    @AfterEach
    void tearDown() {
        clock.reset();
        if (!timers.isRunning()) {
            timers.start();
        }
        if (otherNode != null) {
            otherNode.close();
        }
    }

    @Test
    void everyExpiryFiresOnceThoughBothNodesRunTheTimers() throws Exception {
        startTheOtherNode();
        List<UUID> requests = requests(BOOKINGS);
        double before = fired(meters) + fired(otherNode.getBean(MeterRegistry.class));

        Duration unanswered = Duration.ofHours(73);
        clock.advance(unanswered);
        otherNode.getBean(MutableClock.class).advance(unanswered);

        await(requests, "expired");
        for (UUID id : requests) {
            assertThat(jdbc.sql(
                                    "SELECT count(*) FROM transaction_transitions WHERE transaction_id = :id AND name = 'expire'")
                            .param("id", id)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        }
        double after = fired(meters) + fired(otherNode.getBean(MeterRegistry.class));
        assertThat(after - before).as("expiry timers run across both nodes").isEqualTo(BOOKINGS);
    }

    @Test
    void aTimerDueWhileNoNodeRanFiresAtTheNextStart() throws Exception {
        List<UUID> requests = requests(2);
        timers.stop();
        clock.advance(Duration.ofHours(73));
        Thread.sleep(2_000);
        assertThat(waiting(requests, "requested"))
                .as("nothing fires while no scheduler runs")
                .isZero();

        timers.start();
        await(requests, "expired");
    }

    private List<UUID> requests(int count) {
        Http http = new Http(port);
        Deals deals = new Deals(http, marketplace, listings);
        Signed provider = Members.verifiedMember(http, "Timer Host");
        Signed customer = Members.verifiedMember(http, "Timer Guest");
        LocalDate checkIn =
                LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).plusDays(30);
        List<UUID> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID listing = deals.listing(provider, "stay", 5_000, "flexible", "");
            HttpResponse<String> created = http.postJson(
                    "/api/v1/transactions",
                    "{\"listingId\": \"%s\", \"start\": \"%s\", \"end\": \"%s\"}"
                            .formatted(listing, checkIn, checkIn.plusDays(2)),
                    customer.auth());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            requests.add(UUID.fromString(Members.field(created.body(), "id")));
        }
        await(requests, "requested");
        return requests;
    }

    private static double fired(MeterRegistry registry) {
        var counter = registry.find("transactions.timers.fired")
                .tag("transition", "expire")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void await(List<UUID> ids, String state) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline) && waiting(ids, state) > 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(waiting(ids, state)).as("transactions not yet " + state).isZero();
    }

    private long waiting(List<UUID> ids, String state) {
        return jdbc.sql("SELECT count(*) FROM transactions WHERE id = ANY (:ids) AND state <> :state")
                .param("ids", ids.toArray(UUID[]::new))
                .param("state", state)
                .query(Long.class)
                .single();
    }
}
