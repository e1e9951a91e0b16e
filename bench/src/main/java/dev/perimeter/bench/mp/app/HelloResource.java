package dev.perimeter.bench.mp.app;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The measured endpoint: the caller's name from the injected token, for one group. */
@Path("/hello")
@RequestScoped
public class HelloResource {

    /** A group of the bench's token (Fixtures.GROUPS). */
    public static final String ROLE = "orders-read";

    @Inject
    JsonWebToken token;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed(ROLE)
    public String hello() {
        return "hello " + token.getName() + "\n";
    }

    /** Open to anyone, called without a token: each server's floor with its MP-JWT on. */
    @GET
    @Path("/open")
    @Produces(MediaType.TEXT_PLAIN)
    @PermitAll
    public String open() {
        return "open\n";
    }

    /** A group the token lacks: checked to answer 403 before the load, on both servers. */
    @GET
    @Path("/admin")
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed("admin")
    public String admin() {
        return "admin " + token.getName() + "\n";
    }
}
