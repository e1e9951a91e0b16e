package dev.perimeter.jwt.revocation;

import java.time.Instant;

/**
 * A provider registered in the test class path's {@code META-INF/services}: it supports
 * {@code test-store://…} and builds a memory store that names its spec, so tests can see which
 * path built it.
 */
public final class TestStoreProvider implements RevocationStoreProvider {

    @Override
    public boolean supports(String spec) {
        return spec.startsWith("test-store://");
    }

    @Override
    public RevocationStore create(String spec, RevocationSettings settings) {
        MemoryRevocationStore inner = new MemoryRevocationStore(settings.clock(), settings.leeway());
        return new RevocationStore() {
            @Override
            public boolean isRevoked(String jti, String subject, Instant issuedAt) {
                return inner.isRevoked(jti, subject, issuedAt);
            }

            @Override
            public void revokeToken(String jti, Instant expiresAt) {
                inner.revokeToken(jti, expiresAt);
            }

            @Override
            public void revokeSubject(String subject, Instant cutoff) {
                inner.revokeSubject(subject, cutoff);
            }

            @Override
            public String describe() {
                return "test store for " + spec + " (sync " + settings.syncInterval().getSeconds() + " s)";
            }
        };
    }
}
