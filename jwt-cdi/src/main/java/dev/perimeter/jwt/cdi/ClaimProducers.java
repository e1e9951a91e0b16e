package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.Optional;
import java.util.Set;

/** Produces the {@link Claim} injection points; see {@link Claim} for the types and rules. */
@ApplicationScoped
class ClaimProducers {

    @Inject
    CurrentJwt current;

    @Produces
    @Dependent
    @Claim("")
    Optional<String> optionalString(InjectionPoint point) {
        return current.token().flatMap(jwt -> ClaimValues.string(jwt, name(point)));
    }

    @Produces
    @Dependent
    @Claim("")
    Optional<Long> optionalLong(InjectionPoint point) {
        return current.token().flatMap(jwt -> ClaimValues.number(jwt, name(point)));
    }

    @Produces
    @Dependent
    @Claim("")
    Optional<Boolean> optionalBoolean(InjectionPoint point) {
        return current.token().flatMap(jwt -> ClaimValues.bool(jwt, name(point)));
    }

    @Produces
    @Dependent
    @Claim("")
    Set<String> strings(InjectionPoint point) {
        return current.token().map(jwt -> ClaimValues.strings(jwt, name(point))).orElse(Set.of());
    }

    @Produces
    @Dependent
    @Claim("")
    String string(InjectionPoint point) {
        return ClaimValues.string(required(), name(point)).orElse(null);
    }

    @Produces
    @Dependent
    @Claim("")
    Long number(InjectionPoint point) {
        return ClaimValues.number(required(), name(point)).orElse(null);
    }

    @Produces
    @Dependent
    @Claim("")
    Boolean bool(InjectionPoint point) {
        return ClaimValues.bool(required(), name(point)).orElse(null);
    }

    private Jwt required() {
        return current.require();
    }

    static String name(InjectionPoint point) {
        for (Annotation qualifier : point.getQualifiers()) {
            if (qualifier instanceof Claim) {
                return ((Claim) qualifier).value();
            }
        }
        throw new IllegalStateException("no @Claim on " + point);
    }
}
