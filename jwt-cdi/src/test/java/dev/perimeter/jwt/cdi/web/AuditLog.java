package dev.perimeter.jwt.cdi.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

/** A service bean behind a resource, protected on its own. */
@ApplicationScoped
@RolesAllowed("auditor")
public class AuditLog {

    public String entries() {
        return "entries";
    }
}
