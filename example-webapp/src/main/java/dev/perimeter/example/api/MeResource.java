package dev.perimeter.example.api;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.cdi.Authenticated;
import dev.perimeter.jwt.cdi.CurrentJwt;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** {@code GET /api/me}: who the caller is, from its verified token. Any valid token. */
@Path("me")
@RequestScoped
@Authenticated
public class MeResource {

    @Inject
    CurrentJwt caller;

    /** {@code {"sub","name","roles","iss","exp","jti"}}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String me() {
        Jwt jwt = caller.require();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", jwt.subject());
        body.put("name", jwt.name());
        body.put("roles", new TreeSet<>(jwt.roles()));
        body.put("iss", jwt.issuer());
        body.put("exp", jwt.expiresAt() == null ? null : jwt.expiresAt().getEpochSecond());
        body.put("jti", jwt.id());
        return JsonText.of(body);
    }
}
