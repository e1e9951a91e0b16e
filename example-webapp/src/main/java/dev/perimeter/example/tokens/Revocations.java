package dev.perimeter.example.tokens;

import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.revocation.RevocationStore;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The application's way to the filter: revocations go into the filter's own store (so the
 * filter refuses the tokens at once, on every node that shares the store), and tokens handed to
 * the revocation endpoint are read with the filter's own verifier.
 */
public final class Revocations {

    private final Supplier<TokenVerifier> verifier;

    /** @param verifier the filter's verifier; asked on each use, since the filter starts later */
    public Revocations(Supplier<TokenVerifier> verifier) {
        this.verifier = verifier;
    }

    /** The filter's verifier. */
    public TokenVerifier verifier() {
        return verifier.get();
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
        return verifier.get().config().revocationStore();
    }
}
