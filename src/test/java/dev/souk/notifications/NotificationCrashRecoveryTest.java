package dev.souk.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.souk.testing.SoukProcess;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app killed after a notification committed and before its mail got through: Souk runs as a
 * separate JVM whose SMTP server accepts the connection and then says nothing, so the mail hangs
 * mid-send when the process is killed. After the restart, with SMTP answering, the outbox sends the
 * mail once its retry is due (a minute after the cut-off attempt), and only once.
 */
class NotificationCrashRecoveryTest {

    static final String EMAIL = "crash-member@example.org";
    static final Duration RETRY_WITHIN = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;

    private SoukProcess app;
    private ServerSocket silent;
    private GreenMail smtp;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (app != null && app.alive()) {
            app.kill();
        }
        postmaster().ifPresent(process -> {
            process.destroy();
            process.onExit().join();
        });
        if (silent != null) {
            silent.close();
        }
        for (Socket socket : held) {
            socket.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aMailCutOffByAKilledProcessIsSentOnceAfterTheRestart() throws Exception {
        silent = new ServerSocket(0);
        Thread listener = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // never a word: the SMTP client waits for a greeting
                } catch (IOException closed) {
                    return;
                }
            }
        });
        listener.setDaemon(true);
        listener.start();
        int port = SoukProcess.freePort();
        app = SoukProcess.launch(
                dataDir, port, "cut-off", arguments(silent.getLocalPort(), "--souk.test.notify=" + EMAIL));

        Instant deadline = Instant.now().plus(SoukProcess.STARTUP);
        while (!(notifications() == 1 && attempts() == 1 && !held.isEmpty())) {
            app.requireAlive();
            assertThat(Instant.now())
                    .as("the notification's mail was never attempted:\n" + app.log())
                    .isBefore(deadline);
            Thread.sleep(50);
        }
        app.kill();
        assertThat(status()).as("cut off mid-send").isEqualTo("pending");

        smtp = new GreenMail(new ServerSetup(SoukProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        app = SoukProcess.start(
                dataDir, port, "restarted", arguments(smtp.getSmtp().getPort()));
        deadline = Instant.now().plus(RETRY_WITHIN);
        while (received().isEmpty()) {
            app.requireAlive();
            assertThat(Instant.now())
                    .as("the mail never went out after the restart:\n" + app.log())
                    .isBefore(deadline);
            Thread.sleep(500);
        }
        Thread.sleep(6_000); // a sweep or two more: nothing else may come
        assertThat(received()).singleElement().satisfies(mail -> {
            assertThat(mail.getSubject()).isEqualTo("Your payment didn’t go through");
            assertThat(mail.getHeader("List-Unsubscribe")).hasSize(1);
        });
        assertThat(status()).isEqualTo("sent");
        assertThat(notifications()).as("told once").isOne();
    }

    private static String[] arguments(int smtpPort, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--souk.demo=false",
                "--spring.main.sources=" + NotifyAtStart.class.getName(),
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtpPort,
                "--spring.mail.properties.mail.smtp.starttls.enable=false"));
        arguments.addAll(Arrays.asList(more));
        return arguments.toArray(String[]::new);
    }

    private List<MimeMessage> received() {
        return Arrays.stream(smtp.getReceivedMessages()).toList();
    }

    private long notifications() {
        return query("SELECT count(*) FROM notifications", 0L, rs -> rs.getLong(1));
    }

    private int attempts() {
        return query(
                "SELECT coalesce(max(attempts), 0) FROM mail_outbox WHERE recipient = '" + EMAIL + "'",
                0,
                rs -> rs.getInt(1));
    }

    private String status() {
        return query("SELECT status FROM mail_outbox WHERE recipient = '" + EMAIL + "'", "", rs -> rs.getString(1));
    }

    private interface Read<T> {
        T from(ResultSet rs) throws SQLException;
    }

    /** A one-value query on the app's database; {@code none} before its tables exist. */
    private <T> T query(String sql, T none, Read<T> read) {
        try (Connection db = connect();
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? read.from(rs) : none;
        } catch (SQLException | IOException notYet) {
            return none;
        }
    }

    /** The embedded database, as the app connects to it, with the password Souk keeps in the data directory. */
    private Connection connect() throws SQLException, IOException {
        List<String> pid = pidFileLines();
        Path credentialsFile = dataDir.resolve("database.credentials");
        if (pid.size() < 4 || !Files.exists(credentialsFile)) {
            throw new SQLException("the embedded database is not up yet");
        }
        Properties credentials = new Properties();
        try (var reader = Files.newBufferedReader(credentialsFile)) {
            credentials.load(reader);
        }
        return DriverManager.getConnection(
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
