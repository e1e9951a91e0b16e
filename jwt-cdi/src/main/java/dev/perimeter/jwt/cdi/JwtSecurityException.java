package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.BearerChallenge;

/**
 * A call refused by Perimeter inside a bean. Its {@link #answer(String)} is the HTTP answer of the
 * error contract; {@link JwtExceptionMapper} writes it in JAX-RS.
 */
public abstract class JwtSecurityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JwtSecurityException(String message) {
        super(message);
    }

    /** The status, headers and body of the error contract for this refusal. */
    public abstract BearerChallenge answer(String realm);
}
