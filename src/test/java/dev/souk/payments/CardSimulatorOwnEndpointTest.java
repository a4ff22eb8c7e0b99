package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.SoukTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

@SoukTest
class CardSimulatorOwnEndpointTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    CardSimulatorWebhooks webhooks;

    @Test
    void withoutAWebhookAddressTheSimulatorPostsToTheSitesOwnPortNotTheManagementPort() {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(webhooks.url())
                .isEqualTo(URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/card-simulator"));
    }
}
