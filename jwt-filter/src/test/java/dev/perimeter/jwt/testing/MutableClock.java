package dev.perimeter.jwt.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that follows the system clock plus an offset a test can move forward, so expiry can be
 * tested without sleeping while background threads still see time pass.
 */
public final class MutableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant fixed;

    /** Follows the system clock. */
    public static MutableClock system() {
        return new MutableClock();
    }

    /** Stands still at {@code instant} until moved. */
    public static MutableClock fixedAt(Instant instant) {
        MutableClock clock = new MutableClock();
        clock.fixed = instant;
        return clock;
    }

    /** Moves the clock forward (or back, for a negative amount). */
    public void advance(Duration amount) {
        if (fixed != null) {
            fixed = fixed.plus(amount);
        } else {
            offset = offset.plus(amount);
        }
    }

    /** Sets a fixed clock to {@code instant}. */
    public void set(Instant instant) {
        fixed = instant;
    }

    @Override
    public Instant instant() {
        Instant at = fixed;
        return at != null ? at : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
