package dev.perimeter.jwt.cdi.beans;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

/** A subclass with its own class-level annotation, an override and a method of its own. */
@ApplicationScoped
@RolesAllowed("auditor")
public class ExtendedReports extends BaseReports {

    @Override
    public String overridden() {
        return "extended";
    }

    public String own() {
        return "own";
    }
}
