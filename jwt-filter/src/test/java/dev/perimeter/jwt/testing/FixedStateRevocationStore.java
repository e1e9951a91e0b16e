package dev.perimeter.jwt.testing;

import dev.perimeter.jwt.revocation.RevocationHealth;
import dev.perimeter.jwt.revocation.RevocationStore;
import java.time.Instant;

/**
 * A revocation store that revokes nothing and reports a fixed state: what a shared store says
 * while it has never read its database, or once it has lost it, without the database.
 */
public final class FixedStateRevocationStore implements RevocationStore {

    private final RevocationHealth health;

    private FixedStateRevocationStore(RevocationHealth health) {
        this.health = health;
    }

    /** Not ready: the filter must answer 503 rather than trust an empty mirror. */
    public static FixedStateRevocationStore neverSynchronized() {
        return new FixedStateRevocationStore(new RevocationHealth(
                RevocationHealth.Status.NEVER_SYNCHRONIZED, null, null, null, -1, -1));
    }

    /** Ready, reporting {@code health}. */
    public static FixedStateRevocationStore withHealth(RevocationHealth health) {
        return new FixedStateRevocationStore(health);
    }

    @Override
    public boolean isRevoked(String jti, String subject, Instant issuedAt) {
        return false;
    }

    @Override
    public void revokeToken(String jti, Instant expiresAt) {
    }

    @Override
    public void revokeSubject(String subject, Instant cutoff) {
    }

    @Override
    public boolean isReady() {
        return health.status() != RevocationHealth.Status.NEVER_SYNCHRONIZED;
    }

    @Override
    public RevocationHealth health() {
        return health;
    }

    @Override
    public String describe() {
        return "fixed state (" + health.status() + ")";
    }
}
