package dev.perimeter.jwt.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The shape every shared store has: the request path reads a local {@link RevocationMirror}; a
 * revocation made on this node is enforced in the mirror at once and then written to the shared
 * store, whose other nodes learn of it by their own synchronization; a {@link SyncTracker} says
 * whether this node's mirror can be trusted. Subclasses say how a revocation is written.
 */
public abstract class MirroredRevocationStore implements RevocationStore {

    protected final Clock clock;
    protected final Duration leeway;
    /** What {@link #describe()} says, without credentials. */
    protected final String description;
    protected final RevocationMirror mirror;
    protected final SyncTracker tracker;

    protected MirroredRevocationStore(String description, RevocationSettings settings) {
        this.clock = settings.clock();
        this.leeway = settings.leeway();
        this.description = description;
        this.mirror = new RevocationMirror(clock, leeway, settings.maxAge());
        this.tracker = new SyncTracker(description, clock);
    }

    @Override
    public final boolean isRevoked(String jti, String subject, Instant issuedAt) {
        return mirror.isRevoked(jti, subject, issuedAt);
    }

    @Override
    public final boolean isReady() {
        return tracker.isReady();
    }

    @Override
    public final RevocationHealth health() {
        return tracker.health(mirror);
    }

    @Override
    public final String describe() {
        return description;
    }

    /**
     * Enforces the revocation on this node at once, then writes it to the shared store and
     * returns once the store took it. A token already expired beyond the leeway is refused
     * everywhere anyway, and is not written.
     *
     * @throws RevocationStoreException when the store did not take it
     */
    @Override
    public final void revokeToken(String jti, Instant expiresAt) {
        Objects.requireNonNull(jti, "jti");
        long expiry = ceilMillis(Objects.requireNonNull(expiresAt, "expiresAt"));
        mirror.revokeToken(jti, Instant.ofEpochMilli(expiry));
        long ttl = expiry + leeway.toMillis() - clock.millis();
        if (ttl > 0) {
            storeToken(jti, expiry, ttl);
        }
    }

    /**
     * Enforces the cutoff on this node at once (rounded up to the millisecond, as stored), then
     * writes it to the shared store and returns once the store took it. A cutoff so old that
     * {@code max-age} refuses every token it covers (see {@link RevocationMirror#subjectHorizon})
     * is not written.
     *
     * @throws RevocationStoreException when the store did not take it
     */
    @Override
    public final void revokeSubject(String subject, Instant cutoff) {
        Objects.requireNonNull(subject, "subject");
        Instant rounded = Instant.ofEpochMilli(ceilMillis(Objects.requireNonNull(cutoff, "cutoff")));
        mirror.revokeSubject(subject, rounded);
        long ttl = mirror.cutoffRemainingMillis(rounded);
        if (ttl > 0) {
            storeSubject(subject, rounded.toEpochMilli(), ttl);
        }
    }

    /**
     * Writes a token revocation to the shared store.
     *
     * @param expiryMillis the token's expiry, epoch milliseconds
     * @param ttlMillis    how long the entry matters: until the expiry plus the leeway
     * @throws RevocationStoreException when the store did not take it
     */
    protected abstract void storeToken(String jti, long expiryMillis, long ttlMillis);

    /**
     * Writes a subject cutoff to the shared store.
     *
     * @param cutoffMillis the cutoff, epoch milliseconds
     * @param ttlMillis    how long the cutoff matters ({@link RevocationMirror#cutoffRemainingMillis}):
     *                     {@link Long#MAX_VALUE} without {@code max-age}, when it must be kept
     *                     for good
     * @throws RevocationStoreException when the store did not take it
     */
    protected abstract void storeSubject(String subject, long cutoffMillis, long ttlMillis);

    /** Rounds up to the millisecond, the resolution stores keep, so that nothing revoked slips. */
    private static long ceilMillis(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.MILLIS);
        return (truncated.equals(instant) ? instant : truncated.plusMillis(1)).toEpochMilli();
    }
}
