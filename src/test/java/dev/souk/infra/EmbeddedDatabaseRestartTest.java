package dev.souk.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.SoukProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Souk as a separate JVM, exactly as the quick start does, to prove the embedded database keeps
 * what it stored across a hard kill and a clean restart.
 */
class EmbeddedDatabaseRestartTest {

    @TempDir
    Path dataDir;

    private SoukProcess app;

    @AfterEach
    void stopApp() throws InterruptedException {
        if (app != null && app.alive()) {
            app.kill();
        }
        postmaster().ifPresent(process -> {
            process.destroy();
            process.onExit().join();
        });
    }

    @Test
    void dataSurvivesAHardKillAndACleanRestart() throws Exception {
        int port = SoukProcess.freePort();
        Http http = new Http(port);

        app = SoukProcess.start(dataDir, port, "first");
        assertThat(http.get("/").body()).contains("Souk Demo Market");
        try (Connection db = connectToEmbeddedDatabase()) {
            db.createStatement().executeUpdate("UPDATE marketplace_settings SET name = 'Kept After Kill'");
        }

        app.kill();
        assertThat(postmaster())
                .as("the killed JVM leaves its PostgreSQL running, as in real life")
                .hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());

        app = SoukProcess.start(dataDir, port, "after-kill");
        assertThat(http.get("/").body())
                .as("the stored name is still there, and the demo was not seeded again")
                .contains("Kept After Kill")
                .doesNotContain("Souk Demo Market");

        assertThat(app.stop(Duration.ofSeconds(60))).isTrue();
        assertThat(postmaster()).as("a clean shutdown stops PostgreSQL too").isEmpty();

        app = SoukProcess.start(dataDir, port, "after-clean-stop");
        HttpResponse<String> marketplace = http.get("/api/v1/marketplace");
        assertThat(marketplace.body()).contains("\"name\":\"Kept After Kill\"");
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
}
