package dev.souk.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.WithMailbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code Idempotency-Key} of the API's writes, over HTTP: a retry gets the first answer and the
 * write is done once; the key with another request, a malformed key and a key whose first request
 * still runs are refused; keys are per caller, kept a day, and freed by a failure on Souk's side.
 */
@SoukTest
@Import(WithMailbox.class)
class IdempotencyKeysTest {

    static final String KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MutableClock clock;

    @Autowired
    IdempotencyKeys keys;

    @Autowired
    Marketplace marketplace;

    Http http;
    TestCatalog catalog;

    @BeforeEach
    void setUp() {
        http = new Http(port, address());
        catalog = new TestCatalog(marketplace);
    }

    @AfterEach
    void putBack() {
        clock.reset();
        keys.maxKeptAnswer(IdempotencyKeys.MAX_KEPT_ANSWER);
    }

    @Test
    void aRetriedWriteGetsTheFirstAnswerAndIsDoneOnce() {
        Signed member = Members.unverifiedMember(http, "Retrying Client");
        String key = UUID.randomUUID().toString();
        String body = tokenRequest(member, "laptop");
        int tokens = tokens(member);
        int kept = kept();

        HttpResponse<String> first = http.postJson("/api/v1/auth/tokens", body, KEY, key);
        HttpResponse<String> again = http.postJson("/api/v1/auth/tokens", body, KEY, key);
        HttpResponse<String> third = http.postJson("/api/v1/auth/tokens", body, KEY, key);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(first.headers().firstValue("Location"))
                .hasValueSatisfying(location ->
                        assertThat(location).isEqualTo("/api/v1/auth/tokens/" + Members.field(first.body(), "id")));
        assertReplayOf(again, first);
        assertReplayOf(third, first);
        assertThat(tokens(member)).as("one token issued").isEqualTo(tokens + 1);
        assertThat(kept()).isEqualTo(kept + 1);
        String token = Members.field(again.body(), "token");
        assertThat(http.get("/api/v1/me", "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(200);

        HttpResponse<String> read = http.get("/api/v1/me", "Authorization", "Bearer " + token, KEY, key);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue(REPLAYED)).as("reads take no key").isEmpty();
        assertThat(kept()).isEqualTo(kept + 1);
    }

    @Test
    void aRetriedListingIsCreatedOnceAndARetriedUploadAddsOnePhoto() {
        Signed owner = Members.verifiedMember(http, "Retrying Owner");
        String key = UUID.randomUUID().toString();
        String body = catalog.completeStay("Sent twice");

        HttpResponse<String> first = http.postJson("/api/v1/listings", body, auth(owner, key));
        HttpResponse<String> again = http.postJson("/api/v1/listings", body, auth(owner, key));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.headers().firstValue("Location")).isPresent();
        assertReplayOf(again, first);
        assertThat(listings(owner)).isEqualTo(1);

        String id = json(first).get("id").asString();
        String photoKey = UUID.randomUUID().toString();
        byte[] png = TestCatalog.png(64, 48);
        HttpResponse<String> photo = http.upload(
                "/api/v1/listings/" + id + "/photos", "file", "room.png", "image/png", png, auth(owner, photoKey));
        HttpResponse<String> photoAgain = http.upload(
                "/api/v1/listings/" + id + "/photos", "file", "room.png", "image/png", png, auth(owner, photoKey));
        HttpResponse<String> otherPhoto = http.upload(
                "/api/v1/listings/" + id + "/photos",
                "file",
                "room.png",
                "image/png",
                TestCatalog.png(48, 64),
                auth(owner, photoKey));

        assertThat(photo.statusCode()).as(photo.body()).isEqualTo(201);
        assertReplayOf(photoAgain, photo);
        assertRefused(otherPhoto, 422, "urn:souk:problem:invalid-state");
        assertThat(json(otherPhoto).get("code").asString()).isEqualTo("idempotency.reused");
        assertThat(photos(id)).as("one photo added").isEqualTo(1);
    }

