package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.audit.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The token that the servlet {@code JwtFilter} left in the request attribute
 * {@link Jwt#REQUEST_ATTRIBUTE}, read through the container's built-in
 * {@code HttpServletRequest} bean. Registered only where the Servlet API is present.
 */
@ApplicationScoped
class ServletRequestJwt implements RequestTokenSource {

    @Inject
    Instance<HttpServletRequest> request;

    @Override
    public Optional<Jwt> token() {
        if (!request.isResolvable()) {
            return Optional.empty();
        }
        Object value;
        try {
            value = request.get().getAttribute(Jwt.REQUEST_ATTRIBUTE);
        } catch (RuntimeException e) {
            return Optional.empty(); // no servlet request behind this CDI request (an SE request)
        }
        return value instanceof Jwt ? Optional.of((Jwt) value) : Optional.empty();
    }

    @Override
    public void describe(AuditEvent.Builder event) {
        if (!request.isResolvable()) {
            return;
        }
        try {
            HttpServletRequest current = request.get();
            event.request(current.getRemoteAddr(), current.getMethod(), current.getRequestURI());
        } catch (RuntimeException e) {
            // no servlet request behind this CDI request (an SE request)
        }
    }
}
