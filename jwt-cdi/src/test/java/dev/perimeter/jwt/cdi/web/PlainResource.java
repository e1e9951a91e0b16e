package dev.perimeter.jwt.cdi.web;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A JAX-RS resource that is no CDI bean (not in the bean archive): Jersey creates it itself. */
@Path("plain")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_PLAIN)
public class PlainResource {

    @GET
    @Path("secret")
    public String secret() {
        return "secret";
    }

    @GET
    @Path("open")
    @PermitAll
    public String open() {
        return "open";
    }

    @GET
    @Path("never")
    @DenyAll
    public String never() {
        return "never";
    }
}
