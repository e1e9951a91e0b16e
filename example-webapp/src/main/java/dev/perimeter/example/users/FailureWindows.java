package dev.perimeter.example.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failure times per key within a sliding window, in a table of bounded size: when it is full,
 * the key used least recently is forgotten to make room, so a flood of new keys costs memory
 * once and never refuses a key it has not seen. One lock for the table: each call is a few map
 * operations, next to a password hash that takes hundreds of milliseconds.
 */
final class FailureWindows {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures;

    /**
     * @param limit    failures within {@code window} after which a key must wait
     * @param window   how long a failure counts
     * @param capacity keys tracked at most
     */
    FailureWindows(int limit, Duration window, int capacity, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.failures = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** How long {@code key} must wait, or empty when it may try now. */
    synchronized Optional<Duration> retryAfter(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        prune(times, now);
        if (times.isEmpty()) {
            failures.remove(key);
            return Optional.empty();
        }
        if (times.size() < limit) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, times.peekFirst().plus(window));
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    /** Counts a failure of {@code key}; only the latest {@code limit} are kept. */
    synchronized void failed(String key) {
        Instant now = clock.instant();
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>(limit));
        prune(times, now);
        times.addLast(now);
        while (times.size() > limit) {
            times.removeFirst();
        }
    }

    /** Forgets the failures of {@code key}. */
    synchronized void clear(String key) {
        failures.remove(key);
    }

    /** Keys tracked now. */
    synchronized int size() {
        return failures.size();
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldestCounted = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldestCounted)) {
            times.removeFirst();
        }
    }
}
