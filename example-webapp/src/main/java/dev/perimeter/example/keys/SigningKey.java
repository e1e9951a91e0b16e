package dev.perimeter.example.keys;

import com.auth0.jwt.algorithms.Algorithm;
import java.security.KeyPair;
import java.util.Objects;

/**
 * The key that signs this application's tokens: its {@code kid}, its algorithm and its pair.
 * {@link #toString()} shows no key material.
 */
public final class SigningKey {

    private final String kid;
    private final SigningAlgorithm algorithm;
    private final KeyPair pair;
    private final Algorithm jwtAlgorithm;

    public SigningKey(String kid, SigningAlgorithm algorithm, KeyPair pair) {
        this.kid = Objects.requireNonNull(kid, "kid");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.pair = Objects.requireNonNull(pair, "pair");
        this.jwtAlgorithm = algorithm.jwtAlgorithm(pair.getPublic(), pair.getPrivate());
    }

    /** The {@code kid} of the tokens it signs. */
    public String kid() {
        return kid;
    }

    /** The algorithm it signs with. */
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** java-jwt's algorithm object, built once; thread-safe. */
    public Algorithm jwtAlgorithm() {
        return jwtAlgorithm;
    }

    KeyPair pair() {
        return pair;
    }

    @Override
    public String toString() {
        return algorithm + " key " + kid;
    }
}
