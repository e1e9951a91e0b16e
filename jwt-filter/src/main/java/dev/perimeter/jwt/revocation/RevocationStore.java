package dev.perimeter.jwt.revocation;

import java.time.Instant;

/**
 * Revoked tokens and subjects. Lookups ({@link #isRevoked}) come from the request path: they read
 * local memory only and take no lock. Writes may go to a shared store and return only once it
 * has accepted them.
 */
public interface RevocationStore extends AutoCloseable {

    /**
     * Whether a token is revoked: its {@code jti} is on the denylist, or its subject has a cutoff
     * and the token was issued before it or carries no {@code iat}.
     *
     * @param jti       the token's {@code jti}, or null
     * @param subject   the token's {@code sub}, or null
     * @param issuedAt  the token's {@code iat}, or null
     */
    boolean isRevoked(String jti, String subject, Instant issuedAt);

    /** Revokes one token until {@code expiresAt}, after which its entry may be purged. */
    void revokeToken(String jti, Instant expiresAt);

    /** Revokes every token of {@code subject} issued before {@code cutoff}. */
    void revokeSubject(String subject, Instant cutoff);

    /**
     * Whether the local view can be trusted: false for a shared store that has never
     * synchronized, in which case protected requests are answered 503.
     */
    default boolean isReady() {
        return true;
    }

    /** A short description for the start-up summary, without credentials. */
    String describe();

    @Override
    default void close() {
    }
}
