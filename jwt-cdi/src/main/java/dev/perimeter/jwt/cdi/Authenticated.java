package dev.perimeter.jwt.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Admits any caller with a valid token, whatever its roles. Belongs to the same family as
 * {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} and follows their rules: on a
 * method it overrides the class's annotation; on a class it covers the methods that class
 * declares. A caller without a token gets {@link NotAuthenticatedException}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authenticated {
}
