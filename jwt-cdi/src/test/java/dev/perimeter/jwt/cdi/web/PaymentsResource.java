package dev.perimeter.jwt.cdi.web;

import dev.perimeter.jwt.cdi.StepUp;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A JAX-RS resource (a CDI bean) whose one method asks for step-up (RFC 9470). */
@Path("payments")
@RequestScoped
@RolesAllowed("user")
@Produces(MediaType.TEXT_PLAIN)
public class PaymentsResource {

    @GET
    @StepUp(acr = "mfa", maxAge = 300)
    public String list() {
        return "payments";
    }

    @GET
    @Path("rates")
    public String rates() {
        return "rates";
    }
}
