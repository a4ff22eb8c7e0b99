// Load driver of bench/bookings.sh; JDK only, plus the PostgreSQL driver for the checks.
// Run with: java -cp postgresql.jar bench/BookingsBench.java <setup-file> <jdbc-url> <user> <password> <base-url>...
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bookings on two app nodes sharing one PostgreSQL, over loopback, as real clients send them:
 *
 * <ol>
 *   <li>every customer takes an API token ({@code POST /api/v1/auth/tokens});
 *   <li>warm-up: CLIENTS clients book the warm-up stays for WARM_UP seconds, each keeping at most 5
 *       bookings and cancelling its oldest, so that the JIT compiles every path the measured run takes;
 *   <li>measured: CLIENTS clients, each as its own verified customer, book the measured single-seat
 *       nightly stays for SECONDS seconds, each request to the next node in turn, with a new
 *       {@code Idempotency-Key}: a random stay, 1–7 nights starting 2–358 days ahead. Closed loop (each
 *       client sends again as soon as it has its answer: the throughput, its latency mostly queueing),
 *       or with RATE, paced: the clients together offer RATE attempts a second, evenly spread, and a
 *       latency counts from when the attempt was due, so that a server falling behind shows in it.
 *       With HOLD, a client keeps at most HOLD of its bookings and cancels its oldest when it has more,
 *       so the calendar never fills up (by default it does, and later attempts mostly collide);
 *   <li>the last items: as many customers as there are (100) buy one item each of goods with STOCK
 *       left, all at once, across both nodes;
 *   <li>the checks, in SQL: no two active bookings of a listing overlap; every 201 is an accepted
 *       booking holding its dates and every cancellation released them; the goods' stock is 0 and
 *       exactly STOCK orders hold it.
 * </ol>
 * Every booking answer must be 201 or 409, every cancellation 200. Exits with 1 if any check fails.
 */
public class BookingsBench {

    static final int CLIENTS = Integer.getInteger("clients", 64);
    static final int SECONDS = Integer.getInteger("seconds", 60);
    static final int WARM_UP = Integer.getInteger("warm-up", 20);
    static final int HOLD = Integer.getInteger("hold", 0);
    static final int RATE = Integer.getInteger("rate", 0);
    /** Bookings a client keeps while warming up: every path, cancellations included, gets compiled. */
    static final int WARM_UP_HOLD = 5;
    static final int MAX_NIGHTS = 7;
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static List<String> bases = new ArrayList<>();
    static boolean failed;

    /**
     * One answer: which node, what status, how long from sending the request (or, paced, from when it was
     * due) to its whole body, and when it was sent.
     */
    record Answer(int node, int status, long nanos, long atNanos) {}

