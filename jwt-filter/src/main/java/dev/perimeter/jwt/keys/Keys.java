package dev.perimeter.jwt.keys;

import java.security.PublicKey;
import java.util.Set;

/** Builds {@link VerificationKey}s from configured material, binding each to one algorithm. */
public final class Keys {

    private Keys() {
    }

    /**
     * A key for an HMAC secret, bound to the one HMAC algorithm in {@code allowed}.
     *
     * @throws IllegalArgumentException when there is not exactly one, or the secret is too short
     */
    public static VerificationKey secret(byte[] secret, Set<JwsAlgorithm> allowed, String origin) {
        JwsAlgorithm algorithm = AlgorithmBinding.forSecret(allowed);
        return new VerificationKey(null, algorithm, null, algorithm.verifierFor(secret), origin);
    }

    /**
     * A key for a public key, bound to the algorithm its kind and {@code allowed} leave.
     *
     * @throws IllegalArgumentException when that choice is ambiguous or the key is too weak
     */
    public static VerificationKey publicKey(PublicKey key, Set<JwsAlgorithm> allowed, String origin) {
        JwsAlgorithm algorithm = AlgorithmBinding.forPublicKey(key, allowed);
        return new VerificationKey(null, algorithm, null, algorithm.verifierFor(key), origin);
    }
}
