package dev.perimeter.jwt.cdi.beans;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code @DenyAll} on the class; one method opened, one with an empty role list. */
@ApplicationScoped
@DenyAll
public class DeniedService {

    public String secret() {
        return "secret";
    }

    @PermitAll
    public String brochure() {
        return "brochure";
    }

    @RolesAllowed({})
    public String nobody() {
        return "nobody";
    }
}
