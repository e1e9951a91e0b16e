package dev.perimeter.jwt.servlet;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one event through per interval and counts the ones it holds back, so a flood cannot turn
 * into a flood of log lines: the first refusal of a flooding address is audited, the next ones
 * within the interval are only counted (metrics count every one). Lock-free.
 */
final class EventSampler {

    private final Clock clock;
    private final long intervalMillis;
    private final AtomicLong nextAllowedAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong heldBack = new AtomicLong();

    EventSampler(Clock clock, long intervalMillis) {
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /**
     * Whether this event is the one of its interval: then answers how many were held back since
     * the last one let through (0 or more); otherwise -1, and the event is counted as held back.
     */
    long admit() {
        long now = clock.millis();
        long next = nextAllowedAt.get();
        if (now >= next && nextAllowedAt.compareAndSet(next, now + intervalMillis)) {
            return heldBack.getAndSet(0);
        }
        heldBack.incrementAndGet();
        return -1;
    }
}
