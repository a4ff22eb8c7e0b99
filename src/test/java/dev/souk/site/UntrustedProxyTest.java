package dev.souk.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.SoukTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** With no reverse proxy named, any program on the machine could send forwarded headers: none is believed. */
@SoukTest
@TestPropertySource(properties = "souk.trusted-proxies=")
class UntrustedProxyTest {

    @LocalServerPort
    int port;

    @Test
    void forwardedHeadersFromAnAddressThatIsNoTrustedProxyAreIgnored() {
        HttpResponse<String> signIn =
                new Http(port).get("/sign-in", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9");

        assertThat(WalkingSkeletonTest.sessionCookie(signIn))
                .as("the request did not come over HTTPS")
                .doesNotContainIgnoringCase("secure");
    }
}
