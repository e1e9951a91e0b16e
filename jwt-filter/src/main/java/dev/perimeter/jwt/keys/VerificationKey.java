package dev.perimeter.jwt.keys;

import java.util.Objects;

/**
 * One key, bound to exactly one algorithm and optionally to one issuer, with its signature check
 * built once. {@link #toString()} names the key, never its material.
 */
public final class VerificationKey {

    private final String keyId;
    private final JwsAlgorithm algorithm;
    private final String issuer;
    private final SignatureCheck signature;
    private final String origin;

    /**
     * @param keyId     the {@code kid}, or null for a key that answers tokens without one
     * @param algorithm the only algorithm this key verifies
     * @param issuer    the only {@code iss} this key vouches for, or null for every accepted issuer
     * @param signature the signature check of this key and algorithm
     * @param origin    where the key came from, for logs (a parameter name or location)
     */
    public VerificationKey(String keyId, JwsAlgorithm algorithm, String issuer,
            SignatureCheck signature, String origin) {
        this.keyId = keyId;
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.issuer = issuer;
        this.signature = Objects.requireNonNull(signature, "signature");
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

    public SignatureCheck signature() {
        return signature;
    }

    public String origin() {
        return origin;
    }

    /** This key vouching for {@code issuer} only (null: for every accepted issuer). */
    public VerificationKey boundTo(String issuer) {
        return Objects.equals(issuer, this.issuer) ? this
                : new VerificationKey(keyId, algorithm, issuer, signature, origin);
    }

    @Override
    public String toString() {
        return algorithm + (keyId == null ? "" : " kid=" + keyId) + " from " + origin
                + (issuer == null ? "" : " for " + issuer);
    }
}
