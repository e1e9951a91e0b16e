package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.bearer.Challenges;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * JAX-RS {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on resources, as
 * MicroProfile JWT requires them: the method's annotation, else its class's, decides; roles are
 * the caller's {@code groups} (through {@link SecurityContext#isUserInRole}). No caller where a
 * role is needed is answered 401 with the pipeline's challenge, a caller without the role 403,
 * {@code @DenyAll} 403. Active only in applications where {@link MicroProfileJwtInitializer}
 * started Perimeter.
 */
@Provider
public final class RolesAllowedFeature implements DynamicFeature {

    @Context
    private ServletContext servletContext;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        if (method == null || type == null) {
            return;
        }
        AnnotatedElement decisive = hasConstraint(method) ? method : type;
        if (decisive.isAnnotationPresent(DenyAll.class)) {
            context.register(new RoleCheck(null));
        } else if (decisive.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new RoleCheck(
                    Arrays.asList(decisive.getAnnotation(RolesAllowed.class).value())));
        }
        // @PermitAll, or no annotation: everyone, as without MicroProfile JWT
    }

    private static boolean hasConstraint(AnnotatedElement element) {
        return element.isAnnotationPresent(DenyAll.class) || element.isAnnotationPresent(PermitAll.class)
                || element.isAnnotationPresent(RolesAllowed.class);
    }

    /** One resource method's constraint: {@code roles} null for {@code @DenyAll}. */
    @Priority(Priorities.AUTHORIZATION)
    private final class RoleCheck implements ContainerRequestFilter {

        private final List<String> roles;

        RoleCheck(List<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            Challenges challenges = MicroProfileJwtInitializer.challenges(servletContext);
            if (challenges == null) {
                return; // MicroProfile JWT is not switched on in this application
            }
            SecurityContext security = request.getSecurityContext();
            if (roles == null) {
                request.abortWith(ChallengeResponses.of(challenges.denied()));
            } else if (security.getUserPrincipal() == null) {
                request.abortWith(ChallengeResponses.of(challenges.noToken()));
            } else if (roles.stream().noneMatch(security::isUserInRole)) {
                request.abortWith(ChallengeResponses.of(
                        challenges.insufficientScope(String.join(" ", roles))));
            }
        }
    }
}
