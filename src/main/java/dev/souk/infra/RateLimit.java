package dev.souk.infra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.boot.convert.DurationStyle;

/**
 * How often one thing may happen per key (a client address, a member, an email address): up to
 * {@code capacity} at once, refilled evenly over {@code period}. Ten an hour lets ten through right
 * away, then one every six minutes.
 *
 * @param name the setting's name: {@code souk.limits.<name>}, environment {@code SOUK_LIMITS_<NAME>}
 */
public record RateLimit(String name, long capacity, Duration period) {

    public RateLimit {
        if (capacity < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("souk.limits." + name + " must allow at least 1 per a positive time");
        }
    }

    /**
     * A limit written as {@code count/period}, e.g. {@code 10/1h} or {@code 5/15m}, with its count
     * multiplied by {@code scale} (rounded up).
     */
    static RateLimit parse(String name, String text, double scale) {
        String[] parts = text.strip().split("/", 2);
        try {
            long count = Long.parseLong(parts[0].strip());
            Duration period = DurationStyle.detectAndParse(parts[1].strip());
            return new RateLimit(name, (long) Math.ceil(count * scale), period);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "souk.limits." + name + " is '" + text + "'; expected a count per time, e.g. 10/1h", e);
        }
    }

    /**
     * The bucket of one key. Its id names the limit and its setting (so a changed setting starts afresh)
     * and hashes the key, so the table holds no address or email in clear.
     */
    public Key key(Object subject) {
        return new Key(this, name + ":" + capacity + "/" + period + ":" + hash(subject.toString()));
    }

    public record Key(RateLimit limit, String id) {}

    private static String hash(String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
