// Load driver of bench/messaging.sh; JDK only, plus the PostgreSQL driver for the data set-up.
// Run with: java -cp postgresql.jar bench/MessagingBench.java <base-url> <jdbc-url>
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Messaging figures on a throwaway Souk: a member with 1,000 conversations (written with SQL, as
 * 1,000 sign-ups with mailed verification would measure sign-up, not messaging), then
 * 1. the inbox page, 2. a message's way to the other member's open page (server-sent events),
 * 3. posting: one sender alone; 50 senders in a closed loop (throughput); 50 members chatting at a
 * person's pace (latency at a stated load). The server's limit of 30 messages a minute per member stays
 * on: the bench keeps each member under it and shows at the end that it still refuses.
 */
public class MessagingBench {

    static final String MEMBER = "lena@demo.souk.dev";
    /** The demo members' password, made for the install: read from the demo's table. */
    static String PASSWORD;
    static final int CONVERSATIONS = 1000;
    static final int SENDERS = 50;
    /** Closed loop: each sender posts again as soon as its post returns; 25 stays under 30 a minute. */
    static final int POSTS_PER_SENDER = 25;
    /** The limit the server holds (Messaging.MESSAGES_PER_MINUTE); the bench stays under it, never turns it off. */
    static final int LIMIT_PER_MINUTE = 30;
    /** Paced run: 50 people chatting at once, each pausing THINK_MIN..THINK_MAX ms between messages. */
    static final int CHATTERS = 50;
    static final int THINK_MIN = 500;
    static final int THINK_MAX = 1500;
    /**
     * A person who writes every second would pass 30 a minute, so each chatter speaks for 3 members in
     * turn (150 members): ≤ 20 messages a minute each, and any 429 is counted, not hidden.
     */
    static final int MEMBERS_PER_CHATTER = 3;
    static final int PACED_SECONDS = Integer.getInteger("paced.seconds", 45);

