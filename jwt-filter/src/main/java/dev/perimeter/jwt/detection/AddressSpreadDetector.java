package dev.perimeter.jwt.detection;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Notices one token used from more distinct client addresses than a limit within a sliding
 * window: a token stolen and replayed from elsewhere while its owner still uses it.
 *
 * <p>On the request path {@link #observe} is a {@link ConcurrentHashMap} read and, at most once a
 * second per token and address (or when an address is new), one compare-and-set of a small
 * immutable state. Only a token seen for the first time is inserted, with
 * {@code putIfAbsent}, which locks one hash bin for that moment (as the verified-token cache's
 * inserts do); nothing waits on the audit thread. Each token keeps at most {@code limit + 1} addresses. The number of
 * tokens tracked is bounded ({@value #MAX_TRACKED} by default); beyond it, a sweep on the
 * background executor drops tokens unused for a window and then the least recently seen, and
 * until it has run, tokens past a quarter more than the bound are not tracked. The request
 * thread never sweeps.
 */
public final class AddressSpreadDetector {

    /** Tokens tracked at most, by default. */
    public static final int MAX_TRACKED = 100_000;

    /** What {@link #observe} found. */
    public enum Verdict {
        /** Within the limit (or not tracked). */
        WITHIN_LIMIT,
        /** This request took the token past the limit: act now (once per token and window). */
        CROSSED,
        /** The token crossed the limit before and the action revokes it: refuse the request. */
        REFUSED
    }

    private final int limit;
    private final long windowMillis;
    /** An address seen again within this is not written again. */
    private final long refreshMillis;
    private final boolean refuseAfterCrossing;
    private final Clock clock;
    private final Executor background;
    private final int maxTracked;
    private final int hardLimit;
    private final ConcurrentHashMap<Object, Track> tracks = new ConcurrentHashMap<>();
    private final AtomicBoolean sweepPending = new AtomicBoolean();
    private final long seed = ThreadLocalRandom.current().nextLong();

    /**
     * @param limit               more distinct addresses than this within the window cross it
     * @param window              how long an address counts after it was last seen
     * @param refuseAfterCrossing whether a token that crossed is refused from then on (the action
     *                            revokes it)
     * @param clock               the time
     * @param background          runs the sweeps, never on a request's thread
     */
    public AddressSpreadDetector(int limit, Duration window, boolean refuseAfterCrossing,
            Clock clock, Executor background) {
        this(limit, window, refuseAfterCrossing, clock, background, MAX_TRACKED);
    }

    AddressSpreadDetector(int limit, Duration window, boolean refuseAfterCrossing, Clock clock,
            Executor background, int maxTracked) {
        if (limit < 1 || window.isNegative() || window.isZero() || maxTracked < 1) {
            throw new IllegalArgumentException("limit < 1, window <= 0 or maxTracked < 1");
        }
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.refreshMillis = Math.min(1000, windowMillis / 10);
        this.refuseAfterCrossing = refuseAfterCrossing;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.background = Objects.requireNonNull(background, "background");
        this.maxTracked = maxTracked;
        this.hardLimit = maxTracked + Math.max(1, maxTracked / 4);
    }

    /** The key of a token: its {@code jti}, or a seeded 64-bit hash of the whole token. */
    Object key(String tokenId, String token) {
        if (tokenId != null) {
            return tokenId;
        }
        long hash = seed ^ 0xcbf29ce484222325L;
        for (int i = 0; i < token.length(); i++) {
            hash ^= token.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash; // a Long never equals a String jti
    }

    /**
     * Notes that the token ({@code tokenId}, or {@code token} when it has no {@code jti}) was
     * presented from {@code address}.
     */
    public Verdict observe(String tokenId, String token, String address) {
        Object key = key(tokenId, token);
        long now = clock.millis();
        Track track = tracks.get(key);
        if (track == null) {
            if (tracks.size() >= maxTracked) {
                requestSweep();
                if (tracks.size() >= hardLimit) {
                    return Verdict.WITHIN_LIMIT; // full until the sweep: not tracked
                }
            }
            Track fresh = new Track(address, now);
            track = tracks.putIfAbsent(key, fresh);
            if (track == null) {
                return Verdict.WITHIN_LIMIT; // one address is within any limit of 1 or more
            }
        }
        return track.observe(address, now);
    }

    /** The addresses a token was seen from within the window, newest last; empty when untracked. */
    public List<String> addresses(String tokenId, String token) {
        Track track = tracks.get(key(tokenId, token));
        if (track == null) {
            return List.of();
        }
        State state = track.state.get();
        long now = clock.millis();
        List<String> result = new ArrayList<>();
        for (int i = 0; i < state.addresses.length; i++) {
            if (now - state.seenAt[i] < windowMillis) {
                result.add(state.addresses[i]);
            }
        }
        return result;
    }

    /** Tokens tracked now. */
    public int tracked() {
        return tracks.size();
    }

    private void requestSweep() {
        if (sweepPending.compareAndSet(false, true)) {
            try {
                background.execute(this::sweep);
            } catch (RuntimeException e) {
                sweepPending.set(false);
            }
        }
    }

    /** Drops tokens unused for a window, then the least recently seen, to nine tenths of the bound. */
    void sweep() {
        try {
            long now = clock.millis();
            tracks.entrySet().removeIf(e -> now - e.getValue().lastSeen >= windowMillis);
            int target = maxTracked - Math.max(1, maxTracked / 10);
            int excess = tracks.size() - target;
            if (excess <= 0) {
                return;
            }
            long[] seen = new long[tracks.size()];
            int n = 0;
            for (Track track : tracks.values()) {
                if (n == seen.length) {
                    break;
                }
                seen[n++] = track.lastSeen;
            }
            Arrays.sort(seen, 0, n);
            long cutoff = seen[Math.min(excess, n) - 1];
            int removed = 0;
            for (Map.Entry<Object, Track> e : tracks.entrySet()) {
                if (removed >= excess) {
                    break;
                }
                if (e.getValue().lastSeen <= cutoff && tracks.remove(e.getKey(), e.getValue())) {
                    removed++;
                }
            }
        } finally {
            sweepPending.set(false);
        }
    }

    /** One token's addresses, each with when it was last seen; replaced whole, never changed. */
    private static final class State {
        final String[] addresses;
        final long[] seenAt;
        /** Whether the limit was crossed since the token last was within it. */
        final boolean crossed;

        State(String[] addresses, long[] seenAt, boolean crossed) {
            this.addresses = addresses;
            this.seenAt = seenAt;
            this.crossed = crossed;
        }
    }

    private final class Track {
        final AtomicReference<State> state;
        volatile long lastSeen;

        Track(String address, long now) {
            this.state = new AtomicReference<>(new State(new String[] {address}, new long[] {now},
                    false));
            this.lastSeen = now;
        }

        Verdict observe(String address, long now) {
            while (true) {
                State current = state.get();
                if (current.crossed && refuseAfterCrossing) {
                    lastSeen = now;
                    return Verdict.REFUSED;
                }
                int index = indexOf(current.addresses, address);
                if (index >= 0 && now - current.seenAt[index] < refreshMillis) {
                    if (now - lastSeen >= refreshMillis) {
                        lastSeen = now;
                    }
                    return Verdict.WITHIN_LIMIT;
                }
                State next = next(current, address, now);
                if (state.compareAndSet(current, next)) {
                    lastSeen = now;
                    return next.crossed && !current.crossed ? Verdict.CROSSED
                            : Verdict.WITHIN_LIMIT;
                }
            }
        }

        /** The addresses still within the window plus this one, the newest {@code limit + 1}. */
        private State next(State current, String address, long now) {
            int max = limit + 1;
            String[] addresses = new String[Math.min(current.addresses.length + 1, max)];
            long[] seenAt = new long[addresses.length];
            int n = 0;
            // Oldest first, so that keeping the newest means dropping from the front.
            for (int i = 0; i < current.addresses.length; i++) {
                if (now - current.seenAt[i] < windowMillis && !current.addresses[i].equals(address)) {
                    n = append(addresses, seenAt, n, current.addresses[i], current.seenAt[i]);
                }
            }
            n = append(addresses, seenAt, n, address, now);
            String[] kept = Arrays.copyOf(addresses, n);
            long[] keptSeen = Arrays.copyOf(seenAt, n);
            boolean over = n > limit;
            return new State(kept, keptSeen, over);
        }

        private int append(String[] addresses, long[] seenAt, int n, String address, long at) {
            if (n == addresses.length) {
                System.arraycopy(addresses, 1, addresses, 0, n - 1);
                System.arraycopy(seenAt, 1, seenAt, 0, n - 1);
                n--;
            }
            addresses[n] = address;
            seenAt[n] = at;
            return n + 1;
        }
    }

    private static int indexOf(String[] addresses, String address) {
        for (int i = 0; i < addresses.length; i++) {
            if (addresses[i].equals(address)) {
                return i;
            }
        }
        return -1;
    }
}
