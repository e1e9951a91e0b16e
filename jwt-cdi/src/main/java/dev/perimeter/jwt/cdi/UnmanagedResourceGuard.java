package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.bearer.Challenges;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Enforces the security annotations of resource methods in a JAX-RS request filter
 * ({@link Priorities#AUTHORIZATION}), with Perimeter's error contract. Where CDI does not manage
 * the class (JAX-RS without CDI, or a resource class that is not a bean) {@link
 * SecurityInterceptor} never runs and this is the only check. Resources that are CDI beans are
 * checked here too, before the interceptor: a container's own JAX-RS authorization that cannot
 * be switched off (Open Liberty's {@code LibertyAuthFilter}, at {@code AUTHORIZATION + 1}, with
 * {@code restfulWS} and {@code appSecurity}) would otherwise refuse first, with its own empty
 * 403. The rules are the interceptor's; the caller is the token the request filter admitted.
 */
final class UnmanagedResourceGuard implements DynamicFeature {

    private static final Logger LOG = Logger.getLogger(UnmanagedResourceGuard.class.getName());

    private final Challenges challenges;

    UnmanagedResourceGuard(Challenges challenges) {
        this.challenges = challenges;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Class<?> type = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        if (type == null || method == null || !mentionsFamily(type)) {
            return;
        }
        MethodConstraint constraint = MethodConstraints.resolve(method);
        if (constraint.kind() == MethodConstraint.Kind.NONE) {
            return;
        }
        LOG.fine(() -> "Perimeter: " + type.getName() + "." + method.getName() + "(): its "
                + constraint + " is enforced by JAX-RS" + (isCdiBean(type) ? " and by CDI" : ""));
        context.register(new Check(constraint, challenges, method));
    }

    private static boolean mentionsFamily(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (MethodConstraints.mentionsFamily(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCdiBean(Class<?> type) {
        try {
            return !CDI.current().getBeanManager().getBeans(type).isEmpty();
        } catch (IllegalStateException e) {
            return false; // no CDI container: nothing intercepts
        }
    }

    /** The check of one resource method, after authentication. */
    @Priority(Priorities.AUTHORIZATION)
    static final class Check implements ContainerRequestFilter {

        private final MethodConstraint constraint;
        private final Challenges challenges;
        private final Method method;

        Check(MethodConstraint constraint, Challenges challenges, Method method) {
            this.constraint = constraint;
            this.challenges = challenges;
            this.method = method;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            Object verified = request.getProperty(Jwt.REQUEST_ATTRIBUTE);
            Optional<Jwt> caller = verified instanceof Jwt ? Optional.of((Jwt) verified)
                    : Optional.empty();
            try {
                constraint.check(caller);
            } catch (JwtSecurityException e) {
                PerimeterMonitor monitor = PerimeterMonitor.current();
                if (monitor != null) {
                    monitor.refused(e, caller, method, "jax-rs");
                }
                request.abortWith(ChallengeResponses.of(e.answer(challenges)));
            }
        }
    }
}
