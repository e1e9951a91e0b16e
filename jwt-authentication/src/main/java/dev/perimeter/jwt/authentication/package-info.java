/**
 * Perimeter as a Jakarta Authentication module (container mode): {@link
 * dev.perimeter.jwt.authentication.ContainerAuthentication} registers {@link
 * dev.perimeter.jwt.authentication.PerimeterAuthModule} for an application that sets {@code
 * authentication=container}; the container then authorizes by its own constraints, and {@link
 * dev.perimeter.jwt.authentication.InsufficientScopeServlet} shapes its 403. See {@code
 * docs/container-mode.md}.
 */
package dev.perimeter.jwt.authentication;
