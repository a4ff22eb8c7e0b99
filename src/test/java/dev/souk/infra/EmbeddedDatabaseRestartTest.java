package dev.souk.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.SoukApplication;
import dev.souk.testing.Http;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Souk as a separate JVM, exactly as the quick start does, to prove the embedded database keeps
 * what it stored across a hard kill and a clean restart.
 */
class EmbeddedDatabaseRestartTest {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;

    private Process app;

    @AfterEach
    void stopApp() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        postmaster().ifPresent(process -> {
            process.destroy();
            process.onExit().join();
        });
    }

    @Test
    void dataSurvivesAHardKillAndACleanRestart() throws Exception {
        int port = freePort();
        Http http = new Http(port);

        app = start(port, "first");
        assertThat(http.get("/").body()).contains("Souk Demo Market");
        try (Connection db = connectToEmbeddedDatabase()) {
            db.createStatement().executeUpdate("UPDATE marketplace_settings SET name = 'Kept After Kill'");
        }

        app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(postmaster())
                .as("the killed JVM leaves its PostgreSQL running, as in real life")
                .hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());

        app = start(port, "after-kill");
        assertThat(http.get("/").body())
                .as("the stored name is still there, and the demo was not seeded again")
                .contains("Kept After Kill")
                .doesNotContain("Souk Demo Market");

        app.destroy(); // SIGTERM: a graceful shutdown
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(postmaster()).as("a clean shutdown stops PostgreSQL too").isEmpty();

        app = start(port, "after-clean-stop");
        HttpResponse<String> marketplace = http.get("/api/v1/marketplace");
        assertThat(marketplace.body()).contains("\"name\":\"Kept After Kill\"");
    }

    private Process start(int port, String name) throws IOException, InterruptedException {
        Path log = dataDir.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        SoukApplication.class.getName(),
                        "--server.port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SOUK_"));
        builder.environment().put("SOUK_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        Http http = new Http(port);
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("Souk exited during start:\n" + Files.readString(log));
            }
            try {
                if (http.get("/actuator/health/readiness").statusCode() == 200) {
                    return process;
                }
            } catch (RuntimeException notYetListening) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("Souk did not become ready in " + STARTUP + ":\n" + Files.readString(log));
    }

    private Optional<ProcessHandle> postmaster() {
        List<String> pid = pidFileLines();
        return pid.isEmpty()
                ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(pid.get(0).trim()));
    }

    private Connection connectToEmbeddedDatabase() throws SQLException {
        String port = pidFileLines().get(3).trim(); // postmaster.pid: pid, data dir, start time, port, ...
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
    }

    private List<String> pidFileLines() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            return Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