    static String base;
    static final HttpClient API = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        base = args[0];
        UUID lena;
        List<UUID> conversations = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(args[1], args[2], args[3])) {
            try (var st = db.createStatement();
                    ResultSet rs = st.executeQuery("SELECT member_password FROM demo_seed")) {
                rs.next();
                PASSWORD = rs.getString(1);
            }
            lena = setUp(db, conversations, customers);
        }

        // 1. inbox page
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        signIn(browser);
        for (int i = 0; i < 200; i++) {
            get(browser, "/inbox"); // warm-up: the JIT compiles the paths first
        }
        List<Long> inbox = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long start = System.nanoTime();
            HttpResponse<String> page = get(browser, "/inbox");
            inbox.add(System.nanoTime() - start);
            if (page.statusCode() != 200) {
                throw new IllegalStateException("inbox answered " + page.statusCode());
            }
        }
        report("Inbox page (GET /inbox, 1,000 conversations, 24 a page, 300 requests)", inbox);
        List<Long> api = new ArrayList<>();
        String token = token(MEMBER);
        for (int i = 0; i < 300; i++) {
            long start = System.nanoTime();
            apiGet(token, "/api/v1/conversations");
            api.add(System.nanoTime() - start);
        }
        report("Inbox API (GET /api/v1/conversations, 300 requests)", api);
        List<Long> badge = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long start = System.nanoTime();
            apiGet(token, "/api/v1/conversations/unread");
            badge.add(System.nanoTime() - start);
        }
        report("Unread badge (GET /api/v1/conversations/unread, 300 requests)", badge);

        // 2. live delivery: Lena's page listens, the customer of that conversation posts
        UUID watched = conversations.get(0);
        String senderToken = token(customers.get(0));
        BlockingQueue<String> events = new ArrayBlockingQueue<>(1000);
        HttpRequest stream = HttpRequest.newBuilder(URI.create(base + "/conversations/" + watched + "/events?tab=bench"))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        var streaming = browser.sendAsync(stream, HttpResponse.BodyHandlers.ofLines());
        streaming.thenAccept(r -> r.body().forEach(events::add));
        Thread.sleep(500);
        List<Long> delivery = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.clear();
            long start = System.nanoTime();
            HttpResponse<String> posted = apiPost(senderToken, "/api/v1/conversations/" + watched + "/messages",
                    "{\"text\": \"live " + i + "\"}");
            String id = field(posted.body(), "id");
            while (true) {
                String line = events.poll(5, TimeUnit.SECONDS);
                if (line == null) {
                    throw new IllegalStateException("no event within 5 s for message " + id);
                }
                if (line.contains(id)) {
                    delivery.add(System.nanoTime() - start);
                    break;
                }
            }
            Thread.sleep(100);
        }
        report("Live delivery (API post → event on the other member's open page, 25 messages)", delivery);

        // 3. posting: one sender alone first (the cost of one post), then the closed loop of 50 senders,
        // then 50 members chatting at a human pace; each sender in its own conversation with Lena
        String alone = token(customers.get(SENDERS + 1));
        UUID aloneIn = conversations.get(SENDERS + 1);
        List<Long> single = new ArrayList<>();
        for (int i = 0; i < POSTS_PER_SENDER; i++) {
            long start = System.nanoTime();
            apiPost(alone, "/api/v1/conversations/" + aloneIn + "/messages", "{\"text\": \"Alone " + i + "\"}");
            single.add(System.nanoTime() - start);
        }
        report("Posting, one sender (" + POSTS_PER_SENDER + " posts in a row)", single);

        List<String> tokens = new ArrayList<>();
        for (int i = 1; i <= SENDERS; i++) {
            tokens.add(token(customers.get(i)));
        }
        List<Long> posts = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        long[] cpuBefore = cpu();
        List<Future<?>> running = new ArrayList<>();
        long wall = System.nanoTime();
        for (int s = 0; s < SENDERS; s++) {
            String t = tokens.get(s);
            UUID conversation = conversations.get(s + 1);
            running.add(pool.submit(() -> {
                for (int i = 0; i < POSTS_PER_SENDER; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> r = apiPost(t, "/api/v1/conversations/" + conversation + "/messages",
                            "{\"text\": \"Concurrent message " + i + " with a link https://example.org/x\"}");
                    posts.add(System.nanoTime() - start);
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - wall) / 1e9;
        pool.shutdown();
        report("Posting, closed loop (" + SENDERS + " senders, each posts again as soon as its post returns, "
                + SENDERS * POSTS_PER_SENDER + " posts)", posts);
        System.out.printf("  throughput %.0f posts/s (in a closed loop latency ≈ senders / throughput); statuses %s%n",
                posts.size() / seconds, statuses);
        cpuPerPost(cpuBefore, posts.size());

        // paced: 150 other members (customers 100..249), 50 chatting at once, a person's pause between messages
        int first = 100;
        List<String> chatTokens = new ArrayList<>();
        for (int i = 0; i < CHATTERS * MEMBERS_PER_CHATTER; i++) {
            chatTokens.add(token(customers.get(first + i)));
        }
        List<Long> paced = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> pacedStatuses = new ConcurrentHashMap<>();
        ExecutorService chatters = Executors.newFixedThreadPool(CHATTERS);
        List<Future<?>> chatting = new ArrayList<>();
        long[] pacedCpu = cpu();
        long pacedStart = System.nanoTime();
        long pacedEnd = pacedStart + TimeUnit.SECONDS.toNanos(PACED_SECONDS);
        for (int c = 0; c < CHATTERS; c++) {
            int chatter = c;
            chatting.add(chatters.submit(() -> {
                java.util.Random random = new java.util.Random(chatter);
                Thread.sleep(random.nextInt(THINK_MAX)); // people don't start in lock-step
                int turn = 0;
                while (System.nanoTime() < pacedEnd) {
                    int member = chatter * MEMBERS_PER_CHATTER + turn++ % MEMBERS_PER_CHATTER;
                    long start = System.nanoTime();
                    HttpResponse<String> r = apiPost(chatTokens.get(member),
                            "/api/v1/conversations/" + conversations.get(first + member) + "/messages",
                            "{\"text\": \"Chatting " + turn + ": would Saturday at ten suit you?\"}");
                    paced.add(System.nanoTime() - start);
                    pacedStatuses.merge(r.statusCode(), 1, Integer::sum);
                    Thread.sleep(THINK_MIN + random.nextInt(THINK_MAX - THINK_MIN + 1));
                }
                return null;
            }));
        }
        for (Future<?> f : chatting) {
            f.get();
        }
        double pacedSeconds = (System.nanoTime() - pacedStart) / 1e9;
        chatters.shutdown();
        report("Posting, paced (" + CHATTERS + " members chatting at once for " + PACED_SECONDS + " s, each pausing "
                + THINK_MIN / 1000.0 + "–" + THINK_MAX / 1000.0 + " s between messages, random start; "
                + CHATTERS * MEMBERS_PER_CHATTER + " members taking turns, about 20 messages a minute each)", paced);
        System.out.printf("  achieved %.0f posts/s (%d posts); statuses %s%n", paced.size() / pacedSeconds, paced.size(),
                pacedStatuses);
        cpuPerPost(pacedCpu, paced.size());

        // the limit is in force throughout: one member sending fast is refused at the 31st message of a minute
        String fast = token(customers.get(60));
        UUID fastIn = conversations.get(60);
        int accepted = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i <= LIMIT_PER_MINUTE; i++) {
            HttpResponse<String> r = apiPost(fast, "/api/v1/conversations/" + fastIn + "/messages", "{\"text\": \"fast " + i + "\"}");
            if (r.statusCode() == 201) {
                accepted++;
            } else {
                refused = r;
                break;
            }
        }
        System.out.printf("Rate limit (%d a minute per member) in force: %d posts accepted, then %s%n", LIMIT_PER_MINUTE,
                accepted, refused == null ? "no refusal (the limit did NOT hold)"
                        : refused.statusCode() + " with Retry-After " + refused.headers().firstValue("Retry-After").orElse("(none)") + " s");
        System.exit(0);
    }

    static UUID setUp(Connection db, List<UUID> conversations, List<String> customers) throws Exception {
        UUID lena;
        String hash;
        try (var st = db.prepareStatement("SELECT id, password_hash FROM members WHERE email = ?")) {
            st.setString(1, MEMBER);
            ResultSet rs = st.executeQuery();
            rs.next();
            lena = rs.getObject(1, UUID.class);
            hash = rs.getString(2);
        }
        System.out.printf("Setting up %d conversations for %s", CONVERSATIONS, MEMBER);
        db.setAutoCommit(false);
        Instant now = Instant.now();
        try (PreparedStatement member = db.prepareStatement("""
                        INSERT INTO members (id, email, email_verified_at, password_hash, display_name, created_at)
                        VALUES (?, ?, ?, ?, ?, ?)""");
                PreparedStatement conversation = db.prepareStatement("""
                        INSERT INTO conversations (id, listing_id, listing_title, customer_id, provider_id, created_at)
                        VALUES (?, ?, ?, ?, ?, ?)""");
                PreparedStatement participant = db.prepareStatement("""
                        INSERT INTO conversation_participants
                            (conversation_id, member_id, other_id, last_message_at, unread_count, first_unread_at)
                        VALUES (?, ?, ?, ?, ?, ?)""");
                PreparedStatement message = db.prepareStatement("""
                        INSERT INTO messages (id, conversation_id, sender_id, body, sent_at) VALUES (?, ?, ?, ?, ?)""");
                PreparedStatement last = db.prepareStatement("UPDATE conversations SET last_message_id = ? WHERE id = ?")) {
            for (int i = 0; i < CONVERSATIONS; i++) {
                UUID customer = UUID.randomUUID();
                String email = "bench-" + i + "-" + customer.toString().substring(0, 6) + "@bench.souk.dev";
                UUID id = UUID.randomUUID();
                UUID messageId = UUID.randomUUID();
                Timestamp created = Timestamp.from(now.minus(Duration.ofDays(2)));
                Timestamp sent = Timestamp.from(now.minus(Duration.ofMinutes(CONVERSATIONS - i)));
                member.setObject(1, customer);
                member.setString(2, email);
                member.setTimestamp(3, created);
                member.setString(4, hash);
                member.setString(5, "Bench Customer " + i);
                member.setTimestamp(6, created);
                member.addBatch();
                conversation.setObject(1, id);
                conversation.setObject(2, UUID.randomUUID());
                conversation.setString(3, "Bench listing " + i);
                conversation.setObject(4, customer);
                conversation.setObject(5, lena);
                conversation.setTimestamp(6, sent);
                conversation.addBatch();
                message.setObject(1, messageId);
                message.setObject(2, id);
                message.setObject(3, customer);
                message.setString(4, "Hello, is bench listing " + i + " still available? It looks great.");
                message.setTimestamp(5, sent);
                message.addBatch();
                last.setObject(1, messageId);
                last.setObject(2, id);
                last.addBatch();
                for (boolean mine : new boolean[] {true, false}) {
                    participant.setObject(1, id);
                    participant.setObject(2, mine ? lena : customer);
                    participant.setObject(3, mine ? customer : lena);
                    participant.setTimestamp(4, sent);
                    participant.setInt(5, mine ? 1 : 0);
                    participant.setTimestamp(6, mine ? sent : null);
                    participant.addBatch();
                }
                conversations.add(0, id); // newest first
                customers.add(0, email);
                if (i % 100 == 99) {
                    member.executeBatch();
                    conversation.executeBatch();
                    message.executeBatch();
                    last.executeBatch();
                    participant.executeBatch();
                    System.out.print(".");
                }
            }
        }
        db.commit();
        try (var st = db.createStatement()) {
            st.execute("ANALYZE conversations; ANALYZE conversation_participants; ANALYZE messages; ANALYZE members");
        }
        db.commit();
        System.out.println(" done.");
        return lena;
    }

    /**
     * CPU time used so far by the app (its pid in system property app.pid) and by PostgreSQL (the
     * postmaster of pg.pid-file and its backends), in ms; zeros when not given. Unlike latency on a
     * shared 2-core machine, the CPU a post costs doesn't depend on what else runs.
     */
    static long[] cpu() throws Exception {
        long app = Long.getLong("app.pid", -1);
        String pidFile = System.getProperty("pg.pid-file");
        long appMs = app < 0 ? 0 : ProcessHandle.of(app).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toMillis).orElse(0L);
        long pgMs = 0;
        if (pidFile != null && java.nio.file.Files.exists(java.nio.file.Path.of(pidFile))) {
            long postmaster = Long.parseLong(java.nio.file.Files.readAllLines(java.nio.file.Path.of(pidFile)).get(0).strip());
            var handle = ProcessHandle.of(postmaster);
            if (handle.isPresent()) {
                pgMs += handle.get().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
                pgMs += handle.get().children().mapToLong(c -> c.info().totalCpuDuration().map(Duration::toMillis).orElse(0L)).sum();
            }
        }
        return new long[] {appMs, pgMs};
    }

    static void cpuPerPost(long[] before, int posts) throws Exception {
        long[] after = cpu();
        if (after[0] > 0) {
            System.out.printf("  CPU per post: app %.2f ms, PostgreSQL %.2f ms (process CPU time over the run / posts)%n",
                    (after[0] - before[0]) / (double) posts, (after[1] - before[1]) / (double) posts);
        }
    }

    static void signIn(HttpClient browser) throws Exception {
        HttpResponse<String> form = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/sign-in")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        String body = "email=" + URLEncoder.encode(MEMBER, StandardCharsets.UTF_8) + "&password=" + PASSWORD
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/sign-in"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302) {
            throw new IllegalStateException("sign-in answered " + signedIn.statusCode());
        }
    }

    static String token(String email) throws Exception {
        HttpResponse<String> r = apiPost(null, "/api/v1/auth/tokens",
                "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\", \"label\": \"bench\"}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("token for " + email + ": " + r.statusCode() + " " + r.body());
        }
        return field(r.body(), "token");
    }

    static HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> apiGet(String token, String path) throws Exception {
        HttpResponse<String> r = API.send(
                HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        return r;
    }

    static HttpResponse<String> apiPost(String token, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return API.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static void report(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("%s%n  p50 %.1f ms   p95 %.1f ms   p99 %.1f ms   max %.1f ms   (n = %d)%n", what,
                at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, sorted.size());
    }

    static double at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }
}
