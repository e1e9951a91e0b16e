package dev.perimeter.jwt.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves forward, instead of sleeping through a cool-down, a retention or an
 * expiry. It either stands still until moved ({@link #startingNow()}, {@link #fixedAt}), or
 * follows the system clock plus an offset ({@link #system()}), for code whose background threads
 * must still see time pass.
 */
public final class MutableClock extends Clock {

    /** The fixed instant, or null when following the system clock. */
    private final AtomicReference<Instant> fixed;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private MutableClock(Instant start) {
        this.fixed = new AtomicReference<>(start);
    }

    /** A clock that stands at the present moment until advanced. */
    public static MutableClock startingNow() {
        return new MutableClock(Instant.now());
    }

    /** A clock that stands at {@code instant} until moved. */
    public static MutableClock fixedAt(Instant instant) {
        return new MutableClock(instant);
    }

    /** A clock that follows the system clock, shifted by whatever {@link #advance} adds. */
    public static MutableClock system() {
        return new MutableClock(null);
    }

    /** Moves the clock forward (or back, for a negative amount). */
    public void advance(Duration duration) {
        if (fixed.get() != null) {
            fixed.updateAndGet(instant -> instant.plus(duration));
        } else {
            offset.updateAndGet(current -> current.plus(duration));
        }
    }

    /** Stops the clock at {@code instant}. */
    public void set(Instant instant) {
        fixed.set(instant);
    }

    @Override
    public Instant instant() {
        Instant at = fixed.get();
        return at != null ? at : Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock has one zone");
    }
}
