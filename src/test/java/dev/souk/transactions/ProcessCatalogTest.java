package dev.souk.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.transactions.Process.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The catalog over the application's database. Each start with a directory of overrides is a new
 * catalog made as the application makes it at start; the rows they add are removed after each test.
 */
@SoukTest
class ProcessCatalogTest {

    private static final List<String> BUILT_INS = List.of("inquiry", "instant-booking", "purchase", "request-booking");

    @Autowired
    ProcessCatalog catalog;

    @Autowired
    ProcessStore store;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @TempDir
    Path directory;

    /** the clock of a start after the application's own */
    private static final Clock LATER = Clock.fixed(Instant.parse("2031-05-01T10:00:00Z"), ZoneOffset.UTC);

    @AfterEach
    void forgetWhatTheTestsLoaded() {
        jdbc.sql("DELETE FROM transaction_processes WHERE version > 1 OR key NOT IN (:builtIns)")
                .param("builtIns", BUILT_INS)
                .update();
    }

    @Test
    void theBuiltInProcessesAreLoadedAndRecordedWithTheirText() throws Exception {
        assertThat(catalog.all()).extracting(Process::key).containsExactlyInAnyOrderElementsOf(BUILT_INS);

        for (String key : BUILT_INS) {
            String source = builtInSource(key);
            Map<String, Object> row = jdbc.sql("""
                            SELECT source, sha256, first_loaded_at
                              FROM transaction_processes WHERE key = :key AND version = 1
                            """).param("key", key).query().singleRow();
            assertThat(row.get("source")).as(key).isEqualTo(source);
            assertThat(row.get("sha256")).as(key).isEqualTo(sha256(source));
            assertThat(row.get("first_loaded_at")).as(key).isNotNull();
            assertThat(catalog.latest(key).version()).isEqualTo(1);
            assertThat(catalog.latest(key).source()).isEqualTo(source);
            assertThat(catalog.version(key, 1)).isSameAs(catalog.latest(key));
        }
    }

