package dev.souk.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.SoukTest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Every database connection busy for longer than the pool waits: a request is told to come back
 * shortly (503 with Retry-After), not that something broke (500), and once connections are free the
 * same request is answered as usual.
 */
@SoukTest
@TestPropertySource(
        properties = {
            "spring.datasource.hikari.maximum-pool-size=4",
            "spring.datasource.hikari.minimum-idle=4",
            "spring.datasource.hikari.connection-timeout=300"
        })
class BusyDatabaseTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    Http http;

    final List<Connection> held = new ArrayList<>();

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @AfterEach
    void release() throws Exception {
        for (Connection connection : held) {
            connection.close();
        }
        held.clear();
    }

    @Test
    void aRequestThatFindsNoConnectionIsAskedToComeBackAndThenAnswered() throws Exception {
        String api = "/api/v1/listings/" + UUID.randomUUID();
        String page = "/listings/" + UUID.randomUUID();
        holdEveryConnection();

        HttpResponse<String> busyApi = http.get(api);
        assertThat(busyApi.statusCode()).isEqualTo(503);
        assertThat(busyApi.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(busyApi.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(busyApi.body()).contains("\"status\":503").contains("too busy");

        HttpResponse<String> busyPage = http.get(page);
        assertThat(busyPage.statusCode()).isEqualTo(503);
        assertThat(busyPage.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(busyPage.body()).contains("We are very busy right now").doesNotContain("Reference:");

        release();
        assertThat(http.get(api).statusCode()).isEqualTo(404);
        assertThat(http.get(page).statusCode()).isEqualTo(404);
    }

    private void holdEveryConnection() throws Exception {
        // the pool waits 300 ms for a connection: take them until none comes
        while (true) {
            try {
                held.add(dataSource.getConnection());
            } catch (java.sql.SQLException none) {
                return;
            }
        }
    }
}
