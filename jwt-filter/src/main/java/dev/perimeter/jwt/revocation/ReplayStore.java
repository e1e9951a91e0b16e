package dev.perimeter.jwt.revocation;

import java.time.Instant;

/**
 * One-time values shared by every node that uses the same store: the DPoP proof replay check
 * (RFC 9449 section 11.1) asks it, after this node's own memory, whether a proof was seen on any
 * node. Keys are hashes (base64url SHA-256, 43 characters), never the proof or its {@code jti}.
 *
 * <p>Unlike {@link RevocationStore#isRevoked}, a call goes to the shared store (one Redis
 * {@code SET NX} or one JDBC {@code INSERT}): a replay must be refused on the node it reaches
 * within the same window, which a mirror that syncs every few seconds cannot promise.
 */
public interface ReplayStore {

    /** Longest key accepted; longer keys are a caller's bug. */
    int MAX_KEY_LENGTH = 64;

    /**
     * Records {@code key} as used until {@code expiresAt} and says whether this was its first
     * use on any node sharing the store; an entry may be purged after {@code expiresAt}.
     *
     * @return true when no node recorded {@code key} before (and it is now recorded), false when
     *         one did (a replay)
     * @throws RevocationStoreException when the store cannot answer now; the caller refuses
     *         the request (503) rather than admit a possible replay
     */
    boolean firstUse(String key, Instant expiresAt);
}
