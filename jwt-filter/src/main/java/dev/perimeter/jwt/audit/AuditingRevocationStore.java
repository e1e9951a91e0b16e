package dev.perimeter.jwt.audit;

import dev.perimeter.jwt.revocation.RevocationHealth;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.revocation.RevocationStoreException;
import dev.perimeter.jwt.revocation.SyncTracker;
import java.time.Instant;
import java.util.Objects;

/**
 * A revocation store that records a {@link AuditEvent.Kind#REVOKED} event for each revocation
 * made through it: outcome {@code success}, or {@code failure} with the error's kind when the
 * shared store refused it (the exception still reaches the caller). Reason {@code token} with
 * the {@code jti}, or {@code subject} with the {@code sub}. Everything else is the wrapped
 * store's. Made by {@link AuditLog#auditing}.
 */
final class AuditingRevocationStore implements RevocationStore {

    private final RevocationStore store;
    private final AuditLog audit;

    AuditingRevocationStore(RevocationStore store, AuditLog audit) {
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public boolean isRevoked(String jti, String subject, Instant issuedAt) {
        return store.isRevoked(jti, subject, issuedAt);
    }

    @Override
    public void revokeToken(String jti, Instant expiresAt) {
        recorded(event("token").tokenId(jti).detail("expires_at", String.valueOf(expiresAt)),
                () -> store.revokeToken(jti, expiresAt));
    }

    @Override
    public void revokeSubject(String subject, Instant cutoff) {
        recorded(event("subject").subject(subject).detail("cutoff", String.valueOf(cutoff)),
                () -> store.revokeSubject(subject, cutoff));
    }

    private AuditEvent.Builder event(String reason) {
        return AuditEvent.builder(AuditEvent.Kind.REVOKED).time(audit.clock().instant())
                .reason(reason);
    }

    /** Runs {@code revocation} and records {@code event} as its success or failure. */
    private void recorded(AuditEvent.Builder event, Runnable revocation) {
        try {
            revocation.run();
        } catch (RevocationStoreException e) {
            audit.record(event.outcome("failure").detail("error", SyncTracker.describe(e)).build());
            throw e;
        }
        audit.record(event.outcome("success").build());
    }

    @Override
    public boolean isReady() {
        return store.isReady();
    }

    @Override
    public RevocationHealth health() {
        return store.health();
    }

    @Override
    public void purgeExpired() {
        store.purgeExpired();
    }

    @Override
    public String describe() {
        return store.describe();
    }

    /** Does nothing: the wrapped store is closed by whoever built it (the filter, for its own). */
    @Override
    public void close() {
    }
}
