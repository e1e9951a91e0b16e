package dev.perimeter.jwt.microprofile;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.jwt.Claim;

/** Injects a string claim as a number: what a token of the wrong shape meets. */
@Path("/wrong")
@RequestScoped
public class WrongTypeResource {

    @Inject
    @Claim("sub")
    Long subject;

    @GET
    public String subject() {
        return String.valueOf(subject);
    }
}
