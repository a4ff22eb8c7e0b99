package dev.souk.accounts;

import static dev.souk.testing.Members.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.MutableClock;
import dev.souk.testing.RateLimited;
import dev.souk.testing.StrictLimits;
import dev.souk.testing.Web;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The brute-force limits of sign-in: 10 failures per account and client address (the default), and
 * ceilings of 30 per account and per address (100 by default, lowered by {@link StrictLimits}), each
 * a quarter of an hour. The clock stands still, so nothing refills while a test counts.
 */
@StrictLimits
class SignInLimitsTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** One token back every 90 s once ten failures have emptied the account-and-address bucket. */
    private static final long PAIR_REFILL_SECONDS = 90;

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void stopTheClock() {
        clock.stop();
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    @Test
    void anAttackersAddressThrottledOnAnAccountLeavesItsOwnerSigningInFromElsewhere() {
        Signed owner = member("Owner Person");
        Http attacker = new Http(port, address());
        for (int i = 0; i < 10; i++) {
            assertThat(signIn(attacker, owner.email(), "guess-" + i).statusCode())
                    .isEqualTo(401);
        }
        RateLimited.api(signIn(attacker, owner.email(), "guess-10"), PAIR_REFILL_SECONDS);
        RateLimited.api(signIn(attacker, owner.email(), PASSWORD), PAIR_REFILL_SECONDS);

        assertThat(signIn(new Http(port, address()), owner.email(), PASSWORD).statusCode())
                .isEqualTo(201);
        Web page = new Web(port, address());
        HttpResponse<String> signedIn = page.post("/sign-in", Map.of("email", owner.email(), "password", PASSWORD));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith(":" + port + "/"));
    }

    @Test
    void onlyFailuresCountTheRightPasswordGivesItsAttemptBack() {
        Signed member = member("Forgetful Typist");
        Http from = new Http(port, address());
        for (int i = 0; i < 9; i++) {
            assertThat(signIn(from, member.email(), "typo-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(signIn(from, member.email(), PASSWORD).statusCode()).isEqualTo(201);
        assertThat(signIn(from, member.email(), "typo-9").statusCode())
                .as("the tenth failure")
                .isEqualTo(401);
        RateLimited.api(signIn(from, member.email(), "typo-10"), PAIR_REFILL_SECONDS);
    }

    @Test
    void aParallelBurstOfWrongPasswordsGetsNoMoreThanTheLimitToThePasswordCheck() {
        Signed target = member("Burst Target");
        Http attacker = new Http(port, address());

        List<HttpResponse<String>> answers = parallel(30, i -> signIn(attacker, target.email(), "burst-" + i));

        assertThat(answers).filteredOn(r -> r.statusCode() == 401).hasSize(10);
        assertThat(answers)
                .filteredOn(r -> r.statusCode() != 401)
                .hasSize(20)
                .allSatisfy(r -> RateLimited.api(r, PAIR_REFILL_SECONDS));
    }

    @Test
    void aParallelBurstOnTheSignInPageGetsNoMoreThanTheLimitToThePasswordCheck() {
        Signed target = member("Page Burst Target");
        String attacker = address();
        List<Web> browsers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Web browser = new Web(port, attacker);
            browser.get("/sign-in");
            browsers.add(browser);
        }

        List<HttpResponse<String>> answers = parallel(
                30, i -> browsers.get(i).post("/sign-in", Map.of("email", target.email(), "password", "burst-" + i)));

        assertThat(answers).filteredOn(r -> r.statusCode() == 401).hasSize(10);
        assertThat(answers)
                .filteredOn(r -> r.statusCode() != 401)
                .hasSize(20)
                .allSatisfy(r -> RateLimited.page(r, "password", PAIR_REFILL_SECONDS));
    }

    @Test
    void guessesAtOneAccountFromManyAddressesStopAtTheAccountsCeiling() {
        Signed target = member("Sprayed Account");
        List<Http> attackers = List.of(new Http(port, address()), new Http(port, address()), new Http(port, address()));

        List<HttpResponse<String>> answers =
                parallel(30, i -> signIn(attackers.get(i % 3), target.email(), "spray-" + i));
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(401));

        // thirty a quarter of an hour: one more every 30 s, whoever tries, even with the right password
        RateLimited.api(signIn(new Http(port, address()), target.email(), PASSWORD), 30);
    }

    @Test
    void guessesFromOneAddressAtManyAccountsStopAtTheAddresssCeiling() {
        Signed bystander = member("Bystander Person");
        Http sprayer = new Http(port, address());

        List<HttpResponse<String>> answers =
                parallel(30, i -> signIn(sprayer, Members.uniqueEmail("sprayed"), "spray-" + i));
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(401));

        RateLimited.api(signIn(sprayer, bystander.email(), PASSWORD), 30);
        assertThat(signIn(new Http(port, address()), bystander.email(), PASSWORD)
                        .statusCode())
                .isEqualTo(201);
    }

    /**
     * A failed sign-in holds no database connection while the password is compared, and never a
     * second one; hashing runs beside the request threads, not on them. So 64 at once (the pool has 16
     * connections) leave pages and searches answered.
     */
    @Test
    void sixtyFourParallelFailingSignInsLeaveOtherRequestsServedPromptly() {
        Http visitor = new Http(port, address());
        // answered once before, so what is timed below is the wait, not a first request's warm-up
        visitor.get("/api/v1/listings");
        visitor.get("/");
        HttpClient attackers = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> failing = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            HttpRequest guess = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/auth/tokens"))
                    // on a busy machine the last of 64 hashes may take a while: it must fail, not time out
                    .timeout(Duration.ofMinutes(3))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", address())
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"email": "%s", "password": "wrong-password"}""".formatted(Members.uniqueEmail("nobody"))))
                    .build();
            failing.add(attackers.sendAsync(guess, HttpResponse.BodyHandlers.ofString()));
        }

        List<Duration> served = new ArrayList<>();
        do {
            for (String path : List.of("/api/v1/listings", "/")) {
                long started = System.nanoTime();
                assertThat(visitor.get(path).statusCode()).as(path).isEqualTo(200);
                served.add(Duration.ofNanos(System.nanoTime() - started));
            }
        } while (failing.stream().anyMatch(f -> !f.isDone()));

        assertThat(failing).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(401));
        assertThat(served).allSatisfy(took -> assertThat(took).isLessThan(Duration.ofSeconds(2)));
    }

    private Signed member(String name) {
        return Members.verifiedMember(new Http(port, address()), name);
    }

    private static HttpResponse<String> signIn(Http from, String email, String password) {
        return from.postJson("/api/v1/auth/tokens", """
                {"email": "%s", "password": "%s"}""".formatted(email, password));
    }

    /** Runs {@code n} requests at once and returns their answers. */
    private static List<HttpResponse<String>> parallel(int n, IntFunction<HttpResponse<String>> request) {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int each = i;
                Callable<HttpResponse<String>> call = () -> {
                    go.await();
                    return request.apply(each);
                };
                futures.add(threads.submit(call));
            }
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** A client address no other test uses. */
    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10.71." + (n / 250) + "." + (n % 250 + 1);
    }
}
