package dev.perimeter.example.payara;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

/** An EJB that only admins may call: the EJB container checks the role itself. */
@Stateless
public class AdminOnlyBean {

    @Resource
    private SessionContext session;

    /** The caller's name as the EJB container knows it. */
    @RolesAllowed("admin")
    public String caller() {
        return session.getCallerPrincipal().getName();
    }
}