    @Test
    void anOverrideWithAHigherVersionIsTheLatestAndTheOldVersionStaysReadable() throws Exception {
        Files.writeString(
                directory.resolve("request-booking.yaml"),
                builtInSource("request-booking")
                        .replace("version: 1", "version: 2")
                        .replace("after: 72h", "after: 48h"));

        ProcessCatalog restarted = new ProcessCatalog(store, LATER, directory.toString());

        Process latest = restarted.latest("request-booking");
        assertThat(latest.version()).isEqualTo(2);
        assertThat(expiry(latest)).isEqualTo(Duration.ofHours(48));
        assertThat(restarted.latest("purchase").version())
                .as("the other processes stay built in")
                .isEqualTo(1);
        assertThat(restarted.all()).hasSize(4);
        Process first = restarted.version("request-booking", 1);
        assertThat(first.version()).isEqualTo(1);
        assertThat(expiry(first)).isEqualTo(Duration.ofHours(72));
        assertThat(restarted.version("request-booking", 1))
                .as("read from the database once")
                .isSameAs(first);
        assertThat(jdbc.sql("""
                        SELECT version, first_loaded_at = :later FROM transaction_processes
                         WHERE key = 'request-booking' ORDER BY version
                        """)
                        .param("later", Timestamp.from(LATER.instant()))
                        .query((rs, n) -> rs.getInt(1) + " " + rs.getBoolean(2))
                        .list())
                .as("version 2 recorded at the start that loaded it, version 1 left as it was")
                .containsExactly("1 false", "2 true");

        ProcessCatalog withoutOverride = new ProcessCatalog(store, clock, "");
        assertThat(withoutOverride.latest("request-booking").version()).isEqualTo(1);
        assertThat(expiry(withoutOverride.version("request-booking", 2)))
                .as("a node still on version 1 runs transactions started elsewhere on version 2")
                .isEqualTo(Duration.ofHours(48));
        assertThatThrownBy(() -> withoutOverride.version("request-booking", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Transaction process request-booking version 3 was never loaded");
    }

    @Test
    void aVersionAlreadyUsedWithOtherContentStopsTheStart() throws Exception {
        Path file = directory.resolve("purchase.yaml");
        Files.writeString(file, builtInSource("purchase").replace("after: 14d", "after: 21d"));

        assertThatThrownBy(() -> new ProcessCatalog(store, clock, directory.toString()))
                .isInstanceOf(ProcessFileException.class)
                .hasMessage(
                        file + ": process purchase version 1 was already used with other content; raise its version");
        assertThat(jdbc.sql("SELECT sha256 FROM transaction_processes WHERE key = 'purchase'")
                        .query(String.class)
                        .list())
                .as("nothing changed")
                .containsExactly(sha256(builtInSource("purchase")));
    }

    @Test
    void aBrokenOverrideStopsTheStartNamingFileAndLine() throws Exception {
        Path file = directory.resolve("my-purchase.yaml");
        Files.writeString(file, builtInSource("purchase").replace("[refund-in-full,", "[refund-everything,"));
        int line = lineOf(Files.readString(file), "refund-everything");

        assertThatThrownBy(() -> new ProcessCatalog(store, clock, directory.toString()))
                .isInstanceOf(ProcessFileException.class)
                .hasMessageStartingWith(file + ":" + line + ": unknown action 'refund-everything'; one of quote,");
        assertThat(jdbc.sql("SELECT count(*) FROM transaction_processes")
                        .query(Integer.class)
                        .single())
                .as("nothing recorded")
                .isEqualTo(4);
    }

    @Test
    void twoFilesOfOneProcessStopTheStart() throws Exception {
        String source = builtInSource("inquiry").replace("version: 1", "version: 2");
        Files.writeString(directory.resolve("a.yaml"), source);
        Files.writeString(directory.resolve("b.yaml"), source);

        assertThatThrownBy(() -> new ProcessCatalog(store, clock, directory.toString()))
                .hasMessage(directory.resolve("b.yaml") + ": process inquiry is also defined in "
                        + directory.resolve("a.yaml"));
    }

    @Test
    void aDirectoryThatIsNotOneStopsTheStart() {
        Path missing = directory.resolve("missing");

        assertThatThrownBy(() -> new ProcessCatalog(store, clock, missing.toString()))
                .hasMessage("souk.processes.directory (SOUK_PROCESSES_DIRECTORY) is not a directory: " + missing);
    }

    @Test
    void nodesStartingAtOnceOnOneDatabaseAllStart() throws Exception {
        Files.writeString(
                directory.resolve("rental.yaml"),
                builtInSource("inquiry").replace("process: inquiry", "process: rental"));
        Files.writeString(
                directory.resolve("request-booking.yaml"),
                builtInSource("request-booking").replace("version: 1", "version: 2"));
        int nodes = 4;
        CountDownLatch ready = new CountDownLatch(nodes);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<CompletableFuture<ProcessCatalog>> starts = IntStream.range(0, nodes)
                    .mapToObj(n -> CompletableFuture.supplyAsync(
                            () -> {
                                ready.countDown();
                                awaitQuietly(ready);
                                return new ProcessCatalog(store, clock, directory.toString());
                            },
                            pool))
                    .toList();

            for (CompletableFuture<ProcessCatalog> start : starts) {
                assertThat(start.get(30, TimeUnit.SECONDS).latest("rental").version())
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("""
                        SELECT key || ' ' || version FROM transaction_processes
                         WHERE key = 'rental' OR version = 2 ORDER BY key
                        """).query(String.class).list()).containsExactly("rental 1", "request-booking 2");
    }

    private static Duration expiry(Process process) {
        return process.transition("requested", "expire")
                .flatMap(Process.Transition::timer)
                .map(Timer::after)
                .orElseThrow();
    }

    private static String builtInSource(String key) throws IOException {
        try (InputStream in =
                ProcessCatalogTest.class.getClassLoader().getResourceAsStream("processes/" + key + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int lineOf(String text, String word) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(word)) {
                return i + 1;
            }
        }
        throw new AssertionError(word + " not in the text");
    }

    private static String sha256(String source) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8)));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
