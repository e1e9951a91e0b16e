package dev.perimeter.it.mpjwt;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.Claim;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller as MicroProfile JWT injects it: the token's name and its {@code groups} claim,
 * answered as {@code name=… groups=[…]} (groups sorted, so that both servers answer the same
 * text).
 */
@Path("/echo")
@RequestScoped
public class EchoResource {

    @Inject
    JsonWebToken token;

    @Inject
    @Claim("groups")
    Set<String> groups;

    @GET
    @RolesAllowed("Echoer")
    @Produces(MediaType.TEXT_PLAIN)
    public String echo() {
        return "name=" + token.getName() + " groups=" + new TreeSet<>(groups);
    }

    @GET
    @Path("/open")
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    public String open() {
        return "open";
    }
}
