package dev.perimeter.jwt.detection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Notices a burst of tokens with bad signatures: more than a limit within a fixed window, which
 * someone guessing keys or replaying tampered tokens produces. It says so once per window, at the
 * failure that crosses the limit, not once per failure. Lock-free: an increment per failure and a
 * compare-and-set when a window starts.
 */
public final class SignatureBurstDetector {

    /** A burst: the failures of the window so far, and when the window began. */
    public record Burst(long count, Instant windowStart) {
    }

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final AtomicReference<Window> current = new AtomicReference<>();

    /**
     * @param limit  more failures than this within one window make a burst
     * @param window the length of a window; one starts at the first failure after the last ended
     * @param clock  the time
     */
    public SignatureBurstDetector(int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit < 1 or window <= 0");
        }
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static final class Window {
        final long start;
        final AtomicLong count = new AtomicLong();
        final AtomicBoolean reported = new AtomicBoolean();

        Window(long start) {
            this.start = start;
        }
    }

    /**
     * Counts one bad signature.
     *
     * @return the burst when this failure takes the window past the limit (once per window),
     *         else null
     */
    public Burst failure() {
        long now = clock.millis();
        Window window = current.get();
        if (window == null || now - window.start >= windowMillis) {
            Window fresh = new Window(now);
            window = current.compareAndSet(window, fresh) ? fresh : current.get();
        }
        long count = window.count.incrementAndGet();
        if (count > limit && !window.reported.get() && window.reported.compareAndSet(false, true)) {
            return new Burst(count, Instant.ofEpochMilli(window.start));
        }
        return null;
    }

    /** Failures in the current window, 0 when it has ended. */
    public long currentCount() {
        Window window = current.get();
        return window == null || clock.millis() - window.start >= windowMillis ? 0
                : window.count.get();
    }
}
