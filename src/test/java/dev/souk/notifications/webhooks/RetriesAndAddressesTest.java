package dev.souk.notifications.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry delays and which addresses count as public, without a database. */
class RetriesAndAddressesTest {

    @Test
    void delaysDoubleFromThirtySecondsUpToSixHoursStretchedByAtMostAFifth() {
        for (int n = 1; n <= 30; n++) {
            Duration base = Duration.ofSeconds(30L << Math.min(n - 1, 20));
            if (base.compareTo(Duration.ofHours(6)) > 0) {
                base = Duration.ofHours(6);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(Webhooks.delay(n)).as("attempt " + n).isBetween(base, base.plus(base.dividedBy(5)));
            }
        }
        assertThat(Webhooks.delay(2)).isGreaterThan(Duration.ofSeconds(36));
    }

    @Test
    void onlyPublicAddressesArePublic() throws Exception {
        for (String address : new String[] {
            "127.0.0.1",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1"
        }) {
            assertThat(Destinations.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
        for (String address :
                new String[] {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"}) {
            assertThat(Destinations.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
    }
}
