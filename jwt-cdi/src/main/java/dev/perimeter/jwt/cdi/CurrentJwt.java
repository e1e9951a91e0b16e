package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.JwtPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;

/**
 * The verified token of the current call, looked up anew on every method call, so it is safe to
 * inject anywhere, also into application-scoped beans. Without a token it is simply
 * unauthenticated: {@link #isAuthenticated()} is false and {@link #token()} is empty.
 *
 * <p>The token comes from, in order: {@link RunAs} on this thread; the JAX-RS filter of the
 * current request; the servlet filter's request attribute.
 */
@ApplicationScoped
public class CurrentJwt {

    @Inject
    BeanManager beanManager;

    @Inject
    Instance<RequestTokenSource> requestSources;

    /** The current token, or empty when the call is unauthenticated. */
    public Optional<Jwt> token() {
        Jwt bound = RunAs.current();
        if (bound != null) {
            return Optional.of(bound);
        }
        if (!requestContextActive()) {
            return Optional.empty();
        }
        for (RequestTokenSource source : requestSources) {
            Optional<Jwt> token = source.token();
            if (token.isPresent()) {
                return token;
            }
        }
        return Optional.empty();
    }

    /** Whether the current call carries a valid token. */
    public boolean isAuthenticated() {
        return token().isPresent();
    }

    /**
     * The current token.
     *
     * @throws NotAuthenticatedException when there is none
     */
    public Jwt require() {
        return token().orElseThrow(NotAuthenticatedException::noToken);
    }

    /** The principal of the current token, or empty. */
    public Optional<JwtPrincipal> principal() {
        return token().map(JwtPrincipal::new);
    }

    /** The roles of the current token; empty when unauthenticated. */
    public Set<String> roles() {
        return token().map(Jwt::roles).orElse(Set.of());
    }

    /** Whether the current token has {@code role}; false when unauthenticated. */
    public boolean hasRole(String role) {
        return token().map(jwt -> jwt.hasRole(role)).orElse(false);
    }

    private boolean requestContextActive() {
        try {
            return beanManager.getContext(RequestScoped.class).isActive();
        } catch (ContextNotActiveException e) {
            return false;
        }
    }
}
