package dev.perimeter.example.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses further logins for a user name from an address after {@value #MAX_FAILURES} failures
 * within {@link #WINDOW}, until the oldest of them is that old; a success clears the count. Known
 * and unknown names are counted alike. The counts live in this node's memory: they are per node
 * and forgotten on restart. At most {@value #MAX_TRACKED} name and address pairs are tracked;
 * beyond that, new pairs are refused until old ones expire, which would take far more failed
 * logins than the password hash lets a server check in {@link #WINDOW}.
 */
public final class LoginThrottle {

    /** Failures of a pair within {@link #WINDOW} after which it must wait. */
    public static final int MAX_FAILURES = 5;
    /** How long a failure counts. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** Pairs tracked at most. */
    public static final int MAX_TRACKED = 100_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    /** @param clock the clock that failures are counted by */
    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the pair must wait, or empty when it may try now. */
    public Optional<Duration> retryAfter(String username, String address) {
        String key = key(username, address);
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return failures.size() >= MAX_TRACKED && !sweep() ? Optional.of(WINDOW) : Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (times) {
            prune(times, now);
            if (times.size() < MAX_FAILURES) {
                return Optional.empty();
            }
            Duration wait = Duration.between(now, times.peekFirst().plus(WINDOW));
            return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
        }
    }

    /** Counts a failed login of the pair. */
    public void failed(String username, String address) {
        Instant now = clock.instant();
        Deque<Instant> times = failures.computeIfAbsent(key(username, address), k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            while (times.size() > MAX_FAILURES) {
                times.removeFirst();
            }
        }
    }

    /** Forgets the pair's failures after a successful login. */
    public void succeeded(String username, String address) {
        failures.remove(key(username, address));
    }

    /** Drops pairs whose failures have all expired; true when there is room again. */
    private boolean sweep() {
        Instant now = clock.instant();
        failures.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                prune(entry.getValue(), now);
                return entry.getValue().isEmpty();
            }
        });
        return failures.size() < MAX_TRACKED;
    }

    private static void prune(Deque<Instant> times, Instant now) {
        Instant oldestCounted = now.minus(WINDOW);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldestCounted)) {
            times.removeFirst();
        }
    }

    private static String key(String username, String address) {
        return username.toLowerCase(Locale.ROOT) + '\n' + address;
    }
}
