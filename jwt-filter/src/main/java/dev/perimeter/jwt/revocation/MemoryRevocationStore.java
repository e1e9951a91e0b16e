package dev.perimeter.jwt.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Revocations held in this JVM only: they are lost on restart and not shared between nodes.
 * Denylist entries are purged once their token has expired (plus leeway), so memory is bounded by
 * the revoked tokens still alive. Lookups are {@link ConcurrentHashMap} reads: no lock.
 */
public final class MemoryRevocationStore implements RevocationStore {

    /** How often writes sweep out expired entries. */
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);

    private final ConcurrentHashMap<String, Instant> revokedTokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> subjectCutoffs = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration leeway;
    private final AtomicLong nextPurge = new AtomicLong();

    public MemoryRevocationStore(Clock clock, Duration leeway) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leeway = Objects.requireNonNull(leeway, "leeway");
    }

    @Override
    public boolean isRevoked(String jti, String subject, Instant issuedAt) {
        if (jti != null && revokedTokens.containsKey(jti)) {
            return true;
        }
        if (subject != null) {
            Instant cutoff = subjectCutoffs.get(subject);
            return cutoff != null && (issuedAt == null || issuedAt.isBefore(cutoff));
        }
        return false;
    }

    @Override
    public void revokeToken(String jti, Instant expiresAt) {
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(expiresAt, "expiresAt");
        revokedTokens.merge(jti, expiresAt, (a, b) -> a.isAfter(b) ? a : b);
        purgeIfDue();
    }

    @Override
    public void revokeSubject(String subject, Instant cutoff) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(cutoff, "cutoff");
        subjectCutoffs.merge(subject, cutoff, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Removes denylist entries whose tokens have expired beyond the leeway. */
    public void purgeExpired() {
        Instant horizon = clock.instant().minus(leeway);
        revokedTokens.values().removeIf(expiry -> expiry.isBefore(horizon));
    }

    /** The number of denylisted tokens held. */
    public int size() {
        return revokedTokens.size();
    }

    private void purgeIfDue() {
        long now = clock.millis();
        long due = nextPurge.get();
        if (now >= due && nextPurge.compareAndSet(due, now + PURGE_INTERVAL.toMillis())) {
            purgeExpired();
        }
    }

    @Override
    public String describe() {
        return "memory (forgets on restart, not shared between nodes)";
    }
}
