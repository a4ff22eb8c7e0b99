package dev.souk.testing;

import dev.souk.SoukApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Souk run as a separate JVM, as the quick start runs it: no test profile, its own data directory, no
 * {@code SOUK_*} variables from the environment of the build.
 */
public final class SoukProcess {

    public static final Duration STARTUP = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final Http http;

    private SoukProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.http = new Http(port);
    }

    /** Starts Souk and returns at once; {@code name} names its log file in the data directory. */
    public static SoukProcess launch(Path dataDir, int port, String name, String... arguments) throws IOException {
        Path log = dataDir.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SoukApplication.class.getName(),
                "--server.port=" + port,
                "--management.server.port=0"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SOUK_"));
        builder.environment().put("SOUK_DATA_DIR", dataDir.toString());
        return new SoukProcess(builder.start(), log, port);
    }

    /** Starts Souk and waits until it is ready. */
    public static SoukProcess start(Path dataDir, int port, String name, String... arguments)
            throws IOException, InterruptedException {
        SoukProcess app = launch(dataDir, port, name, arguments);
        app.awaitReady();
        return app;
    }

    public void awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            requireAlive();
            if (ready()) {
                return;
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("Souk did not become ready in " + STARTUP + ":\n" + log());
    }

    /** Whether the readiness probe answers 200; false while nothing listens yet. */
    public boolean ready() {
        try {
            return http.get("/readyz").statusCode() == 200;
        } catch (UncheckedIOException notYetListening) {
            return false;
        }
    }

    public void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("Souk exited during start:\n" + log());
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM: a graceful shutdown. */
    public boolean stop(Duration wait) throws InterruptedException {
        process.destroy();
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL, as a crash does. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
