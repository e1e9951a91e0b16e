package dev.perimeter.jwt.microprofile.web;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Answers what JAX-RS knows of the caller, under each kind of constraint. */
@Path("/caller")
@RolesAllowed("Echoer")
public class CallerResource {

    @Context
    SecurityContext security;

    @GET
    @Path("echoer")
    public String echoer() {
        return describe();
    }

    @GET
    @Path("permitted")
    @PermitAll
    public String permitted() {
        return describe();
    }

    @GET
    @Path("denied")
    @DenyAll
    public String denied() {
        return describe();
    }

    @GET
    @Path("tester")
    @RolesAllowed({"Tester", "Other"})
    public String tester() {
        return describe();
    }

    private String describe() {
        Principal caller = security.getUserPrincipal();
        if (caller == null) {
            return "anonymous";
        }
        return caller.getName() + " " + security.getAuthenticationScheme() + " "
                + (caller instanceof JsonWebToken) + " group1=" + security.isUserInRole("group1");
    }
}
