package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The token that {@link JwtAuthenticationFilter} verified or adopted for the current request;
 * lives and dies with the request context.
 */
@RequestScoped
class RequestJwt implements RequestTokenSource {

    private Jwt jwt;

    void set(Jwt jwt) {
        this.jwt = jwt;
    }

    @Override
    public Optional<Jwt> token() {
        return Optional.ofNullable(jwt);
    }
}
