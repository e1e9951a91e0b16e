package dev.perimeter.jwt.cdi.payara;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;

/** An Enterprise Bean: its container, not Perimeter, enforces its annotations. */
@Stateless
@RolesAllowed("admin")
public class LegacyEnterpriseBean {

    public String work() {
        return "done";
    }
}
