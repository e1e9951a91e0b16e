package dev.perimeter.jwt.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Demands a step-up of the caller's authentication (RFC 9470): the token's {@code acr} among
 * {@link #acr()} and its {@code auth_time} no older than {@link #maxAge()} seconds. Checked beside
 * {@code @RolesAllowed} and {@link Authenticated}, after them (a stronger login cannot give a
 * missing role), on CDI beans by the interceptor and on JAX-RS resources by the request filter:
 *
 * <pre>{@code
 * @RolesAllowed("user")
 * @StepUp(acr = "mfa", maxAge = 300)
 * @POST @Path("payments")
 * public Response pay(Payment payment) { … }
 * }</pre>
 *
 * <p>It follows the rules of its family: on a method it overrides the class's {@code @StepUp};
 * on a class it covers the methods that class declares. A method it covers needs a valid token
 * even without another annotation; on a {@code @PermitAll} or {@code @DenyAll} method it is
 * ignored. A token that falls short gets {@link InsufficientAuthenticationException}, answered
 * 401 {@code insufficient_user_authentication} with {@code acr_values} and {@code max_age}. The
 * check is the servlet filter's ({@code dev.perimeter.jwt.access.StepUpRequirement}), against the
 * system clock with the default {@code leeway} of 30 seconds.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface StepUp {

    /** The accepted {@code acr} values, any one of which admits; empty: any. */
    String[] acr() default {};

    /** The maximum age of {@code auth_time} in seconds; negative (the default): any age. */
    long maxAge() default -1;
}
