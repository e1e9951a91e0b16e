package dev.perimeter.bench;

import dev.perimeter.jwt.revocation.RevocationSettings;
import dev.perimeter.jwt.revocation.RevocationStore;
import dev.perimeter.jwt.revocation.RevocationStoreProvider;

/**
 * The benchmarks' revocation store ({@link Contenders#revocations()}, 100,000 revoked ids) for a
 * Perimeter configured by parameters only, as in container mode: named by class in the
 * {@code revocation} parameter. Revoking through the started Perimeter instead would audit every
 * one of the 100,000 revocations.
 */
public final class PreloadedRevocations implements RevocationStoreProvider {

    @Override
    public boolean supports(String spec) {
        return PreloadedRevocations.class.getName().equals(spec);
    }

    @Override
    public RevocationStore create(String spec, RevocationSettings settings) {
        return Contenders.revocations();
    }
}
