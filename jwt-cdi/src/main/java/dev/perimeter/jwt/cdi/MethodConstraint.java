package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.access.StepUpRequirement;
import java.time.Clock;
import java.time.Duration;
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

    /** The leeway of a step-up's {@code max-age}: the default of {@code leeway}. */
    static final Duration STEP_UP_LEEWAY = Duration.ofSeconds(30);

    private static final Clock CLOCK = Clock.systemUTC();

    private final Kind kind;
    private final Set<String> roles;
    private final StepUpRequirement stepUp;

    private MethodConstraint(Kind kind, Set<String> roles) {
        this(kind, roles, null);
    }

    private MethodConstraint(Kind kind, Set<String> roles, StepUpRequirement stepUp) {
        this.kind = kind;
        this.roles = roles;
        this.stepUp = stepUp;
    }

    /**
     * This constraint also demanding {@code requirement} ({@link StepUp}): a method without
     * another annotation then needs a valid token; {@code @PermitAll} and {@code @DenyAll} ignore it.
     */
    MethodConstraint withStepUp(StepUpRequirement requirement) {
        if (requirement == null || kind == Kind.PERMIT_ALL || kind == Kind.DENY_ALL) {
            return this;
        }
        return new MethodConstraint(kind == Kind.NONE ? Kind.AUTHENTICATED : kind, roles, requirement);
    }

    /** The step-up demanded, or null. */
    StepUpRequirement stepUp() {
        return stepUp;
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
     * @throws InsufficientAuthenticationException when the token falls short of the step-up
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
        if (stepUp != null) {
            String shortfall = stepUp.shortfall(jwt, CLOCK.instant(), STEP_UP_LEEWAY);
            if (shortfall != null) {
                throw new InsufficientAuthenticationException(stepUp, shortfall);
            }
        }
    }

    @Override
    public String toString() {
        String text = kind == Kind.ROLES ? "RolesAllowed" + roles : kind.toString();
        return stepUp == null ? text : text + " StepUp[" + stepUp + "]";
    }
}
