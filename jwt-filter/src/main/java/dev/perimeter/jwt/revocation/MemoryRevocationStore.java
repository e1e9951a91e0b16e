package dev.perimeter.jwt.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Revocations held in this JVM only: they are lost on restart and not shared between nodes.
 * Denylist entries are purged once their token has expired (plus leeway), so memory is bounded by
 * the revoked tokens still alive (about 40 bytes each, see {@link RevocationMirror}). Lookups
 * take no lock.
 */
public final class MemoryRevocationStore implements RevocationStore {

    /** How often writes sweep out expired entries. */
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);

    private final RevocationMirror mirror;
    private final Clock clock;
    private final AtomicLong nextPurge = new AtomicLong();

    public MemoryRevocationStore(Clock clock, Duration leeway) {
        this(clock, leeway, null);
    }

    /**
     * @param maxAge the filter's {@code max-age}, or null; with it, subject cutoffs older than
     *               it plus the leeway are purged too (see {@link RevocationMirror})
     */
    public MemoryRevocationStore(Clock clock, Duration leeway, Duration maxAge) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mirror = new RevocationMirror(clock, Objects.requireNonNull(leeway, "leeway"), maxAge);
    }

    @Override
    public boolean isRevoked(String jti, String subject, Instant issuedAt) {
        return mirror.isRevoked(jti, subject, issuedAt);
    }

    @Override
    public void revokeToken(String jti, Instant expiresAt) {
        mirror.revokeToken(jti, expiresAt);
        purgeIfDue();
    }

    @Override
    public void revokeSubject(String subject, Instant cutoff) {
        mirror.revokeSubject(subject, cutoff);
        purgeIfDue();
    }

    /**
     * Removes denylist entries whose tokens have expired beyond the leeway, and subject cutoffs
     * that can no longer refuse anything.
     */
    @Override
    public void purgeExpired() {
        mirror.purgeExpired();
    }

    /** The number of denylisted tokens held. */
    public int size() {
        return mirror.tokenCount();
    }

    @Override
    public RevocationHealth health() {
        return RevocationHealth.local(mirror.tokenCount(), mirror.subjectCount());
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
