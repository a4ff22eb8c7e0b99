package dev.souk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.SoukProcess;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start as a newcomer lives it: the README's command on an empty data directory, and a
 * browser opening pages while the demo marketplace is being seeded.
 */
class FirstStartTest {

    private static final List<String> PAGES =
            List.of("/", "/search", "/search?q=room", "/api/v1/listings", "/api/v1/marketplace");

    @TempDir
    Path dataDir;

    private SoukProcess app;

    @AfterEach
    void stopApp() throws InterruptedException {
        if (app != null && app.alive()) {
            app.stop(Duration.ofSeconds(60));
        }
    }

    @Test
    void pagesOpenedWhileTheDemoIsSeededNeverBreakTheStartAndReadinessWaitsForTheSeed() throws Exception {
        int port = SoukProcess.freePort();
        Http http = new Http(port);
        app = SoukProcess.launch(dataDir, port, "first-start");

        Map<String, Integer> failures = new ConcurrentHashMap<>();
        AtomicInteger answeredBeforeReady = new AtomicInteger();
        AtomicBoolean ready = new AtomicBoolean();
        AtomicBoolean hammering = new AtomicBoolean(true);
        ExecutorService browsers = Executors.newFixedThreadPool(2);
        for (int b = 0; b < 2; b++) {
            browsers.submit(() -> {
                while (hammering.get()) {
                    for (String page : PAGES) {
                        try {
                            int status = http.get(page).statusCode();
                            if (status >= 500) {
                                failures.merge(page + " → " + status, 1, Integer::sum);
                            } else if (!ready.get()) {
                                answeredBeforeReady.incrementAndGet();
                            }
                        } catch (UncheckedIOException notYetListening) {
                            pause();
                        }
                    }
                }
            });
        }
        try {
            Instant deadline = Instant.now().plus(SoukProcess.STARTUP);
            while (!app.ready()) {
                app.requireAlive();
                assertThat(Instant.now()).as("ready in time:\n%s", app.log()).isBefore(deadline);
                Thread.sleep(20);
            }
            ready.set(true);
            HttpResponse<String> marketplace = http.get("/api/v1/marketplace");
            assertThat(marketplace.body())
                    .as("ready only once the demo marketplace is committed")
                    .contains("\"name\":\"Souk Demo Market\"")
                    .contains("\"key\":\"stays\"");
        } finally {
            hammering.set(false);
            browsers.shutdown();
            assertThat(browsers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(failures)
                .as("server errors while starting; the log:\n%s", app.log())
                .isEmpty();
        assertThat(answeredBeforeReady.get())
                .as("pages were served while the demo was seeded")
                .isPositive();
        assertThat(app.log()).contains("Seeded the demo marketplace").doesNotContain("market-demo-2026");

        String memberPassword = printed(app.log(), "Demo members:");
        assertThat(memberPassword).matches("demo(-[a-z2-9]{4}){3}");
        assertThat(printed(app.log(), "Demo operator (")).isNotEqualTo(memberPassword);
        HttpResponse<String> token = http.postJson("/api/v1/auth/tokens", """
                {"email": "lena@demo.souk.dev", "password": "%s"}""".formatted(memberPassword));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
    }

    /** The password printed on the console line with this label. */
    private static String printed(String log, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + ".*? / ([a-z0-9-]+)").matcher(log);
        assertThat(m.find()).as("a line with %s in:\n%s", label, log).isTrue();
        return m.group(1);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
