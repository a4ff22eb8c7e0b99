package dev.souk.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** A clock tests move forward instead of sleeping; it follows real time until moved. */
public final class MutableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile @Nullable Instant stopped;

    public void advance(Duration duration) {
        Instant at = stopped;
        if (at != null) {
            stopped = at.plus(duration);
        }
        offset = offset.plus(duration);
    }

    /** Stands still where it is until moved or reset, e.g. so that nothing refills while a test counts. */
    public void stop() {
        stopped = instant();
    }

    public void reset() {
        stopped = null;
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
        Instant at = stopped;
        // PostgreSQL keeps microseconds: a finer clock would not read back what it wrote
        return at != null ? at : Instant.now().truncatedTo(ChronoUnit.MICROS).plus(offset);
    }
}
