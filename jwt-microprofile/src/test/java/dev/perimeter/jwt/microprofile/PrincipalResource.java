package dev.perimeter.jwt.microprofile;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The caller {@code Principal} bean beside JAX-RS's, as the TCK's PrincipalInjectionEndpoint
 * (which checks that their names agree; the bean is a request-scoped proxy of {@code Principal},
 * not a {@code JsonWebToken} itself).
 */
@Path("/principal")
@RequestScoped
public class PrincipalResource {

    @Inject
    Principal principal;

    @Context
    SecurityContext security;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String describe() {
        Principal jaxRs = security.getUserPrincipal();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", principal.getName());
        values.put("sameNameAsJaxRs", jaxRs != null && Objects.equals(jaxRs.getName(), principal.getName()));
        return Rendered.lines(values);
    }
}
