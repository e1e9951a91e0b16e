package dev.perimeter.example.tokens;

import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.runtime.Perimeter;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The application's way to the filter: revocations go into the filter's own store (so the
 * filter refuses the tokens at once, on every node that shares the store), and tokens handed to
 * the revocation endpoint are read with the filter's own verifier.
 */
public final class Revocations {

    private final Supplier<Perimeter> filter;

    /** @param filter what the filter runs; asked on each use, since the filter starts later */
    public Revocations(Supplier<Perimeter> filter) {
        this.filter = filter;
    }

    /** What the filter runs: its verifier, store, keys. */
    public Perimeter filter() {
        return filter.get();
    }

    /** The filter's verifier. */
    public TokenVerifier verifier() {
        return filter.get().verifier();
    }

    /**
     * Revokes one access token until it expires.
     *
     * @throws dev.perimeter.jwt.revocation.RevocationStoreException when the store did not take it
     */
    public void revokeAccessToken(String jti, Instant expiresAt) {
        store().revokeToken(jti, expiresAt);
    }

    /** Revokes every token of {@code subject} issued before {@code cutoff}. */
    public void revokeSubject(String subject, Instant cutoff) {
        store().revokeSubject(subject, cutoff);
    }

    /** Whether a token of {@code subject} issued at {@code issuedAt} falls under a cutoff. */
    public boolean isCutOff(String subject, Instant issuedAt) {
        return store().isRevoked(null, subject, issuedAt);
    }

    private RevocationStore store() {
        return filter.get().revocationStore();
    }
}
