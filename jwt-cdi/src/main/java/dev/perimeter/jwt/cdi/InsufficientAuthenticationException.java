package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.access.StepUpRequirement;
import dev.perimeter.jwt.bearer.Challenges;

/**
 * The caller's token is valid but its authentication is not strong or recent enough for a
 * {@link StepUp} call (RFC 9470): answered 401 {@code insufficient_user_authentication} naming the
 * accepted {@code acr_values} and the {@code max_age}, so the client can have the user log in
 * again as asked.
 */
public final class InsufficientAuthenticationException extends JwtSecurityException {

    private static final long serialVersionUID = 1L;

    private final transient StepUpRequirement requirement;
    private final String description;

    InsufficientAuthenticationException(StepUpRequirement requirement, String description) {
        super(description + " (" + requirement + ")");
        this.requirement = requirement;
        this.description = description;
    }

    /** What the call demands. */
    public StepUpRequirement requirement() {
        return requirement;
    }

    @Override
    public BearerChallenge answer(Challenges challenges) {
        return challenges.insufficientUserAuthentication(requirement, description);
    }
}
