/**
 * The servlet filter {@link dev.perimeter.jwt.servlet.JwtFilter}: configures itself at
 * {@code init()} from system properties, environment, init-params and context-params, then
 * resolves, verifies and authorizes the token of every request and answers failures as RFC 6750
 * prescribes.
 */
package dev.perimeter.jwt.servlet;
