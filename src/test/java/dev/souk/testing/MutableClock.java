package dev.souk.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A clock tests move forward instead of sleeping; it follows real time until moved. */
public final class MutableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Souk's clock is always UTC");
    }

    @Override
    public Instant instant() {
        // PostgreSQL keeps microseconds: a finer clock would not read back what it wrote
        return Instant.now().truncatedTo(ChronoUnit.MICROS).plus(offset);
    }
}
