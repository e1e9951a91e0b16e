/**
 * Perimeter for CDI and JAX-RS: method protection by {@code @RolesAllowed}, {@code @PermitAll},
 * {@code @DenyAll} and {@link dev.perimeter.jwt.cdi.Authenticated} on CDI beans, injection of the
 * current verified token ({@link dev.perimeter.jwt.cdi.CurrentJwt}, {@code Optional<Jwt>},
 * {@code Jwt}) and of its claims ({@link dev.perimeter.jwt.cdi.Claim}), and a JAX-RS
 * {@link dev.perimeter.jwt.cdi.JwtFeature} that verifies tokens with the servlet filter's
 * configuration and answers failures with the same error contract.
 *
 * <p>The current token comes from, in this order: {@link dev.perimeter.jwt.cdi.RunAs} on the
 * current thread; the JAX-RS filter of the current request; the servlet
 * {@link dev.perimeter.jwt.servlet.JwtFilter}'s request attribute {@link
 * dev.perimeter.jwt.Jwt#REQUEST_ATTRIBUTE}. The portable extension
 * {@link dev.perimeter.jwt.cdi.PerimeterExtension} registers everything; an application edits no
 * {@code beans.xml}.
 */
package dev.perimeter.jwt.cdi;
