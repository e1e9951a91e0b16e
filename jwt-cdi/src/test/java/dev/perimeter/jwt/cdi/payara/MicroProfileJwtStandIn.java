package dev.perimeter.jwt.cdi.payara;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import java.util.Optional;
import org.eclipse.microprofile.jwt.Claim;
import org.eclipse.microprofile.jwt.ClaimLiteral;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a MicroProfile JWT implementation (as in Payara 6) contributes to an application's bean
 * graph: {@code JsonWebToken} and claims qualified with MicroProfile's own {@code @Claim}. Its
 * values are fixed markers, so a test can tell whose producer answered.
 */
@ApplicationScoped
public class MicroProfileJwtStandIn {

    @Produces
    @Dependent
    @Claim("")
    Optional<String> optionalClaim(InjectionPoint point) {
        return Optional.of("mp:" + name(point));
    }

    @Produces
    @Dependent
    @Claim("")
    String claim(InjectionPoint point) {
        return "mp:" + name(point);
    }

    @Produces
    @Dependent
    JsonWebToken jsonWebToken() {
        return null;
    }

    private static String name(InjectionPoint point) {
        return point.getQualifiers().stream().filter(Claim.class::isInstance).map(Claim.class::cast)
                .map(Claim::value).findFirst().orElse(new ClaimLiteral("?").value());
    }
}
