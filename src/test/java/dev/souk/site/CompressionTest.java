package dev.souk.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.SoukTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Text travels gzipped to clients that accept it, whichever part of the application writes it: pages,
 * static files, webjars, JSON and problems. (A body under 2 KB whose length is known before it is sent
 * goes as it is: gzip would gain nothing there.)
 */
@SoukTest
class CompressionTest {

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/, 200, text/html",
        "/search?q=room, 200, text/html",
        "/css/souk.css, 200, text/css",
        "/js/search-map.js, 200, text/javascript",
        "/webjars/htmx.org/dist/htmx.min.js, 200, text/javascript",
        "/webjars/bootstrap/dist/css/bootstrap.min.css, 200, text/css",
        "/webjars/bootstrap-icons/icons/browser-safari.svg, 200, image/svg+xml",
        "/api/v1/listings, 200, application/json",
        "/api/openapi.json, 200, application/json",
        "/api/v1/listings/not-an-id, 400, application/problem+json",
        "/api/v1/listings/00000000-0000-0000-0000-000000000000, 404, application/problem+json",
        "/api/v1/no-such-thing, 404, application/problem+json"
    })
    void textComesGzippedAndUnpacksToWhatAClientWithoutGzipGets(String path, int status, String type) {
        HttpResponse<byte[]> plain = get(path, "identity");
        HttpResponse<byte[]> gzipped = get(path, "gzip, deflate, br");

        assertThat(gzipped.statusCode()).isEqualTo(status);
        assertThat(gzipped.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith(type));
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().allValues("Vary"))
                .anySatisfy(v -> assertThat(v).containsIgnoringCase("accept-encoding"));
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
        if (plain.body().length > 4096) {
            assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
        }
    }

    private HttpResponse<byte[]> get(String path, String acceptEncoding) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept-Encoding", acceptEncoding)
                .GET()
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzip(byte[] body) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
