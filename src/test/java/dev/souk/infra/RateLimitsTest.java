package dev.souk.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.souk.shared.Refusal;
import dev.souk.testing.MutableClock;
import dev.souk.testing.StrictLimits;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@StrictLimits
class RateLimitsTest {

    @Autowired
    RateLimits limits;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    @Test
    void aLimitIsACountPerTimeMultipliedByTheScale() {
        assertThat(RateLimit.parse("sign-up-per-address", "10/1h", 1))
                .isEqualTo(new RateLimit("sign-up-per-address", 10, Duration.ofHours(1)));
        assertThat(RateLimit.parse("sign-up-per-address", " 3 / 15m ", 2.5))
                .isEqualTo(new RateLimit("sign-up-per-address", 8, Duration.ofMinutes(15)));
        assertThat(RateLimit.parse("reports", "5/PT2H", 1000).capacity()).isEqualTo(5000);

        for (String wrong : new String[] {"ten/1h", "10", "10/soon", "0/1h", "10/0s", "-1/1h"}) {
            assertThatThrownBy(() -> RateLimit.parse("reports", wrong, 1))
                    .as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("souk.limits.reports");
        }
    }

    @Test
    void aSettingReplacesTheDefaultOfItsLimit() {
        assertThat(limits.define("listing-photos", 200, Duration.ofHours(1)))
                .as("souk.limits.listing-photos=10/1h")
                .isEqualTo(new RateLimit("listing-photos", 10, Duration.ofHours(1)));
        assertThat(limits.define("unset-" + UUID.randomUUID(), 7, Duration.ofDays(1))
                        .capacity())
                .isEqualTo(7);
    }

    @Test
    void takesRefuseOnceEmptyAndRefillEvenlyOverThePeriod() {
        clock.stop();
        RateLimit limit = limits.define("test-" + UUID.randomUUID(), 2, Duration.ofHours(1));
        RateLimit.Key mine = limit.key("10.75.0.1");
        limits.take(mine);
        limits.take(mine);

        assertThatThrownBy(() -> limits.take(mine)).isInstanceOfSatisfying(Refusal.class, refused -> {
            assertThat(refused.kind()).isEqualTo(Refusal.Kind.RATE_LIMITED);
            assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(30));
        });
        limits.take(limit.key("10.75.0.2"));

        clock.advance(Duration.ofMinutes(30));
        limits.take(mine);
        assertThatThrownBy(() -> limits.take(mine)).isInstanceOf(Refusal.class);
    }

    @Test
    void aRefusedTakeTakesFromNoneOfItsBucketsAndAGivenBackOneCountsNot() {
        clock.stop();
        RateLimit wide = limits.define("test-" + UUID.randomUUID(), 5, Duration.ofHours(1));
        RateLimit narrow = limits.define("test-" + UUID.randomUUID(), 1, Duration.ofHours(1));
        limits.take(narrow.key("a"));

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> limits.take(wide.key("a"), narrow.key("a")))
                    .isInstanceOf(Refusal.class);
        }
        for (int i = 0; i < 10; i++) {
            limits.take(wide.key("a"), narrow.key("b" + i)).giveBack();
        }
        for (int i = 0; i < 5; i++) {
            limits.take(wide.key("a"));
        }
        assertThatThrownBy(() -> limits.take(wide.key("a"))).isInstanceOf(Refusal.class);
    }

    @Test
    void bucketsFullAgainAreForgotten() {
        clock.stop();
        RateLimit limit = limits.define("test-" + UUID.randomUUID(), 2, Duration.ofHours(1));
        limits.take(limit.key("half"));
        limits.take(limit.key("empty"));
        limits.take(limit.key("empty"));
        assertThat(buckets(limit)).isEqualTo(2);

        clock.advance(Duration.ofMinutes(31));
        limits.forgetFullBuckets();
        assertThat(buckets(limit)).as("the half-full one is full again").isEqualTo(1);

        clock.advance(Duration.ofMinutes(30));
        limits.forgetFullBuckets();
        assertThat(buckets(limit)).isZero();
    }

    private int buckets(RateLimit limit) {
        return jdbc.sql("SELECT count(*) FROM rate_limit_buckets WHERE id LIKE ?")
                .param(limit.name() + ":%")
                .query(Integer.class)
                .single();
    }
}
