package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.bearer.Challenges;
import dev.perimeter.jwt.Rejection;

/**
 * The call needs a valid token and has none (401 {@code Bearer}), or has one that is not valid
 * (401 {@code invalid_token}), or the server cannot check tokens now (503).
 */
public final class NotAuthenticatedException extends JwtSecurityException {

    private static final long serialVersionUID = 1L;

    private final Rejection rejection;
    private final String description;

    private NotAuthenticatedException(Rejection rejection, String description) {
        super(description);
        this.rejection = rejection;
        this.description = description;
    }

    /** No token at all. */
    public static NotAuthenticatedException noToken() {
        return new NotAuthenticatedException(null, "a bearer token is required");
    }

    /** A token that was rejected, with the client-facing description. */
    public static NotAuthenticatedException rejected(Rejection rejection, String description) {
        return new NotAuthenticatedException(rejection, description);
    }

    /** Why the token was rejected, or null when there was no token. */
    public Rejection rejection() {
        return rejection;
    }

    /** The client-facing description. */
    public String description() {
        return description;
    }

    @Override
    public BearerChallenge answer(Challenges challenges) {
        if (rejection == null) {
            return challenges.noToken();
        }
        return challenges.rejected(false, rejection, description);
    }
}
