package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.bearer.Challenges;

/**
 * A call refused by Perimeter inside a bean. Its {@link #answer(Challenges)} is the HTTP answer of
 * the error contract in the schemes the pipeline accepts; {@link JwtExceptionMapper} writes it in
 * JAX-RS.
 */
public abstract class JwtSecurityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JwtSecurityException(String message) {
        super(message);
    }

    /** The status, headers and body of the error contract for this refusal, from {@code challenges}. */
    public abstract BearerChallenge answer(Challenges challenges);

    /** {@link #answer(Challenges)} of a resource that accepts bearer tokens only, with {@code realm}. */
    public final BearerChallenge answer(String realm) {
        return answer(Challenges.bearer(realm));
    }
}
