package dev.souk.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.SoukProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A capture cut off by the death of the app's process: the processor captured the money, and the
 * process was killed before it recorded the answer. Souk runs as a separate JVM (as the quick start
 * runs it) with the scripted processor as its card gateway, whose books are tables of its own in the
 * same database and so outlive the process, as a real processor's do. After the restart the recovery
 * timer repeats the call with its key: the money is captured once at the processor and once in the
 * ledger, which checks out.
 */
class PaymentCrashRecoveryTest {

    static final Duration RECOVERED_WITHIN = Duration.ofSeconds(90);

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
    void aCaptureCutOffByAKilledProcessIsCapturedOnceAtTheProcessorAndOnceInTheLedgerAfterTheRestart()
            throws Exception {
        int port = SoukProcess.freePort();
        app = SoukProcess.launch(
                dataDir,
                port,
                "interrupted",
                arguments(
                        ScriptedProcessing.class.getName() + "," + InterruptedCapture.class.getName(),
                        "--souk.test.processor.hang-after=capture"));

        // the processor captured; the process hangs before Souk records it
        Instant deadline = Instant.now().plus(SoukProcess.STARTUP);
        while (captured() == 0) {
            app.requireAlive();
            assertThat(Instant.now())
                    .as("the processor never captured:\n" + app.log())
                    .isBefore(deadline);
            Thread.sleep(100);
        }
        app.kill();

        Row before = row();
        assertThat(before.state()).as("Souk never heard the answer").isEqualTo("authorized");
        assertThat(before.captured()).isZero();
        assertThat(before.captureCalls()).containsExactly("started");
        assertThat(before.captureJournals()).isZero();
        assertThat(before.processorCaptured()).isEqualTo(InterruptedCapture.AMOUNT);

        app = SoukProcess.start(dataDir, port, "restarted", arguments(ScriptedProcessing.class.getName()));
        deadline = Instant.now().plus(RECOVERED_WITHIN);
        while (!row().captureCalls().equals(List.of("succeeded"))) {
            app.requireAlive();
            assertThat(Instant.now())
                    .as("the recovery timer never finished the capture:\n" + app.log())
                    .isBefore(deadline);
            Thread.sleep(500);
        }

        Row after = row();
        assertThat(after.state()).isEqualTo("captured");
        assertThat(after.captured()).isEqualTo(InterruptedCapture.AMOUNT);
        assertThat(after.captureJournals()).as("one capture in the ledger").isOne();
        assertThat(after.processorCaptures()).as("one capture at the processor").isOne();
        assertThat(after.processorCaptured()).isEqualTo(InterruptedCapture.AMOUNT);
        assertThat(after.processorCalls())
                .as("the capture was asked twice with one key: the first call and its repeat")
                .isEqualTo(2);

        LedgerCheck check = ledger().check(Instant.now());
        assertThat(check.passed()).as("%s", check).isTrue();
        assertThat(check.journals()).isOne();
    }

    /** Souk's settings for both runs, with these extra sources and arguments. */
    private static String[] arguments(String sources, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--souk.demo=false", "--spring.main.sources=" + sources));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }

    /** The one payment, as Souk's tables and the processor's books have it. */
    record Row(
            String state,
            long captured,
            List<String> captureCalls,
            long captureJournals,
            long processorCaptured,
            int processorCaptures,
            int processorCalls) {}

    private Row row() throws SQLException, IOException {
        try (Connection db = connect();
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT p.state, p.captured,
                               (SELECT array_agg(o.state::text ORDER BY o.created_at) FROM payment_operations o
                                 WHERE o.payment_id = p.id AND o.kind = 'capture') AS capture_calls,
                               (SELECT count(*) FROM ledger_journals j WHERE j.payment_id = p.id AND j.kind = 'capture')
                                   AS capture_journals,
                               c.captured AS processor_captured, c.captures,
                               (SELECT k.calls FROM scripted_calls k WHERE k.kind = 'capture') AS processor_calls
                          FROM payments p JOIN scripted_charges c ON c.payment_id = p.id
                        """)) {
            assertThat(rs.next()).as("a payment").isTrue();
            var calls = rs.getArray("capture_calls");
            Row row = new Row(
                    rs.getString("state"),
                    rs.getLong("captured"),
                    calls == null ? List.of() : List.of((String[]) calls.getArray()),
                    rs.getLong("capture_journals"),
                    rs.getLong("processor_captured"),
                    rs.getInt("captures"),
                    rs.getInt("processor_calls"));
            assertThat(rs.next()).as("only one payment").isFalse();
            return row;
        }
    }

    /** What the processor captured so far; 0 before its tables exist. */
    private long captured() throws IOException {
        try (Connection db = connect();
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT coalesce(sum(captured), 0) FROM scripted_charges
                        """)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException notYet) {
            return 0;
        }
    }

    /** The embedded database, as the app connects to it, with the password Souk keeps in the data directory. */
    private Connection connect() throws SQLException, IOException {
        return database().getConnection();
    }

    /** The ledger of the app's database, checked as the app checks it. */
    private Ledger ledger() throws SQLException, IOException {
        DataSource database = database();
        return new Ledger(JdbcClient.create(database), database);
    }

    private DataSource database() throws SQLException, IOException {
        List<String> pid = pidFileLines();
        Path credentialsFile = dataDir.resolve("database.credentials");
        if (pid.size() < 4 || !Files.exists(credentialsFile)) {
            throw new SQLException("the embedded database is not up yet");
        }
        Properties credentials = new Properties();
        try (var reader = Files.newBufferedReader(credentialsFile)) {
            credentials.load(reader);
        }
        return new DriverManagerDataSource(
                "jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres",
                credentials.getProperty("app"),
                credentials.getProperty("app.password"));
    }

    private Optional<ProcessHandle> postmaster() {
        List<String> pid = pidFileLines();
        return pid.isEmpty()
                ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(pid.get(0).trim()));
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
