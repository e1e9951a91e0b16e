package dev.perimeter.jwt.microprofile;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Produces the request's {@code JsonWebToken}: the one the filter left in the request
 * attribute {@link PerimeterJsonWebToken#REQUEST_ATTRIBUTE}, or the anonymous token when there
 * is none. Registered by {@link MicroProfileJwtExtension}, not discovered.
 */
class CurrentJsonWebToken {

    @Inject
    Instance<HttpServletRequest> request;

    /** Typed to {@code JsonWebToken} alone: as a {@code Principal} it would clash with CDI's. */
    @Produces
    @RequestScoped
    @Typed(JsonWebToken.class)
    JsonWebToken currentToken() {
        return ServletRequestPrincipal.token(request);
    }
}
