package dev.perimeter.jwt.cdi.beans;

import dev.perimeter.jwt.cdi.Authenticated;
import dev.perimeter.jwt.cdi.CurrentJwt;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A class-level {@code @RolesAllowed} with method-level exceptions of every kind. */
@ApplicationScoped
@RolesAllowed("admin")
public class AdminService {

    @Inject
    CurrentJwt current;

    public String summary() {
        return "summary for " + current.require().name();
    }

    @PermitAll
    public String status() {
        return "up";
    }

    @DenyAll
    public String purge() {
        return "purged";
    }

    @RolesAllowed({"auditor", "admin"})
    public String audit() {
        return "audit";
    }

    @Authenticated
    public String whoami() {
        return current.require().name();
    }
}
