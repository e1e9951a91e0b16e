package dev.perimeter.jwt.cdi.beans;

import jakarta.annotation.security.RolesAllowed;

/** A superclass whose class-level annotation covers the methods it declares. */
@RolesAllowed("admin")
public class BaseReports {

    public String inherited() {
        return "inherited";
    }

    public String overridden() {
        return "base";
    }
}
