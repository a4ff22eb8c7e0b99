package dev.souk.bench;

import dev.souk.search.Search;
import dev.souk.search.SearchQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code java -jar souk.jar --souk.bench.search-sql=mix.tsv [--souk.bench.concurrency=8] --server.port=0}
 * replays a search benchmark's queries (lines of {@code kind<TAB>query string}, as {@code
 * bench/SearchBench.java} writes them) as the plain SQL each search runs ({@link Search#statements}),
 * over JDBC at the same concurrency: no HTTP, no JSON, no Spring around it. Prints p50/p95/p99 per
 * kind, the lower bound the HTTP figures add to, then exits.
 */
@Component
@Order(100)
class SearchSqlCommand implements ApplicationRunner {

    private final Environment environment;
    private final Search search;
    private final DataSource dataSource;
    private final ConfigurableApplicationContext context;
    /** When each count was last run: the app reuses counts of the same filters for a while, and so do we. */
    private final java.util.Map<String, Long> countedAt = new java.util.concurrent.ConcurrentHashMap<>();

    SearchSqlCommand(
            Environment environment, Search search, DataSource dataSource, ConfigurableApplicationContext context) {
        this.environment = environment;
        this.search = search;
        this.dataSource = dataSource;
        this.context = context;
    }

    record Replay(String kind, List<Search.Statement> statements) {}

    @Override
    public void run(ApplicationArguments args) throws Exception {
        String mix = environment.getProperty("souk.bench.search-sql");
        if (mix == null || mix.isBlank()) {
            return;
        }
        int concurrency = environment.getProperty("souk.bench.concurrency", Integer.class, 8);
        List<Replay> replays = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of(mix))) {
                String[] parts = line.split("\t", 2);
                if (parts.length == 2) {
                    replays.add(new Replay(parts[0], search.statements(SearchQuery.parse(parameters(parts[1])))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + mix, e);
        }
        if (environment.getProperty("souk.bench.explain", Boolean.class, false)) {
            explainOnePerKind(replays);
        }
        System.out.printf(
                Locale.ROOT,
                "Replaying %d searches as plain SQL over JDBC, concurrency %d…%n",
                replays.size(),
                concurrency);
        replay(replays, concurrency); // warm-up: the same caches as the HTTP run had
        long started = System.nanoTime();
        Map<String, List<Long>> byKind = replay(replays, concurrency);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%n%-16s %6s %8s %8s %8s %8s%n",
                "kind (SQL)",
                "n",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms");
        for (var entry : byKind.entrySet()) {
            List<Long> nanos = entry.getValue();
            Collections.sort(nanos);
            System.out.printf(
                    Locale.ROOT,
                    "%-16s %6d %8.1f %8.1f %8.1f %8.1f%n",
                    entry.getKey(),
                    nanos.size(),
                    percentile(nanos, 50) / 1e6,
                    percentile(nanos, 95) / 1e6,
                    percentile(nanos, 99) / 1e6,
                    nanos.get(nanos.size() - 1) / 1e6);
        }
        System.out.printf(Locale.ROOT, "%nPlain SQL throughput: %.0f searches/s%n", replays.size() / seconds);
        System.exit(SpringApplication.exit(context, () -> 0));
    }

    private Map<String, List<Long>> replay(List<Replay> replays, int concurrency) throws Exception {
        ConcurrentLinkedQueue<Replay> todo = new ConcurrentLinkedQueue<>(replays);
        Map<String, List<Long>> byKind = new LinkedHashMap<>();
        replays.forEach(r -> byKind.computeIfAbsent(r.kind(), k -> Collections.synchronizedList(new ArrayList<>())));
        long reuse = environment
                .getProperty(
                        "souk.search.counts-reused-for", java.time.Duration.class, java.time.Duration.ofSeconds(30))
                .toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "search-sql");
            thread.setDaemon(true); // a failed replay must not keep the process alive
            return thread;
        });
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(pool.submit(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    Replay replay;
                    while ((replay = todo.poll()) != null) {
                        long start = System.nanoTime();
                        int[] page = {0, 0}; // rows, rows with a count
                        for (Search.Statement statement : replay.statements()) {
                            Integer after = statement.onlyAfterMoreRowsThan();
                            if (after == null) {
                                page = execute(connection, statement);
                            } else if (page[0] > after && page[1] == 0) {
                                long now = System.nanoTime();
                                Long last = countedAt.get(statement.key());
                                if (last == null || now - last >= reuse) {
                                    execute(connection, statement);
                                    countedAt.put(statement.key(), now);
                                }
                            }
                        }
                        byKind.get(replay.kind()).add(System.nanoTime() - start);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return byKind;
    }

    /** A URL's query string as the API reads it: names with their decoded values. */
    private static MultiValueMap<String, String> parameters(String query) {
        MultiValueMap<String, String> decoded = new LinkedMultiValueMap<>();
        UriComponentsBuilder.fromUriString("/?" + query)
                .build()
                .getQueryParams()
                .forEach((name, values) -> values.forEach(
                        v -> decoded.add(name, v == null ? null : URLDecoder.decode(v, StandardCharsets.UTF_8))));
        return decoded;
    }

    /** With {@code --souk.bench.explain=true}: where the time goes, for the first search of each kind. */
    private void explainOnePerKind(List<Replay> replays) throws SQLException {
        Set<String> done = new HashSet<>();
        try (Connection connection = dataSource.getConnection()) {
            for (Replay replay : replays) {
                if (!done.add(replay.kind())) {
                    continue;
                }
                System.out.printf("%n=== %s%n", replay.kind());
                for (Search.Statement statement : replay.statements()) {
                    System.out.println(statement.sql());
                    System.out.println(statement.params());
                    try (PreparedStatement prepared = run(connection, statement, "EXPLAIN (ANALYZE, BUFFERS) ");
                            ResultSet rows = prepared.getResultSet()) {
                        while (rows.next()) {
                            System.out.println(rows.getString(1));
                        }
                    }
                }
            }
        }
    }

    /** Reads every row, as the app does; returns how many, and how many had a {@code counted} value. */
    private static int[] execute(Connection connection, Search.Statement statement) throws SQLException {
        try (PreparedStatement prepared = run(connection, statement, "")) {
            try (ResultSet rows = prepared.getResultSet()) {
                int counted = -1;
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    if (rows.getMetaData().getColumnLabel(i).equals("counted")) {
                        counted = i;
                    }
                }
                int[] read = {0, 0};
                while (rows.next()) {
                    read[0]++;
                    if (counted > 0 && rows.getString(counted) != null) {
                        read[1]++;
                    }
                }
                return read;
            }
        }
    }

    /**
     * Runs the statement after its settings in one round trip, as the app sends it, with {@code prefix}
     * before it; its rows are the current result.
     */
    private static PreparedStatement run(Connection connection, Search.Statement statement, String prefix)
            throws SQLException {
        PreparedStatement prepared =
                connection.prepareStatement(statement.settings() + "; " + prefix + statement.sql());
        try {
            for (int i = 0; i < statement.params().size(); i++) {
                prepared.setObject(i + 1, statement.params().get(i));
            }
            prepared.execute();
            prepared.getMoreResults(); // past the settings' row
            return prepared;
        } catch (SQLException e) {
            prepared.close();
            throw e;
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
