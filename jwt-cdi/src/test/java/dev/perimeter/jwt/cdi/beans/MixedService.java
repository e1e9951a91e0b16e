package dev.perimeter.jwt.cdi.beans;

import dev.perimeter.jwt.cdi.Authenticated;
import dev.perimeter.jwt.cdi.CurrentJwt;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/** No class-level annotation: only annotated methods are protected. */
@Dependent
public class MixedService {

    @Inject
    CurrentJwt current;

    @RolesAllowed("user")
    public String forUsers() {
        return "for " + current.require().name();
    }

    @Authenticated
    public String mine() {
        return current.require().subject();
    }

    public String open() {
        return "open";
    }

    @RolesAllowed("**")
    public String anyAuthenticated() {
        return "any";
    }
}
