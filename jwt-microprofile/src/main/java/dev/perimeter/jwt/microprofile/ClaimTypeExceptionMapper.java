package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.Rejection;
import dev.perimeter.jwt.bearer.Challenges;
import dev.perimeter.jwt.microprofile.claims.ClaimTypeException;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A claim that the application injects as a type it cannot be (a string as {@code Long}) is the
 * token's shape, not a fault of the server: answered 401 {@code invalid_token} by the error
 * contract, naming the claim and the types, never the value, rather than a 500.
 */
@Provider
public final class ClaimTypeExceptionMapper implements ExceptionMapper<ClaimTypeException> {

    @Context
    private ServletContext servletContext;

    @Override
    public Response toResponse(ClaimTypeException wrongType) {
        Challenges challenges = MicroProfileJwtInitializer.challenges(servletContext);
        if (challenges == null) {
            challenges = Challenges.bearer(null);
        }
        return ChallengeResponses.of(challenges.rejected(false, Rejection.INVALID_CLAIM,
                wrongType.getMessage()));
    }
}
