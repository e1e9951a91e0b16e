package dev.perimeter.jwt.bearer;

/**
 * Turns the token a request carried into the signed token the pipeline verifies, for an entry
 * point whose tokens arrive encrypted (MicroProfile JWT's nested JWE). It runs after the token is
 * found and before any other check, so the inner token meets every rule a plain one does.
 */
@FunctionalInterface
public interface TokenDecryption {

    /**
     * The inner compact JWS of {@code token}, or null when {@code token} is not an encrypted token
     * this server accepts or cannot be decrypted. Never throws for bad input; safe for concurrent
     * calls.
     */
    String decrypt(String token);
}
