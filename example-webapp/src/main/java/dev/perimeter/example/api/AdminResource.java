package dev.perimeter.example.api;

import dev.perimeter.jwt.cdi.CurrentJwt;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/admin}: for the role {@code admin} only. No filter rule covers this path: the
 * annotation alone protects it, enforced by jwt-cdi's interceptor, and a valid token without the
 * role gets 403 {@code insufficient_scope} from the filter's error contract.
 */
@Path("admin")
@RequestScoped
@RolesAllowed("admin")
public class AdminResource {

    @Inject
    CurrentJwt caller;

    /** {@code GET /api/admin/ping}: {@code {"pong":true,"sub":…}}. */
    @GET
    @Path("ping")
    @Produces(MediaType.APPLICATION_JSON)
    public String ping() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pong", true);
        body.put("sub", caller.require().subject());
        return JsonText.of(body);
    }
}
