package dev.perimeter.jwt.revocation;

import java.time.Duration;
import java.time.Instant;

/**
 * A revocation store's state, for health checks and operators: whether the local mirror is
 * current, when it last was, and what went wrong since.
 *
 * @param status          what the node does now
 * @param lastSync        when the mirror was last confirmed current with the shared store; null
 *                        for a local store and before the first synchronization
 * @param lag             how long ago that was (zero for a local store, null before the first
 *                        synchronization)
 * @param lastError       the kind of the last failure, such as {@code "SQLException (08001):
 *                        Connection refused"}; null when the last attempt succeeded. Never holds
 *                        credentials.
 * @param revokedTokens   denylisted {@code jti}s in the mirror, or -1 when unknown
 * @param revokedSubjects subjects with a cutoff in the mirror, or -1 when unknown
 */
public record RevocationHealth(Status status, Instant lastSync, Duration lag, String lastError,
        int revokedTokens, int revokedSubjects) {

    /** What a node does with its revocation state. */
    public enum Status {
        /** Everything is held in this JVM ({@code memory}): nothing to synchronize. */
        LOCAL,
        /** The mirror follows the shared store. */
        SYNCHRONIZED,
        /** The shared store has never answered: protected requests are refused with 503. */
        NEVER_SYNCHRONIZED,
        /** The shared store was lost: the node enforces its last mirror and retries. */
        DISCONNECTED
    }

    /** Whether the mirror can be taken as current: a local store, or a synchronized one. */
    public boolean isSynchronized() {
        return status == Status.LOCAL || status == Status.SYNCHRONIZED;
    }

    /** The health of a store that holds everything locally. */
    public static RevocationHealth local(int revokedTokens, int revokedSubjects) {
        return new RevocationHealth(Status.LOCAL, null, Duration.ZERO, null, revokedTokens,
                revokedSubjects);
    }
}
