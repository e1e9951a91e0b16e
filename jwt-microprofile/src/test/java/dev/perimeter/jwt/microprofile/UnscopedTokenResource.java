package dev.perimeter.jwt.microprofile;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.Claim;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A resource with no scope annotation, as the TCK's {@code EmptyTokenEndpoint}: a dependent bean
 * that Jersey creates for each request, so raw claim types are right in it too.
 */
@Path("/unscoped")
public class UnscopedTokenResource {

    @Inject
    JsonWebToken token;

    @Inject
    @Claim("sub")
    String subject;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String describe() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("empty", token.getName() == null && token.getClaimNames() == null
                && token.getClaim("") == null && token.getRawToken() == null);
        values.put("subject", subject);
        return Rendered.lines(values);
    }
}
