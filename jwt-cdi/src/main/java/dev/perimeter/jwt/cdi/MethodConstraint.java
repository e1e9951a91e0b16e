package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** What one method demands of its caller, and the check of a caller against it. */
final class MethodConstraint {

    /** The kinds, from the annotation that decides. */
    enum Kind {
        /** No security annotation applies: the call proceeds. */
        NONE,
        /** {@code @PermitAll}. */
        PERMIT_ALL,
        /** {@code @DenyAll}, or {@code @RolesAllowed({})}. */
        DENY_ALL,
        /** {@link Authenticated}, or {@code @RolesAllowed("**")}. */
        AUTHENTICATED,
        /** {@code @RolesAllowed}: a valid token with at least one of the roles. */
        ROLES
    }

    /** The role that, as in the Servlet specification, stands for any authenticated caller. */
    static final String ANY_AUTHENTICATED_ROLE = "**";

    static final MethodConstraint NONE = new MethodConstraint(Kind.NONE, Set.of());
    static final MethodConstraint PERMIT_ALL = new MethodConstraint(Kind.PERMIT_ALL, Set.of());
    static final MethodConstraint DENY_ALL = new MethodConstraint(Kind.DENY_ALL, Set.of());
    static final MethodConstraint AUTHENTICATED = new MethodConstraint(Kind.AUTHENTICATED, Set.of());

    private final Kind kind;
    private final Set<String> roles;

    private MethodConstraint(Kind kind, Set<String> roles) {
        this.kind = kind;
        this.roles = roles;
    }

    /** The constraint of {@code @RolesAllowed(roles)}. */
    static MethodConstraint rolesAllowed(String... roles) {
        Set<String> set = new LinkedHashSet<>();
        for (String role : roles) {
            if (ANY_AUTHENTICATED_ROLE.equals(role)) {
                return AUTHENTICATED;
            }
            set.add(role);
        }
        return set.isEmpty() ? DENY_ALL
                : new MethodConstraint(Kind.ROLES, Collections.unmodifiableSet(set));
    }

    Kind kind() {
        return kind;
    }

    Set<String> roles() {
        return roles;
    }

    /**
     * Checks a caller.
     *
     * @throws NotAuthenticatedException when a token is needed and there is none
     * @throws AccessDeniedException when the method is denied, or the token lacks the roles
     */
    void check(Optional<Jwt> caller) {
        switch (kind) {
            case NONE:
            case PERMIT_ALL:
                return;
            case DENY_ALL:
                throw AccessDeniedException.deniedToAll();
            default:
                break;
        }
        Jwt jwt = caller.orElseThrow(NotAuthenticatedException::noToken);
        if (kind == Kind.ROLES && roles.stream().noneMatch(jwt::hasRole)) {
            throw AccessDeniedException.missingRole(roles);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.ROLES ? "RolesAllowed" + roles : kind.toString();
    }
}