    record Results(List<Answer> bookings, List<Answer> cancellations, long nanos) {}

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> setup = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            int space = line.indexOf(' ');
            setup.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(line.substring(space + 1));
        }
        String password = setup.get("password").get(0);
        List<String> customers = setup.get("customer");
        List<String> stays = setup.get("stay");
        List<String> warmUp = setup.get("warm-up");
        String goods = setup.get("goods").get(0);
        int stock = Integer.parseInt(setup.get("stock").get(0));
        for (int i = 4; i < args.length; i++) {
            bases.add(args[i].replaceAll("/+$", ""));
        }
        if (customers.size() < CLIENTS) {
            throw new IllegalArgumentException(CLIENTS + " clients need as many customers, not " + customers.size());
        }

        List<String> tokens = tokens(customers, password);

        if (WARM_UP > 0) {
            System.out.printf("Warm-up: %d clients booking %d other stays for %d s…%n", CLIENTS, warmUp.size(), WARM_UP);
            Results warm = run(tokens, warmUp, WARM_UP, WARM_UP_HOLD, 0);
            System.out.printf("  %d booking attempts (%.0f/s), %s%n", warm.bookings().size(),
                    warm.bookings().size() / (warm.nanos() / 1e9), statuses(warm.bookings()));
        }

        System.out.printf("%nMeasured: %d clients booking %d single-seat nightly stays for %d s on %d nodes, %s"
                + " (1–%d nights, 2–358 days ahead%s)%n",
                CLIENTS, stays.size(), SECONDS, bases.size(),
                RATE > 0 ? "paced at " + RATE + " attempts/s" : "closed loop", MAX_NIGHTS,
                HOLD > 0 ? "; each client holds at most " + HOLD + " bookings" : "");
        String superuser = System.getProperty("superuser");
        if (superuser != null) {
            statements(args[1], superuser, System.getProperty("superuser.password"), 0);
        }
        long[] cpuBefore = cpu();
        Results measured = run(tokens, stays, SECONDS, HOLD, RATE);
        long[] cpuAfter = cpu();
        report(measured, cpuBefore, cpuAfter);
        if (superuser != null) {
            statements(args[1], superuser, System.getProperty("superuser.password"),
                    measured.bookings().size());
        }

        System.out.printf("%nThe last %d items: %d customers buy one each at once, across the nodes%n", stock,
                customers.size());
        Map<Integer, Integer> orders = lastItems(tokens, goods);

        try (Connection db = DriverManager.getConnection(args[1], args[2], args[3])) {
            check(db, measured, stays, warmUp, goods, stock, orders, customers.size());
        }
        System.out.println(failed ? "\nFAILED" : "\nAll checks passed.");
        System.exit(failed ? 1 : 0);
    }

    // --- set-up ------------------------------------------------------------------------------------

    /** An API token per customer, taken over the API (one Argon2 verification each), spread over the nodes. */
    static List<String> tokens(List<String> customers, String password) throws Exception {
        String[] tokens = new String[customers.size()];
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> taken = new ArrayList<>();
            for (int i = 0; i < customers.size(); i++) {
                int n = i;
                taken.add(pool.submit(() -> {
                    HttpResponse<String> r = post(n % bases.size(), null, "/api/v1/auth/tokens",
                            "{\"email\": \"" + customers.get(n) + "\", \"password\": \"" + password
                                    + "\", \"label\": \"bench\"}", null);
                    if (r.statusCode() != 201) {
                        throw new IllegalStateException("token for " + customers.get(n) + ": " + r.statusCode() + " " + r.body());
                    }
                    Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
                    if (!m.find()) {
                        throw new IllegalStateException("no token in " + r.body());
                    }
                    tokens[n] = m.group(1);
                    synchronized (System.out) {
                        System.out.printf("\rAPI tokens %d / %d", done.incrementAndGet(), customers.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : taken) {
                f.get();
            }
        }
        System.out.printf(" (%.1f s)%n", (System.nanoTime() - started) / 1e9);
        return List.of(tokens);
    }

    // --- load --------------------------------------------------------------------------------------

    /**
     * CLIENTS clients booking random stays of these listings for this long; each keeps at most hold
     * bookings (0: all). With a rate, the clients together send that many attempts a second.
     */
    static Results run(List<String> tokens, List<String> listings, int seconds, int hold, int rate) throws Exception {
        var bookings = new ConcurrentLinkedQueue<Answer>();
        var cancellations = new ConcurrentLinkedQueue<Answer>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long started = System.nanoTime();
        long end = started + seconds * 1_000_000_000L;
        // paced: each client every CLIENTS / rate seconds, the clients spread evenly over that interval
        long interval = rate > 0 ? CLIENTS * 1_000_000_000L / rate : 0;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    Random random = new Random(client * 7919L + seconds);
                    Deque<String> held = new ArrayDeque<>();
                    String token = tokens.get(client);
                    for (int k = 0; ; k++) {
                        long due = started + interval * client / CLIENTS + interval * k;
                        if (System.nanoTime() >= end || due >= end) {
                            break;
                        }
                        long wait = due - System.nanoTime();
                        if (interval > 0 && wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        int node = (client + k) % bases.size();
                        int nights = 1 + random.nextInt(MAX_NIGHTS);
                        LocalDate start = today.plusDays(2 + random.nextInt(357 - nights));
                        String body = "{\"listingId\": \"" + listings.get(random.nextInt(listings.size()))
                                + "\", \"start\": \"" + start + "\", \"end\": \"" + start.plusDays(nights) + "\"}";
                        long sent = System.nanoTime();
                        HttpResponse<String> r = post(node, token, "/api/v1/transactions", body, UUID.randomUUID().toString());
                        long took = System.nanoTime() - (interval > 0 ? due : sent);
                        bookings.add(new Answer(node, r.statusCode(), took, sent - started));
                        if (r.statusCode() == 201) {
                            Matcher id = ID.matcher(r.body());
                            if (id.find()) {
                                held.addLast(id.group(1));
                            }
                        } else if (r.statusCode() != 409) {
                            System.out.printf("%nunexpected %d: %s%n", r.statusCode(), r.body());
                        }
                        if (hold > 0 && held.size() > hold) {
                            String oldest = held.removeFirst();
                            long at = System.nanoTime();
                            HttpResponse<String> c2 = post(node, token, "/api/v1/transactions/" + oldest + "/transitions",
                                    "{\"name\": \"cancel\"}", UUID.randomUUID().toString());
                            cancellations.add(new Answer(node, c2.statusCode(), System.nanoTime() - at, at - started));
                            if (c2.statusCode() != 200) {
                                System.out.printf("%nunexpected cancellation %d: %s%n", c2.statusCode(), c2.body());
                            }
                        }
                    }
                    return null;
                });
            }
            // progress once a second
            while (System.nanoTime() < end) {
                Thread.sleep(1000);
                long at = System.nanoTime() - started;
                System.out.printf("\r  %2d s  %,7d booking attempts  %,6d booked  %,6d cancelled   ",
                        at / 1_000_000_000L, bookings.size(),
                        bookings.stream().filter(a -> a.status() == 201).count(), cancellations.size());
            }
        }
        System.out.println();
        return new Results(List.copyOf(bookings), List.copyOf(cancellations), System.nanoTime() - started);
    }

    /** Every customer orders one of the last items at the same moment; answers by status. */
    static Map<Integer, Integer> lastItems(List<String> tokens, String goods) throws Exception {
        var answers = new ConcurrentLinkedQueue<Answer>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int b = 0; b < tokens.size(); b++) {
                int buyer = b;
                buyers.submit(() -> {
                    String body = "{\"listingId\": \"" + goods + "\", \"quantity\": 1}";
                    int node = buyer % bases.size();
                    go.await();
                    long sent = System.nanoTime();
                    HttpResponse<String> r = post(node, tokens.get(buyer), "/api/v1/transactions", body,
                            UUID.randomUUID().toString());
                    answers.add(new Answer(node, r.statusCode(), System.nanoTime() - sent, 0));
                    if (r.statusCode() != 201 && r.statusCode() != 409) {
                        System.out.printf("unexpected %d: %s%n", r.statusCode(), r.body());
                    }
                    return null;
                });
            }
            Thread.sleep(500);
            go.countDown();
        }
        List<Answer> all = List.copyOf(answers);
        System.out.printf("  %s; p50 %.1f ms, max %.1f ms%n", statuses(all), at(sorted(all), 0.5), at(sorted(all), 1.0));
        Map<Integer, Integer> byStatus = new TreeMap<>();
        all.forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
        return byStatus;
    }

    static HttpResponse<String> post(int node, String token, String path, String json, String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(bases.get(node) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            System.out.printf("%n%s: %s%n", path, e);
            return new Failed(e.toString());
        }
    }

    // --- figures -----------------------------------------------------------------------------------

    static void report(Results r, long[] cpuBefore, long[] cpuAfter) {
        List<Answer> bookings = r.bookings();
        double seconds = r.nanos() / 1e9;
        System.out.printf("%n  booking attempts      %,d in %.1f s: %.0f attempts/s%n", bookings.size(), seconds,
                bookings.size() / seconds);
        System.out.printf("  latency               %s%n", latency(bookings));
        System.out.printf("  statuses              %s%n", statuses(bookings));
        for (int status : List.of(201, 409)) {
            List<Answer> of = bookings.stream().filter(a -> a.status() == status).toList();
            if (!of.isEmpty()) {
                System.out.printf("    %d                 %s%n", status, latency(of));
            }
        }
        for (int node = 0; node < bases.size(); node++) {
            int n = node;
            List<Answer> of = bookings.stream().filter(a -> a.node() == n).toList();
            System.out.printf("  node %d                %,d attempts, %s; %s%n", node + 1, of.size(), statuses(of), latency(of));
        }
        if (!r.cancellations().isEmpty()) {
            System.out.printf("  cancellations         %,d (%.0f/s), %s; %s%n", r.cancellations().size(),
                    r.cancellations().size() / seconds, statuses(r.cancellations()), latency(r.cancellations()));
        }
        StringBuilder buckets = new StringBuilder();
        for (int from = 0; from < seconds; from += 10) {
            long lo = from * 1_000_000_000L;
            long hi = lo + 10_000_000_000L;
            List<Answer> in = bookings.stream().filter(a -> a.atNanos() >= lo && a.atNanos() < hi).toList();
            long booked = in.stream().filter(a -> a.status() == 201).count();
            buckets.append(String.format(" %d–%ds: %d/s, %d%% booked;", from, from + 10, in.size() / 10,
                    in.isEmpty() ? 0 : booked * 100 / in.size()));
        }
        System.out.printf("  every 10 s           %s%n", buckets);
        if (cpuAfter.length > 0) {
            int requests = bookings.size() + r.cancellations().size();
            StringBuilder cpu = new StringBuilder();
            String[] names = {"driver", "PostgreSQL"};
            for (int i = 0; i < cpuAfter.length; i++) {
                String name = i < 2 ? names[i] : "node " + (i - 1);
                cpu.append(String.format(" %s %.2f ms,", name, (cpuAfter[i] - cpuBefore[i]) / (double) requests));
            }
            long total = 0;
            for (int i = 0; i < cpuAfter.length; i++) {
                total += cpuAfter[i] - cpuBefore[i];
            }
            System.out.printf("  CPU per request      %s in all %.2f ms (%.0f %% of 2 cores)%n", cpu, total / (double) requests,
                    total / 10.0 / seconds / Runtime.getRuntime().availableProcessors());
        }
    }

    static String latency(List<Answer> answers) {
        List<Long> s = sorted(answers);
        return String.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", at(s, 0.5), at(s, 0.9), at(s, 0.99),
                at(s, 1.0));
    }

    static String statuses(List<Answer> answers) {
        Map<Integer, Integer> counts = new TreeMap<>();
        answers.forEach(a -> counts.merge(a.status(), 1, Integer::sum));
        StringBuilder out = new StringBuilder();
        counts.forEach((status, n) -> out.append(out.isEmpty() ? "" : ", ").append(String.format("%,d × %d", n, status)));
        return out.toString();
    }

    static List<Long> sorted(List<Answer> answers) {
        List<Long> nanos = new ArrayList<>(answers.stream().map(Answer::nanos).toList());
        Collections.sort(nanos);
        return nanos;
    }

    static double at(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1))) / 1e6;
    }

    /**
     * CPU time used so far, in ms: this driver, PostgreSQL (the postmaster of the pid file in system
     * property pg.pid-file, and its backends), then each node (pids in app.pids); empty when not given.
     */
    static long[] cpu() throws Exception {
        String pidFile = System.getProperty("pg.pid-file");
        String apps = System.getProperty("app.pids");
        if (pidFile == null || apps == null) {
            return new long[0];
        }
        String[] pids = apps.split(",");
        long[] ms = new long[2 + pids.length];
        ms[0] = cpuOf(ProcessHandle.current());
        long postmaster = Long.parseLong(Files.readAllLines(Path.of(pidFile)).get(0).strip());
        var pg = ProcessHandle.of(postmaster);
        if (pg.isPresent()) {
            ms[1] = cpuOf(pg.get()) + pg.get().children().mapToLong(BookingsBench::cpuOf).sum();
        }
        for (int i = 0; i < pids.length; i++) {
            ms[2 + i] = ProcessHandle.of(Long.parseLong(pids[i].strip())).map(BookingsBench::cpuOf).orElse(0L);
        }
        return ms;
    }

    static long cpuOf(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    /**
     * With PROFILE=1 the database loads pg_stat_statements: before the measured run its counts are
     * reset, after it the statements that took the most time are printed, per booking attempt.
     */
    static void statements(String url, String user, String password, int attempts) throws Exception {
        try (Connection db = DriverManager.getConnection(url, user, password); var st = db.createStatement()) {
            if (attempts == 0) {
                st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                st.execute("SELECT pg_stat_statements_reset()");
                return;
            }
            System.out.printf("%n  Statements by time in PostgreSQL (pg_stat_statements), per booking attempt:%n");
            System.out.printf("  %8s %8s %8s  %s%n", "calls", "ms", "ms/call", "statement");
            try (ResultSet rs = st.executeQuery("""
                    SELECT calls, total_exec_time + total_plan_time AS ms, query FROM pg_stat_statements
                     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                     ORDER BY ms DESC LIMIT 40""")) {
                while (rs.next()) {
                    String query = rs.getString(3).replaceAll("\\s+", " ");
                    System.out.printf("  %8.2f %8.3f %8.3f  %s%n", rs.getLong(1) / (double) attempts,
                            rs.getDouble(2) / attempts, rs.getDouble(2) / Math.max(1, rs.getLong(1)),
                            query.length() > 150 ? query.substring(0, 150) + "…" : query);
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT sum(calls), sum(total_exec_time + total_plan_time) FROM pg_stat_statements
                     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())""")) {
                rs.next();
                System.out.printf("  %8.2f %8.3f  in all (statements, commits included)%n", rs.getLong(1) / (double) attempts,
                        rs.getDouble(2) / attempts);
            }
        }
    }

    // --- checks ------------------------------------------------------------------------------------

    static void check(Connection db, Results measured, List<String> stays, List<String> warmUp, String goods, int stock,
            Map<Integer, Integer> orders, int buyers) throws Exception {
        System.out.println("\nChecks (SQL on the shared database)");
        long overlaps = count(db, """
                SELECT count(*) FROM transaction_bookings a
                  JOIN transaction_bookings b
                    ON b.listing_id = a.listing_id AND b.transaction_id > a.transaction_id AND b.during && a.during
                 WHERE a.active AND b.active""");
        expect("pairs of active bookings of one listing that overlap", overlaps, 0);

        long other = measured.bookings().stream().filter(a -> a.status() != 201 && a.status() != 409).count();
        expect("booking answers other than 201 or 409", other, 0);
        long booked = measured.bookings().stream().filter(a -> a.status() == 201).count();
        long cancelled = measured.cancellations().stream().filter(a -> a.status() == 200).count();
        expect("cancellations answered other than 200", measured.cancellations().size() - cancelled, 0);

        String[] ids = stays.toArray(String[]::new);
        expect("bookings of the measured stays stored (= 201 answers)",
                count(db, "SELECT count(*) FROM transactions WHERE listing_id = ANY (CAST(? AS uuid[]))", ids), booked);
        expect("of them accepted and holding their dates (= 201s - cancellations)", count(db, """
                SELECT count(*) FROM transactions t JOIN transaction_bookings b ON b.transaction_id = t.id
                 WHERE t.listing_id = ANY (CAST(? AS uuid[])) AND t.state = 'accepted' AND b.active""", ids),
                booked - cancelled);
        expect("cancelled, their dates released (= cancellations)", count(db, """
                SELECT count(*) FROM transactions t JOIN transaction_bookings b ON b.transaction_id = t.id
                 WHERE t.listing_id = ANY (CAST(? AS uuid[])) AND t.state = 'cancelled' AND NOT b.active""", ids),
                cancelled);
        expect("nights held of the measured stays", count(db, """
                SELECT coalesce(sum(upper(during)::date - lower(during)::date), 0) FROM transaction_bookings
                 WHERE listing_id = ANY (CAST(? AS uuid[])) AND active""", ids), -1);

        expect("orders of the last items answered 201", orders.getOrDefault(201, 0), stock);
        expect("orders of the last items answered 409", orders.getOrDefault(409, 0), buyers - stock);
        expect("the goods' stock left", count(db, "SELECT stock FROM listings WHERE id = CAST(? AS uuid)",
                new String[] {goods}), 0);
        expect("orders of the goods stored", count(db,
                "SELECT count(*) FROM transactions WHERE listing_id = CAST(? AS uuid)", new String[] {goods}), stock);
    }

    static long count(Connection db, String sql, String... ids) throws Exception {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            if (ids.length == 1 && !sql.contains("uuid[]")) {
                st.setString(1, ids[0]);
            } else if (ids.length > 0) {
                st.setArray(1, db.createArrayOf("text", ids));
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Prints a figure; with expected ≥ 0, fails the run when it differs. */
    static void expect(String what, long actual, long expected) {
        boolean ok = expected < 0 || actual == expected;
        failed |= !ok;
        System.out.printf("  %-70s %,8d %s%n", what, actual,
                expected < 0 ? "" : ok ? "ok" : "EXPECTED " + expected);
    }

    /** An answer that never came (connection refused, reset or timed out): status 0. */
    record Failed(String error) implements HttpResponse<String> {
        public int statusCode() { return 0; }
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public String body() { return error; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return null; }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
