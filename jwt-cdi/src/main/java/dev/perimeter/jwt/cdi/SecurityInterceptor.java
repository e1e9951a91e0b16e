package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.util.Optional;

/**
 * Enforces the security annotations on every business method call of a bean that
 * {@link PerimeterExtension} marked. Runs early in the library range, before application
 * interceptors; a refused call never reaches them or the method.
 */
@Secured
@Interceptor
@Priority(SecurityInterceptor.PRIORITY)
class SecurityInterceptor implements Serializable {

    /** {@code Interceptor.Priority.LIBRARY_BEFORE + 10}. */
    static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 10;

    private static final long serialVersionUID = 1L;

    @Inject
    MethodConstraints constraints;

    @Inject
    CurrentJwt current;

    @Inject
    PerimeterMonitor monitor;

    @AroundInvoke
    Object enforce(InvocationContext invocation) throws Exception {
        Optional<Jwt> caller = current.token();
        try {
            constraints.of(invocation.getMethod()).check(caller);
        } catch (JwtSecurityException refusal) {
            monitor.refused(refusal, caller, invocation.getMethod(), "interceptor");
            throw refusal;
        }
        return invocation.proceed();
    }
}
