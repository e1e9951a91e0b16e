/**
 * Cross-site request forgery rules for tokens carried in cookies, independent of the request API:
 * the servlet filter and the JAX-RS filter of {@code jwt-cdi} apply the same {@link
 * dev.perimeter.jwt.csrf.CsrfPolicy} through their own small {@link
 * dev.perimeter.jwt.csrf.CsrfRequest} adapters.
 */
package dev.perimeter.jwt.csrf;
