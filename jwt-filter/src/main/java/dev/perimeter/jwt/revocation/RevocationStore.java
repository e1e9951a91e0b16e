package dev.perimeter.jwt.revocation;

import java.time.Instant;

/**
 * Revoked tokens and subjects. Lookups ({@link #isRevoked}) come from the request path: they read
 * a local mirror only and take no lock. Writes to a shared store return only once the store has
 * accepted them, and the calling node enforces them at once.
 *
 * <p>Kinds: {@link MemoryRevocationStore} (this JVM only), {@link JdbcRevocationStore} (H2,
 * PostgreSQL, a container DataSource), and stores of other modules found through
 * {@link RevocationStoreProvider}; {@link RevocationStores} builds one from the {@code revocation}
 * parameter.
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

    /**
     * Revokes one token until {@code expiresAt} (its {@code exp}), after which its entry may be
     * purged.
     *
     * @throws RevocationStoreException when a shared store did not accept the revocation; this
     *         node enforces it all the same, but other nodes and a restart may not
     */
    void revokeToken(String jti, Instant expiresAt);

    /**
     * Revokes every token of {@code subject} issued before {@code cutoff}, and those of that
     * subject without {@code iat}.
     *
     * @throws RevocationStoreException when a shared store did not accept the revocation; this
     *         node enforces it all the same, but other nodes and a restart may not
     */
    void revokeSubject(String subject, Instant cutoff);

    /**
     * Whether the local view can be trusted: false for a shared store that has never
     * synchronized, in which case protected requests are answered 503.
     */
    default boolean isReady() {
        return true;
    }

    /**
     * The store's state for health checks. The default, for stores that do not say more, is
     * {@code LOCAL} (or {@code NEVER_SYNCHRONIZED} while not {@link #isReady() ready}) with
     * unknown counts.
     */
    default RevocationHealth health() {
        return isReady() ? RevocationHealth.local(-1, -1)
                : new RevocationHealth(RevocationHealth.Status.NEVER_SYNCHRONIZED, null, null, null,
                        -1, -1);
    }

    /**
     * Removes denylist entries whose tokens have expired beyond the leeway, locally and, for a
     * shared store, in the store. Stores also do this on their own.
     *
     * @throws RevocationStoreException when a shared store could not be purged
     */
    default void purgeExpired() {
    }

    /**
     * The one-time values this store shares across nodes (for the DPoP replay check), or null
     * when it shares nothing (a memory store): then each node checks replays by itself.
     */
    default ReplayStore replayStore() {
        return null;
    }

    /** A short description for the start-up summary, without credentials. */
    String describe();

    /** Stops background work and releases connections; the store is unusable afterwards. */
    @Override
    default void close() {
    }
}
