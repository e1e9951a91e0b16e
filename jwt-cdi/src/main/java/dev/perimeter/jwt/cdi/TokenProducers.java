package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Makes the current token injectable as {@code Optional<Jwt>} (empty when unauthenticated) and as
 * {@code Jwt} (for beans that only serve authenticated calls: without a token, creating the bean
 * fails with {@link NotAuthenticatedException}). Both are read when the bean is created.
 */
@ApplicationScoped
class TokenProducers {

    @Inject
    CurrentJwt current;

    @Produces
    @Dependent
    Optional<Jwt> optionalJwt() {
        return current.token();
    }

    @Produces
    @Dependent
    Jwt jwt() {
        return current.require();
    }
}
