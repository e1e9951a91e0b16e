package dev.perimeter.jwt.microprofile.jwe;

import java.security.interfaces.RSAPrivateKey;

/**
 * One configured RSA private key for JWE key management.
 *
 * @param kid       the JWK {@code kid}, or null (a PEM key, or a JWK without one)
 * @param algorithm the JWK {@code alg} the key is restricted to, or null for any accepted one
 * @param key       the private key, at least 2048 bits
 */
record DecryptionKey(String kid, String algorithm, RSAPrivateKey key) {

    boolean servesAlgorithm(String jweAlgorithm) {
        return algorithm == null || algorithm.equals(jweAlgorithm);
    }

    @Override
    public String toString() {
        // Never the key itself.
        return "DecryptionKey[kid=" + kid + ", alg=" + algorithm + "]";
    }
}
