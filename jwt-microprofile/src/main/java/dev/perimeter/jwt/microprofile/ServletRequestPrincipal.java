package dev.perimeter.jwt.microprofile;

import jakarta.enterprise.inject.Instance;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads the caller of the current servlet request through the container's built-in
 * {@code HttpServletRequest} bean: the {@code JsonWebToken} the filter left in
 * {@link PerimeterJsonWebToken#REQUEST_ATTRIBUTE}, or the anonymous token. (That bean is the
 * request as the container passed it in, not the filter's wrapper, so the attribute, not
 * {@code getUserPrincipal()}, carries the token.)
 */
final class ServletRequestPrincipal {

    private ServletRequestPrincipal() {
    }

    /** The request's token, or the anonymous one. */
    static JsonWebToken token(Instance<HttpServletRequest> request) {
        HttpServletRequest current = current(request);
        Object token = current == null ? null
                : current.getAttribute(PerimeterJsonWebToken.REQUEST_ATTRIBUTE);
        return token instanceof JsonWebToken ? (JsonWebToken) token : AnonymousJsonWebToken.INSTANCE;
    }

    /**
     * The caller: the request's token, else the principal the container authenticated, else the
     * anonymous token (a principal with no name, never null: the bean is request-scoped).
     */
    static Principal caller(Instance<HttpServletRequest> request) {
        JsonWebToken token = token(request);
        if (token != AnonymousJsonWebToken.INSTANCE) {
            return token;
        }
        HttpServletRequest current = current(request);
        Principal authenticated = current == null ? null : current.getUserPrincipal();
        return authenticated != null ? authenticated : AnonymousJsonWebToken.INSTANCE;
    }

    private static HttpServletRequest current(Instance<HttpServletRequest> request) {
        if (!request.isResolvable()) {
            return null;
        }
        try {
            HttpServletRequest current = request.get();
            current.getAttributeNames(); // touch the proxy: fails where no servlet request is behind
            return current;
        } catch (RuntimeException e) {
            return null; // a request context with no servlet request (an SE request)
        }
    }
}
