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
 * attribute {@link PerimeterJsonWebToken#REQUEST_ATTRIBUTE}, read through the container's
 * built-in {@code HttpServletRequest} bean, or the anonymous token when there is none.
 * Registered by {@link MicroProfileJwtExtension}, not discovered.
 */
class CurrentJsonWebToken {

    @Inject
    Instance<HttpServletRequest> request;

    /** Typed to {@code JsonWebToken} alone: as a {@code Principal} it would clash with CDI's. */
    @Produces
    @RequestScoped
    @Typed(JsonWebToken.class)
    JsonWebToken currentToken() {
        if (!request.isResolvable()) {
            return AnonymousJsonWebToken.INSTANCE;
        }
        Object token;
        try {
            token = request.get().getAttribute(PerimeterJsonWebToken.REQUEST_ATTRIBUTE);
        } catch (RuntimeException e) {
            return AnonymousJsonWebToken.INSTANCE; // a request context with no servlet request
        }
        return token instanceof JsonWebToken ? (JsonWebToken) token : AnonymousJsonWebToken.INSTANCE;
    }
}
