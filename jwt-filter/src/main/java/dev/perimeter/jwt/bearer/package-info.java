/**
 * The one bearer pipeline every entry point calls: a transport-neutral {@link
 * dev.perimeter.jwt.bearer.BearerRequest} view, and {@link
 * dev.perimeter.jwt.bearer.BearerAuthenticator}, which resolves, CSRF-checks, verifies and
 * classifies a request's token into one {@link dev.perimeter.jwt.bearer.BearerDecision}. The
 * servlet filter and the JAX-RS filter of jwt-cdi adapt their request to the view and write the
 * decision; neither repeats a rule of it.
 */
package dev.perimeter.jwt.bearer;
