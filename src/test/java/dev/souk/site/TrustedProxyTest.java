package dev.souk.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.SoukTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Behind a reverse proxy the operator named, the proxy's word on the scheme is taken. */
@SoukTest
@TestPropertySource(properties = "souk.trusted-proxies=127.0.0.1, 0:0:0:0:0:0:0:1")
class TrustedProxyTest {

    @LocalServerPort
    int port;

    @Test
    void aTrustedProxysHttpsMakesTheSessionCookieSecure() {
        HttpResponse<String> signIn =
                new Http(port).get("/sign-in", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9");

        assertThat(signIn.headers().allValues("Set-Cookie"))
                .filteredOn(cookie -> cookie.startsWith("SOUK_SESSION="))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie).containsIgnoringCase("Secure"));
    }
}
