package dev.perimeter.jwt;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may have a token's signature checked now: the defence against floods of forged tokens,
 * which no cache can answer since every forged signature is new.
 *
 * <ul>
 *   <li>A per-address budget of failed signatures: an address whose tokens failed the signature
 *       check {@code failureLimit} times within a window is refused before any parsing or
 *       cryptography until its window ends. Valid tokens it already had verified stay cached and
 *       admitted, since the cache is consulted first.</li>
 *   <li>A bound on signature checks running at once for suspect callers: an address that sent at
 *       least one invalid signature in its current window, or a caller of unknown address. Beyond
 *       the bound their checks are refused at once (503 with {@code Retry-After}) rather than
 *       queued, so a flood from many addresses cannot hold every core while valid clients wait;
 *       an address that never failed is never refused by it, however busy the server.</li>
 * </ul>
 *
 * <p>Takes no lock on the way to a valid token: an atomic counter for the bound, a concurrent map
 * read for the budget; only a failed signature updates the map. The map holds at most
 * {@link #MAX_ADDRESSES} windows; when full, ended windows are dropped first, then arbitrary ones
 * down to nine tenths of it (an attacker with more addresses than that gains at most a fresh
 * budget per address, never memory).
 */
final class SignatureAdmission {

    static final int MAX_ADDRESSES = 10_000;

    private final int concurrency;
    private final int failureLimit;
    private final long windowMillis;
    private final Clock clock;
    private final AtomicInteger running = new AtomicInteger();
    private final ConcurrentHashMap<String, FailureWindow> failures = new ConcurrentHashMap<>();

    /**
     * @param concurrency  signature checks allowed at once; 0 for no bound
     * @param failureLimit failed signatures per address and window; 0 for no budget
     */
    SignatureAdmission(int concurrency, int failureLimit, Duration window, Clock clock) {
        this.concurrency = concurrency;
        this.failureLimit = failureLimit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** The failures of one address since {@code start}. */
    private static final class FailureWindow {
        final long start;
        final AtomicInteger count = new AtomicInteger();

        FailureWindow(long start) {
            this.start = start;
        }
    }

    /** Whether {@code address} spent its budget of failed signatures in its current window. */
    boolean isOverBudget(String address) {
        return failureLimit != 0 && failuresNow(address) >= failureLimit;
    }

    /**
     * The bound for a check of a token from {@code address}, or null when none applies: the
     * address is known and sent no invalid signature in its current window.
     */
    SignatureAdmission boundFor(String address) {
        return concurrency != 0 && (address == null || failuresNow(address) > 0) ? this : null;
    }

    /** The failures of {@code address} in its current window; 0 when unknown or ended. */
    private int failuresNow(String address) {
        if (address == null) {
            return 0;
        }
        FailureWindow window = failures.get(address);
        return window == null || clock.millis() - window.start >= windowMillis ? 0
                : window.count.get();
    }

    /** Counts a failed signature against {@code address}. */
    void failed(String address) {
        if ((failureLimit == 0 && concurrency == 0) || address == null) {
            return;
        }
        long now = clock.millis();
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
            makeRoom(now);
        }
        // compute() holds the map's bin briefly; only a request whose signature failed gets here
        failures.compute(address, (key, window) -> window == null
                || now - window.start >= windowMillis ? new FailureWindow(now) : window)
                .count.incrementAndGet();
    }

    /**
     * Drops ended windows, then arbitrary ones down to nine tenths of the maximum, so that a
     * flood from ever new addresses pays for a sweep once per thousand of them, not each time.
     */
    private void makeRoom(long now) {
        failures.values().removeIf(window -> now - window.start >= windowMillis);
        Iterator<String> addresses = failures.keySet().iterator();
        while (failures.size() > MAX_ADDRESSES - MAX_ADDRESSES / 10 && addresses.hasNext()) {
            addresses.next();
            addresses.remove();
        }
    }

    /** Takes a place among the signature checks running at once; false when none is free. */
    boolean tryEnter() {
        if (concurrency == 0) {
            return true;
        }
        while (true) {
            int now = running.get();
            if (now >= concurrency) {
                return false;
            }
            if (running.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back the place {@link #tryEnter()} took. */
    void release() {
        if (concurrency != 0) {
            running.decrementAndGet();
        }
    }

    /** How many addresses have a failure window, for tests. */
    int trackedAddresses() {
        return failures.size();
    }
}
