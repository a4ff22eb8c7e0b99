package dev.souk.transactions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The transaction processes: the built-in files, each replaced by a file of the same process in
 * {@code souk.processes.directory} if there is one. All are read and checked when the application
 * starts, and any mistake stops the start. Every version loaded is recorded with its text, so that a
 * transaction can go on with the version it started with after the files move on.
 */
@Component
class ProcessCatalog {

    private static final Logger log = LoggerFactory.getLogger(ProcessCatalog.class);
    private static final String BUILT_IN = "classpath:processes/";

    private record Loaded(String file, Process process) {}

    private record Version(String key, int version) {}

    private final ProcessStore store;
    private final Map<String, Process> latest;
    /** versions read back from the store; a recorded version never changes */
    private final Map<Version, Process> older = new ConcurrentHashMap<>();

    ProcessCatalog(ProcessStore store, Clock clock, @Value("${souk.processes.directory:}") String directory) {
        this.store = store;
        Map<String, Loaded> loaded = builtIns();
        if (!directory.isBlank()) {
            loaded.putAll(directory(Path.of(directory)));
        }
        for (Loaded file : loaded.values()) {
            Process process = file.process();
            String sha256 = sha256(process.source());
            if (!store.record(process, sha256, clock.instant()).equals(sha256)) {
                throw new ProcessFileException(
                        file.file(),
                        "process " + process.key() + " version " + process.version()
                                + " was already used with other content; raise its version");
            }
        }
        this.latest = loaded.values().stream()
                .collect(Collectors.toUnmodifiableMap(file -> file.process().key(), Loaded::process));
        log.info(
                "Transaction processes: {}",
                loaded.values().stream()
                        .map(file -> file.process().key() + " version "
                                + file.process().version()
                                + (file.file().startsWith(BUILT_IN) ? "" : " from " + file.file()))
                        .collect(Collectors.joining(", ")));
    }

    /** The version new transactions of this process start with. */
    Process latest(String key) {
        Process process = latest.get(key);
        if (process == null) {
            throw new IllegalArgumentException("No transaction process " + key);
        }
        return process;
    }

    /** Any version ever loaded, also one no file holds any more. */
    Process version(String key, int version) {
        Process current = latest.get(key);
        if (current != null && current.version() == version) {
            return current;
        }
        return older.computeIfAbsent(
                new Version(key, version),
                wanted -> ProcessFiles.parse(
                        "transaction_processes " + key + " version " + version,
                        store.source(key, version)
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "Transaction process " + key + " version " + version + " was never loaded"))));
    }

    /** The latest version of every process. */
    Collection<Process> all() {
        return latest.values();
    }

    private static Map<String, Loaded> builtIns() {
        Map<String, Loaded> loaded = new TreeMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(BUILT_IN + "*.yaml")) {
                String file = BUILT_IN + resource.getFilename();
                try (InputStream in = resource.getInputStream()) {
                    add(loaded, file, ProcessFiles.read(file, in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return loaded;
    }

    private static Map<String, Loaded> directory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException(
                    "souk.processes.directory (SOUK_PROCESSES_DIRECTORY) is not a directory: " + directory);
        }
        Map<String, Loaded> loaded = new TreeMap<>();
        try (Stream<Path> listed = Files.list(directory)) {
            List<Path> files = listed.filter(
                            path -> path.getFileName().toString().endsWith(".yaml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
            for (Path path : files) {
                try (InputStream in = Files.newInputStream(path)) {
                    add(loaded, path.toString(), ProcessFiles.read(path.toString(), in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return loaded;
    }

    private static void add(Map<String, Loaded> loaded, String file, Process process) {
        Loaded other = loaded.putIfAbsent(process.key(), new Loaded(file, process));
        if (other != null) {
            throw new ProcessFileException(file, "process " + process.key() + " is also defined in " + other.file());
        }
    }

    private static String sha256(String source) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
