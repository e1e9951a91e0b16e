package dev.perimeter.jwt.microprofile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.json.JsonNumber;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claim;
import org.eclipse.microprofile.jwt.ClaimValue;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The shapes allowed in an application-scoped bean: the token, {@code ClaimValue},
 * {@code Provider} and {@code Instance}, each of which must follow the current request.
 */
@Path("/application")
@ApplicationScoped
public class ApplicationScopedClaimsResource {

    @Inject JsonWebToken jwt;
    @Inject @Claim("sub") ClaimValue<String> sub;
    @Inject @Claim(standard = Claims.raw_token) ClaimValue<String> rawToken;
    @Inject @Claim("raw_token") Provider<String> providerRawToken;
    @Inject @Claim("jti") Instance<String> instanceJti;
    @Inject @Claim("groups") ClaimValue<Set<String>> groups;
    @Inject @Claim("iat") Provider<Long> providerIat;
    @Inject @Claim("upn") ClaimValue<Optional<String>> optUpn;
    @Inject @Claim("custom-missing") ClaimValue<Optional<Long>> optMissing;
    @Inject @Claim("customInteger") Provider<JsonNumber> customInteger;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String describe() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("jwt.name", jwt.getName());
        values.put("jwt.rawToken", jwt.getRawToken());
        values.put("jwt.claimNames", jwt.getClaimNames() == null ? null : "present");
        values.put("sub", sub.getValue());
        values.put("rawToken", rawToken.getValue());
        values.put("providerRawToken", providerRawToken.get());
        values.put("instanceJti", instanceJti.get());
        values.put("groups", groups.getValue());
        values.put("providerIat", providerIat.get());
        values.put("optUpn", optUpn.getValue());
        values.put("optMissing", optMissing.getValue());
        values.put("customInteger", customInteger.get());
        return Rendered.lines(values);
    }
}
