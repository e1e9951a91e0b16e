package dev.perimeter.jwt.dpop;

import dev.perimeter.jwt.revocation.ReplayStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The proofs seen within their window (RFC 9449 section 11.1): this node's memory first, then the
 * revocation store's {@link ReplayStore} when it shares one, so a proof replayed to another node
 * is refused there too. Entries are keyed by a hash of the proof key's thumbprint and the proof's
 * {@code jti} and kept until the proof is too old to be accepted anyway. Memory is bounded by
 * {@code dpop-replay-capacity}: a full node refuses new proofs (503) rather than forget seen
 * ones; expired entries are swept when the map grows past half of it, at most once a second.
 */
final class ProofReplays {

    /** What a check found. */
    enum Verdict { FIRST_USE, REPLAY, FULL, STORE_UNAVAILABLE }

    private static final Logger LOG = Logger.getLogger(ProofReplays.class.getName());

    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final int capacity;
    private final ReplayStore shared;
    private final Clock clock;
    private final AtomicLong lastSweep = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);

    ProofReplays(int capacity, ReplayStore shared, Clock clock) {
        this.capacity = capacity;
        this.shared = shared;
        this.clock = clock;
    }

    /** Records {@code key} as used until {@code expiresAt} and says whether that was its first use. */
    Verdict firstUse(String key, Instant expiresAt) {
        long now = clock.millis();
        Long known = seen.get(key);
        if (known != null && known > now) {
            return Verdict.REPLAY; // also when full: a seen proof is a replay, not an overload
        }
        if (seen.size() >= capacity / 2) {
            sweep(now);
            if (seen.size() >= capacity) {
                return Verdict.FULL;
            }
        }
        long until = expiresAt.toEpochMilli();
        Long before = seen.putIfAbsent(key, until);
        if (before != null && (before > now || !seen.replace(key, before, until))) {
            return Verdict.REPLAY;
        }
        if (shared == null) {
            return Verdict.FIRST_USE;
        }
        try {
            return shared.firstUse(key, expiresAt) ? Verdict.FIRST_USE : Verdict.REPLAY;
        } catch (RuntimeException e) { // RevocationStoreException, or a store's own bug
            seen.remove(key, until); // not known to be used: the client may send it again
            warnAtMostEveryMinute(now, e);
            return Verdict.STORE_UNAVAILABLE;
        }
    }

    /** How many proofs this node remembers now. */
    int size() {
        return seen.size();
    }

    /** Whether a shared store is asked after this node's memory. */
    boolean isShared() {
        return shared != null;
    }

    private void warnAtMostEveryMinute(long now, RuntimeException e) {
        long last = lastWarning.get();
        if (now - last >= 60_000 && lastWarning.compareAndSet(last, now)) {
            LOG.warning("Perimeter: DPoP proofs cannot be checked for replay in the shared store"
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); requests"
                    + " with DPoP proofs are answered 503 until it answers again");
        }
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last < 1000 || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        for (Iterator<Long> expiries = seen.values().iterator(); expiries.hasNext();) {
            if (expiries.next() <= now) {
                expiries.remove();
            }
        }
    }
}
