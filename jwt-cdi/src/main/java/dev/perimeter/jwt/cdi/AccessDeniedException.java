package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.bearer.Challenges;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The caller is known but may not make this call: its token lacks every accepted role (403
 * {@code insufficient_scope}), or the method is {@code @DenyAll} (403 {@code access_denied}).
 */
public final class AccessDeniedException extends JwtSecurityException {

    private static final long serialVersionUID = 1L;

    private final Set<String> acceptedRoles;
    private final boolean deniedToAll;

    private AccessDeniedException(String message, Set<String> acceptedRoles, boolean deniedToAll) {
        super(message);
        this.acceptedRoles = acceptedRoles;
        this.deniedToAll = deniedToAll;
    }

    /** The token has none of {@code acceptedRoles}. */
    public static AccessDeniedException missingRole(Set<String> acceptedRoles) {
        Set<String> roles = Collections.unmodifiableSet(new LinkedHashSet<>(acceptedRoles));
        return new AccessDeniedException("the token lacks the role this call requires "
                + roles, roles, false);
    }

    /** The method is denied to every caller. */
    public static AccessDeniedException deniedToAll() {
        return new AccessDeniedException("this call is denied to every caller", Set.of(), true);
    }

    /** The roles that would have been accepted; empty for {@link #isDeniedToAll()}. */
    public Set<String> acceptedRoles() {
        return acceptedRoles;
    }

    /** True for {@code @DenyAll}. */
    public boolean isDeniedToAll() {
        return deniedToAll;
    }

    @Override
    public BearerChallenge answer(Challenges challenges) {
        return deniedToAll ? challenges.denied()
                : challenges.insufficientScope(String.join(" ", acceptedRoles));
    }
}
