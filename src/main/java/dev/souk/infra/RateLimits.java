package dev.souk.infra;

import dev.souk.shared.Refusal;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.CustomColumnProvider;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rate limits shared by every app node: one token bucket per limit and key in PostgreSQL
 * ({@code rate_limit_buckets}, Bucket4j), changed under a row lock, so parallel requests never get more
 * than the limit. A module's facade defines its limits once and takes from them before it acts.
 *
 * <p>Each take is a short transaction on a connection of its own: call it before the caller's own
 * transaction begins, never while holding a connection, so a burst of requests can't exhaust the pool.
 */
@Component
public class RateLimits {

    /** After this, a bucket's row is the same as no row: it would be full again. */
    private static final ExpirationAfterWriteStrategy FULL_AGAIN =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO);

    private static final int CLEAN_UP_BATCH = 10_000;

    private final Environment environment;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final double scale;
    private final ProxyManager<String> buckets;
    /**
     * Takes of one bucket wait for its row lock, each holding a connection meanwhile, so a burst at one
     * bucket could hold the whole pool. They wait here instead, in memory, one take per stripe of
     * buckets at a time: rate limits use at most half the pool.
     */
    private final Lock[] stripes;

    RateLimits(DataSource dataSource, JdbcClient jdbc, Clock clock, Environment environment) {
        this.environment = environment;
        this.jdbc = jdbc;
        this.clock = clock;
        this.scale = environment.getProperty("souk.limits.scale", Double.class, 1.0);
        if (!(scale > 0)) {
            throw new IllegalArgumentException("souk.limits.scale must be above 0, not " + scale);
        }
        int pool = environment.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 10);
        this.stripes = new Lock[Math.max(1, pool / 2)];
        Arrays.setAll(stripes, i -> new ReentrantLock(true));
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                // Souk's clock, so tests move time instead of sleeping
                .clientClock(new TimeMeter() {
                    @Override
                    public long currentTimeNanos() {
                        Instant now = clock.instant();
                        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                    }

                    @Override
                    public boolean isWallClockBased() {
                        return true;
                    }
                })
                .addCustomColumn(new CustomColumnProvider<>() {
                    @Override
                    public void setCustomField(
                            String key, int index, PreparedStatement statement, RemoteBucketState state, long nowNanos)
                            throws SQLException {
                        long ttl = Math.max(0, FULL_AGAIN.calculateTimeToLiveMillis(state, nowNanos));
                        statement.setTimestamp(index, new Timestamp(nowNanos / 1_000_000 + ttl));
                    }

                    @Override
                    public String getCustomFieldName() {
                        return "expires_at";
                    }
                })
                .build();
    }

    /**
     * The limit set by {@code souk.limits.<name>} (environment {@code SOUK_LIMITS_<NAME>}, e.g.
     * {@code 10/1h}), else {@code count} per {@code period}; either count times {@code souk.limits.scale}.
     */
    public RateLimit define(String name, int count, Duration period) {
        String configured = environment.getProperty("souk.limits." + name);
        return configured == null
                ? new RateLimit(name, (long) Math.ceil(count * scale), period)
                : RateLimit.parse(name, configured, scale);
    }

    /**
     * Takes one from the bucket of each key, all or none.
     *
     * @throws Refusal rate limited (429) when any of the buckets is empty, with the longest wait
     */
    public Taken take(RateLimit.Key... keys) {
        List<RateLimit.Key> taken = new ArrayList<>(keys.length);
        Duration wait = Duration.ZERO;
        for (RateLimit.Key key : keys) {
            ConsumptionProbe probe = inStripe(key, bucket -> bucket.tryConsumeAndReturnRemaining(1));
            if (probe.isConsumed()) {
                taken.add(key);
            } else {
                Duration refill = Duration.ofNanos(probe.getNanosToWaitForRefill());
                wait = refill.compareTo(wait) > 0 ? refill : wait;
            }
        }
        Taken took = new Taken(taken);
        if (!wait.isZero()) {
            took.giveBack();
            throw Refusal.rateLimited(wait);
        }
        return took;
    }

    /** What one {@link #take} took; given back when the attempt turns out not to count. */
    public final class Taken {

        private final List<RateLimit.Key> keys;

        private Taken(List<RateLimit.Key> keys) {
            this.keys = keys;
        }

        public void giveBack() {
            for (RateLimit.Key key : keys) {
                inStripe(key, bucket -> {
                    bucket.addTokens(1);
                    return key;
                });
            }
        }
    }

    private <T> T inStripe(RateLimit.Key key, Function<BucketProxy, T> work) {
        RateLimit limit = key.limit();
        BucketProxy bucket = buckets.builder()
                .build(
                        key.id(),
                        () -> BucketConfiguration.builder()
                                .addLimit(bandwidth -> bandwidth
                                        .capacity(limit.capacity())
                                        .refillGreedy(limit.capacity(), limit.period()))
                                .build());
        Lock stripe = stripes[Math.floorMod(key.id().hashCode(), stripes.length)];
        stripe.lock();
        try {
            return work.apply(bucket);
        } finally {
            stripe.unlock();
        }
    }

    /** Full buckets are forgotten, in batches; any node may do it, rows in use are skipped. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetFullBuckets() {
        int deleted;
        do {
            deleted = jdbc.sql("""
                    DELETE FROM rate_limit_buckets WHERE id IN (
                        SELECT id FROM rate_limit_buckets WHERE expires_at < :now
                         LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                    .param("now", Timestamp.from(clock.instant()))
                    .param("batch", CLEAN_UP_BATCH)
                    .update();
        } while (deleted == CLEAN_UP_BATCH);
    }
}
