package dev.souk.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the JVM is killed hard, the embedded postmaster it started keeps running and holds the data
 * directory; the next start would fail on its lock file. This stops such a leftover before starting.
 */
final class LeftoverPostmaster {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private LeftoverPostmaster() {}

    static void stopIfRunning(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster =
                lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0).trim());
        if (postmaster.isEmpty() || !postmaster.get().isAlive() || !isPostgres(postmaster.get())) {
            // a stale lock file of a dead server: PostgreSQL itself ignores it and recovers
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn("Stopping a PostgreSQL left running by an earlier Souk (pid {}) in {}", process.pid(), dataDirectory);
        // SIGINT is PostgreSQL's "fast" shutdown: it ends sessions and writes a checkpoint
        signal(process, "INT");
        if (!awaitExit(process, PATIENCE)) {
            log.warn("PostgreSQL pid {} ignored a fast shutdown; asking it to stop immediately", process.pid());
            signal(process, "QUIT");
            if (!awaitExit(process, PATIENCE)) {
                throw new IllegalStateException("PostgreSQL (pid " + process.pid() + ") still holds " + dataDirectory
                        + "; stop it before starting Souk");
            }
        }
    }

    private static Optional<ProcessHandle> parsePid(String line) {
        try {
            return ProcessHandle.of(Long.parseLong(line));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info()
                .command()
                .map(command -> command.contains("postgres"))
                .orElse(true);
    }

    private static void signal(ProcessHandle process, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL", e);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration patience) {
        try {
            process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
