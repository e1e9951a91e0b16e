package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.bearer.Challenges;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Answers {@link NotAuthenticatedException} and {@link AccessDeniedException} thrown by protected
 * beans and resources with the error contract's 401, 403 or 503: the same status,
 * {@code WWW-Authenticate} and JSON body as the servlet filter. {@link JwtFeature} registers it;
 * it carries no {@code @Provider}, so that provider scanning cannot add a second one without the
 * realm.
 */
public class JwtExceptionMapper implements ExceptionMapper<JwtSecurityException> {

    private final Challenges challenges;

    /** Without a {@code realm} in challenges. */
    public JwtExceptionMapper() {
        this((String) null);
    }

    /** With {@code realm} (may be null) in challenges, as the filter's {@code realm} parameter. */
    public JwtExceptionMapper(String realm) {
        this(Challenges.bearer(realm));
    }

    /** With the answers of a pipeline: {@code perimeter.authenticator().challenges()}. */
    public JwtExceptionMapper(Challenges challenges) {
        this.challenges = challenges;
    }

    @Override
    public Response toResponse(JwtSecurityException exception) {
        return ChallengeResponses.of(exception.answer(challenges));
    }
}
