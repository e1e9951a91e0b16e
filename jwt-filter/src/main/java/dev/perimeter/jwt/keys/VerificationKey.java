package dev.perimeter.jwt.keys;

import com.auth0.jwt.algorithms.Algorithm;
import java.util.Objects;

/**
 * One key, bound to exactly one algorithm and optionally to one issuer, with its java-jwt verifier
 * built once. {@link #toString()} names the key, never its material.
 */
public final class VerificationKey {

    private final String keyId;
    private final JwsAlgorithm algorithm;
    private final String issuer;
    private final Algorithm verifier;
    private final String origin;

    /**
     * @param keyId     the {@code kid}, or null for a key that answers tokens without one
     * @param algorithm the only algorithm this key verifies
     * @param issuer    the only {@code iss} this key vouches for, or null for every accepted issuer
     * @param verifier  the java-jwt verifier for this key and algorithm
     * @param origin    where the key came from, for logs (a parameter name or location)
     */
    public VerificationKey(String keyId, JwsAlgorithm algorithm, String issuer, Algorithm verifier,
            String origin) {
        this.keyId = keyId;
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.issuer = issuer;
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    public String keyId() {
        return keyId;
    }

    public JwsAlgorithm algorithm() {
        return algorithm;
    }

    public String issuer() {
        return issuer;
    }

    public Algorithm verifier() {
        return verifier;
    }

    public String origin() {
        return origin;
    }

    /** This key vouching for {@code issuer} only (null: for every accepted issuer). */
    public VerificationKey boundTo(String issuer) {
        return Objects.equals(issuer, this.issuer) ? this
                : new VerificationKey(keyId, algorithm, issuer, verifier, origin);
    }

    @Override
    public String toString() {
        return algorithm + (keyId == null ? "" : " kid=" + keyId) + " from " + origin
                + (issuer == null ? "" : " for " + issuer);
    }
}