    @Test
    void theKeyWithAnotherRequestIsRefusedAndNothingIsDone() {
        Signed member = Members.unverifiedMember(http, "Key Reuser");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = http.postJson("/api/v1/auth/tokens", tokenRequest(member, "phone"), KEY, key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        int tokens = tokens(member);
        int kept = kept();

        List<HttpResponse<String>> refused = List.of(
                http.postJson("/api/v1/auth/tokens", tokenRequest(member, "tablet"), KEY, key),
                http.postJson("/api/v1/auth/tokens?label=tablet", tokenRequest(member, "phone"), KEY, key),
                http.postJson("/api/v1/accounts/password-reset", "{\"email\": \"" + member.email() + "\"}", KEY, key),
                http.method("PATCH", "/api/v1/auth/tokens", tokenRequest(member, "phone"), KEY, key));

        for (HttpResponse<String> answer : refused) {
            assertRefused(answer, 422, "urn:souk:problem:invalid-state");
            assertThat(json(answer).get("code").asString()).isEqualTo("idempotency.reused");
            assertThat(json(answer).get("detail").asString()).contains("Idempotency-Key");
        }
        assertThat(tokens(member)).as("no token issued").isEqualTo(tokens);
        assertThat(kept()).isEqualTo(kept);
        assertReplayOf(http.postJson("/api/v1/auth/tokens", tokenRequest(member, "phone"), KEY, key), first);
    }

    @Test
    void aMalformedKeyIsRefusedAndNothingIsDone() throws IOException {
        Signed member = Members.unverifiedMember(http, "Odd Keys");
        String body = tokenRequest(member, "odd");
        int tokens = tokens(member);
        int kept = kept();

        Map<String, HttpResponse<String>> refused = new LinkedHashMap<>();
        for (String malformed : List.of("", "k".repeat(256), "two words", "tab\tinside")) {
            refused.put(malformed, http.postJson("/api/v1/auth/tokens", body, KEY, malformed));
        }
        refused.put("twice", http.postJson("/api/v1/auth/tokens", body, KEY, "one", KEY, "two"));
        for (Map.Entry<String, HttpResponse<String>> refusal : refused.entrySet()) {
            HttpResponse<String> answer = refusal.getValue();
            assertThat(answer.statusCode())
                    .as("[%s] %s", refusal.getKey(), answer.body())
                    .isEqualTo(400);
            assertRefused(answer, 400, "urn:souk:problem:validation");
            JsonNode error = json(answer).get("errors").get(0);
            assertThat(error.get("field").asString()).isEqualTo("Idempotency-Key");
            assertThat(error.get("message").asString()).contains("255");
        }
        // sent as bytes: HTTP clients send no such header (Java's makes "cl?" of "clé"); control
        // characters other than tabs don't even get past the server's parser
        for (String raw : List.of("clé", "a\u0001b", "a\u007Fb", "a\u0000b")) {
            assertThat(rawPost("/api/v1/auth/tokens", body, KEY + ": " + raw))
                    .as("%s", raw.chars().mapToObj(Integer::toHexString).toList())
                    .startsWith("HTTP/1.1 400 ");
        }
        assertThat(tokens(member)).isEqualTo(tokens);
        assertThat(kept()).isEqualTo(kept);

        HttpResponse<String> longest = http.postJson("/api/v1/auth/tokens", body, KEY, "~".repeat(255));
        assertThat(longest.statusCode()).as(longest.body()).isEqualTo(201);
        assertThat(kept()).isEqualTo(kept + 1);
    }

    @Test
    void aRefusalIsTheFirstAnswerAndIsAnsweredAgain() {
        Signed owner = Members.verifiedMember(http, "Refused Owner");
        String key = UUID.randomUUID().toString();
        String wrong = catalog.completeStay("Priced in no currency").replace("\"EUR\"", "\"ZZZ\"");

        HttpResponse<String> first = http.postJson("/api/v1/listings", wrong, auth(owner, key));
        HttpResponse<String> again = http.postJson("/api/v1/listings", wrong, auth(owner, key));
        HttpResponse<String> corrected =
                http.postJson("/api/v1/listings", catalog.completeStay("Priced in no currency"), auth(owner, key));

        assertRefused(first, 400, "urn:souk:problem:validation");
        assertReplayOf(again, first);
        assertRefused(corrected, 422, "urn:souk:problem:invalid-state");
        assertThat(listings(owner)).isZero();
    }

    @Test
    void requestsSentTogetherWithOneKeyDoTheWriteOnce() throws Exception {
        Signed owner = Members.verifiedMember(http, "Impatient Owner");
        String key = UUID.randomUUID().toString();
        String body = catalog.completeStay("Sent six times at once");
        int together = 6;
        ExecutorService senders = Executors.newFixedThreadPool(together);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < together; i++) {
                sent.add(senders.submit(() -> {
                    go.await();
                    return http.postJson("/api/v1/listings", body, auth(owner, key));
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            senders.shutdownNow();
        }

        List<HttpResponse<String>> ran = answers.stream()
                .filter(a -> a.statusCode() == 201
                        && a.headers().firstValue(REPLAYED).isEmpty())
                .toList();
        assertThat(ran).as("exactly one ran").hasSize(1);
        for (HttpResponse<String> answer : answers) {
            if (answer == ran.get(0)) {
                continue;
            }
            if (answer.statusCode() == 409) {
                assertRefused(answer, 409, "urn:souk:problem:conflict");
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            } else {
                assertReplayOf(answer, ran.get(0));
            }
        }
        assertThat(listings(owner)).isEqualTo(1);
    }

    /** The first request is held at its insert by a lock the test takes, so the second one comes while it runs. */
    @Test
    void aRequestWhileTheFirstWithItsKeyStillRunsIsToldToWait() throws Exception {
        Signed owner = Members.verifiedMember(http, "Waiting Owner");
        String key = UUID.randomUUID().toString();
        String body = catalog.completeStay("Held at its insert");
        int running = running();
        CompletableFuture<HttpResponse<String>> first;
        HttpResponse<String> second;
        try (Connection lock = dataSource.getConnection();
                Statement statement = lock.createStatement()) {
            lock.setAutoCommit(false);
            statement.execute("LOCK TABLE listings IN SHARE MODE");
            first = CompletableFuture.supplyAsync(() -> http.postJson("/api/v1/listings", body, auth(owner, key)));
            Instant deadline = Instant.now().plusSeconds(20);
            while (running() == running && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(running()).as("the first request claimed its key").isEqualTo(running + 1);

            second = http.postJson("/api/v1/listings", body, auth(owner, key));

            assertThat(first).isNotDone();
            lock.rollback();
        }
        assertRefused(second, 409, "urn:souk:problem:conflict");
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(second).get("code").asString()).isEqualTo("idempotency.running");
        HttpResponse<String> done = first.get(30, TimeUnit.SECONDS);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        assertReplayOf(http.postJson("/api/v1/listings", body, auth(owner, key)), done);
        assertThat(listings(owner)).isEqualTo(1);
        assertThat(running()).isEqualTo(running);
    }

    /** A first request whose node stopped before it answered: its claim is made here and never finished. */
    @Test
    void aKeyWhoseFirstRequestNeverAnsweredIsTakenOverByTheSameRequestOnceItsLeaseIsOver() {
        Signed owner = Members.verifiedMember(http, "Orphaned Owner");
        String key = UUID.randomUUID().toString();
        String body = catalog.completeStay("Claimed by a node that stopped");
        IdempotencyKeys.Key claimed = keys.key("member:" + owner.id(), key);
        IdempotencyKeys.Decision died = keys.decide(
                claimed,
                new IdempotencyKeyStore.Request(
                        "POST",
                        "/api/v1/listings",
                        claimed.digest("query").doFinal(new byte[0]),
                        claimed.digest("body").doFinal(body.getBytes(StandardCharsets.UTF_8))));
        assertThat(died).isInstanceOf(IdempotencyKeys.Decision.Run.class);

        assertRefused(http.postJson("/api/v1/listings", body, auth(owner, key)), 409, "urn:souk:problem:conflict");
        clock.advance(IdempotencyKeys.LEASE.plusSeconds(1));
        assertRefused(
                http.postJson("/api/v1/listings", catalog.completeStay("Another listing"), auth(owner, key)),
                422,
                "urn:souk:problem:invalid-state");
        HttpResponse<String> takenOver = http.postJson("/api/v1/listings", body, auth(owner, key));
        assertThat(takenOver.statusCode()).as(takenOver.body()).isEqualTo(201);
        assertThat(takenOver.headers().firstValue(REPLAYED)).isEmpty();

        // had the first one lived after all, its answer would not replace the one given
        keys.answered(
                (IdempotencyKeys.Decision.Run) died,
                new IdempotencyKeys.Answer(201, "application/json", null, "{}".getBytes(StandardCharsets.UTF_8)));
        assertReplayOf(http.postJson("/api/v1/listings", body, auth(owner, key)), takenOver);
        assertThat(listings(owner)).isEqualTo(1);
    }

    @Test
    void theSameKeyFromAnotherCallerIsAKeyOfItsOwn() {
        Signed one = Members.verifiedMember(http, "First Caller");
        Signed other = Members.verifiedMember(http, "Second Caller");
        String body = catalog.completeStay("Same key, other member");

        HttpResponse<String> mine = http.postJson("/api/v1/listings", body, auth(one, "order-1"));
        HttpResponse<String> theirs = http.postJson("/api/v1/listings", body, auth(other, "order-1"));

        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(201);
        assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(201);
        assertThat(theirs.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(json(theirs).get("id")).isNotEqualTo(json(mine).get("id"));
        assertThat(listings(one)).isEqualTo(1);
        assertThat(listings(other)).isEqualTo(1);

        // signed out, the caller is the client's address
        Signed anonymous = Members.unverifiedMember(http, "Signed Out Caller");
        int tokens = tokens(anonymous);
        String request = tokenRequest(anonymous, "shared");
        HttpResponse<String> here = new Http(port, address()).postJson("/api/v1/auth/tokens", request, KEY, "order-1");
        HttpResponse<String> there = new Http(port, address()).postJson("/api/v1/auth/tokens", request, KEY, "order-1");
        assertThat(here.statusCode()).as(here.body()).isEqualTo(201);
        assertThat(there.statusCode()).as(there.body()).isEqualTo(201);
        assertThat(there.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(tokens(anonymous)).isEqualTo(tokens + 2);
    }

    @Test
    void aKeyIsKeptADayThenForgottenAndItsRequestRunsAnew() {
        Signed member = Members.unverifiedMember(http, "Day Later");
        String key = UUID.randomUUID().toString();
        String body = tokenRequest(member, "daily");
        int tokens = tokens(member);
        int kept = kept();
        HttpResponse<String> first = http.postJson("/api/v1/auth/tokens", body, KEY, key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);

        clock.advance(Duration.ofHours(23));
        keys.purge();
        assertReplayOf(http.postJson("/api/v1/auth/tokens", body, KEY, key), first);

        clock.advance(Duration.ofHours(1).plusMinutes(1));
        keys.purge();
        assertThat(kept()).as("every key is older than a day now").isZero();
        HttpResponse<String> anew = http.postJson("/api/v1/auth/tokens", body, KEY, key);

        assertThat(anew.statusCode()).as(anew.body()).isEqualTo(201);
        assertThat(anew.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(Members.field(anew.body(), "token")).isNotEqualTo(Members.field(first.body(), "token"));
        assertThat(tokens(member)).isEqualTo(tokens + 2);
    }

    @Test
    void aFailureOnSouksSideFreesTheKeyForTheRetry() {
        Signed owner = Members.verifiedMember(http, "Unlucky Owner");
        String key = UUID.randomUUID().toString();
        String title = "Refused by the database " + catalog.suffix;
        String body = catalog.completeStay(title);
        int kept = kept();
        HttpResponse<String> failed;
        jdbc.sql("ALTER TABLE listings ADD CONSTRAINT idempotency_test_refusal CHECK (title <> '" + title
                        + "') NOT VALID")
                .update();
        try {
            failed = http.postJson("/api/v1/listings", body, auth(owner, key));
        } finally {
            jdbc.sql("ALTER TABLE listings DROP CONSTRAINT idempotency_test_refusal")
                    .update();
        }
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
        assertThat(kept()).as("the key was freed").isEqualTo(kept);

        HttpResponse<String> retried = http.postJson("/api/v1/listings", body, auth(owner, key));

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        assertThat(retried.headers().firstValue(REPLAYED)).isEmpty();
        assertThat(listings(owner)).isEqualTo(1);
    }

    @Test
    void anAnswerTooLargeToKeepIsNotSentAgainAndTheWriteIsNotRepeated() {
        keys.maxKeptAnswer(64);
        Signed owner = Members.verifiedMember(http, "Large Answers");
        String key = UUID.randomUUID().toString();
        String body = catalog.completeStay("Answered at length");

        HttpResponse<String> first = http.postJson("/api/v1/listings", body, auth(owner, key));
        HttpResponse<String> again = http.postJson("/api/v1/listings", body, auth(owner, key));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertRefused(again, 422, "urn:souk:problem:invalid-state");
        assertThat(json(again).get("code").asString()).isEqualTo("idempotency.notKept");
        assertThat(listings(owner)).isEqualTo(1);
    }

    @Test
    void everyWriteOfTheApiTakesAKeyButTheGatewaysCallbacks() {
        assertThat(IdempotencyKeyFilter.covered("POST", "/api/v1/listings")).isTrue();
        assertThat(IdempotencyKeyFilter.covered("DELETE", "/api/v1/listings/1/photos/2"))
                .isTrue();
        assertThat(IdempotencyKeyFilter.covered("PATCH", "/api/v1/me")).isTrue();
        assertThat(IdempotencyKeyFilter.covered("PUT", "/api/v1/listings/1/stock"))
                .isTrue();
        assertThat(IdempotencyKeyFilter.covered("GET", "/api/v1/listings")).isFalse();
        assertThat(IdempotencyKeyFilter.covered("POST", "/api/v1/webhooks/stripe"))
                .isFalse();
        assertThat(IdempotencyKeyFilter.covered("POST", "/account/settings")).isFalse();
    }

    private static void assertReplayOf(HttpResponse<String> replay, HttpResponse<String> first) {
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(first.statusCode());
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(replay.headers().firstValue("Content-Type"))
                .isEqualTo(first.headers().firstValue("Content-Type"));
        assertThat(replay.headers().firstValue(REPLAYED)).hasValue("true");
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String type) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(answer).get("type").asString()).isEqualTo(type);
        assertThat(answer.headers().firstValue(REPLAYED)).isEmpty();
    }

    /** The status line of a POST sent as raw bytes, for headers no HTTP client would send. */
    private String rawPost(String path, String body, String header) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + content.length + "\r\n" + header + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(0, Math.max(0, answer.indexOf("\r\n")));
        }
    }

    private static String[] auth(Signed member, String key) {
        return new String[] {"Authorization", "Bearer " + member.token(), KEY, key};
    }

    private static String tokenRequest(Signed member, String label) {
        return """
                {"email": "%s", "password": "%s", "label": "%s"}""".formatted(member.email(), Members.PASSWORD, label);
    }

    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10.44." + (n / 250 % 250) + "." + (n % 250 + 1);
    }

    private int tokens(Signed member) {
        return jdbc.sql("SELECT count(*) FROM api_tokens WHERE member_id = ?")
                .param(member.id())
                .query(Integer.class)
                .single();
    }

    private int listings(Signed owner) {
        return jdbc.sql("SELECT count(*) FROM listings WHERE owner_id = ?")
                .param(owner.id())
                .query(Integer.class)
                .single();
    }

    private int photos(String listingId) {
        return jdbc.sql("SELECT count(*) FROM listing_photos WHERE listing_id = ?::uuid")
                .param(listingId)
                .query(Integer.class)
                .single();
    }

    private int kept() {
        return jdbc.sql("SELECT count(*) FROM idempotency_keys")
                .query(Integer.class)
                .single();
    }

    private int running() {
        return jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE claim IS NOT NULL")
                .query(Integer.class)
                .single();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
