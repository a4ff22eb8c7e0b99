package dev.souk.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.testing.Http;
import dev.souk.testing.SoukProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
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
    void dataSurvivesAHardKillAndACleanRestartBehindPasswords() throws Exception {
        int port = SoukProcess.freePort();
        Http http = new Http(port);

        app = SoukProcess.start(dataDir, port, "first");
        assertThat(http.get("/").body()).contains("Souk Demo Market");
        // the embedded database asks for passwords, and Souk is no superuser there
        String url = "jdbc:postgresql://localhost:" + pidFileLines().get(3).trim() + "/postgres";

        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
                .hasMessageContaining("password");
        assertThatThrownBy(() -> DriverManager.getConnection(url, "souk", "guessed"))
                .hasMessageContaining("password authentication failed");
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("database.credentials")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (Connection db = connectToEmbeddedDatabase();
                ResultSet role = db.createStatement()
                        .executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            assertThat(role.next()).isTrue();
            assertThat(role.getBoolean(1))
                    .as("the application's role is a superuser")
                    .isFalse();
        }
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

        // what an install made before the database asked for passwords looks like: a table of the
        // superuser's, and no passwords file
        try (Connection db = connectAsSuperuser()) {
            db.createStatement().execute("ALTER TABLE marketplace_settings OWNER TO postgres");
        }
        Files.delete(dataDir.resolve("database.credentials"));

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

    /** As the application connects, with the password Souk keeps in the data directory. */
    private Connection connectToEmbeddedDatabase() throws SQLException, IOException {
        return connect("app");
    }

    private Connection connectAsSuperuser() throws SQLException, IOException {
        return connect("superuser");
    }

    private Connection connect(String who) throws SQLException, IOException {
        String port = pidFileLines().get(3).trim(); // postmaster.pid: pid, data dir, start time, port, ...
        Properties credentials = new Properties();
        try (var reader = Files.newBufferedReader(dataDir.resolve("database.credentials"))) {
            credentials.load(reader);
        }
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres",
                credentials.getProperty(who),
                credentials.getProperty(who + ".password"));
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
