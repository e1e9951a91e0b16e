package dev.perimeter.jwt.cdi.web;

import dev.perimeter.jwt.cdi.Authenticated;
import dev.perimeter.jwt.cdi.Claim;
import dev.perimeter.jwt.cdi.CurrentJwt;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A JAX-RS resource that is a CDI bean, protected by annotations, with injected claims. */
@Path("reports")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.TEXT_PLAIN)
public class ReportsResource {

    @Inject
    @Claim("sub")
    Optional<String> subject;

    @Inject
    @Claim("groups")
    Set<String> groups;

    @Inject
    CurrentJwt current;

    @Inject
    AuditLog auditLog;

    @GET
    @Path("summary")
    public String summary() {
        return "summary for " + subject.orElse("nobody");
    }

    @jakarta.ws.rs.POST
    @Path("summary")
    public String postSummary() {
        return "posted by " + subject.orElse("nobody");
    }

    @GET
    @Path("me")
    @Authenticated
    public String me() {
        return "sub=" + subject.orElse("") + " groups=" + new TreeSet<>(groups);
    }

    @GET
    @Path("status")
    @PermitAll
    public String status() {
        return "up, authenticated=" + current.isAuthenticated();
    }

    @GET
    @Path("audit")
    @RolesAllowed({"auditor", "admin"})
    public String audit() {
        return "audit";
    }

    /** Open at the resource; the bean it calls demands a role. */
    @GET
    @Path("log")
    @Authenticated
    public String log() {
        return auditLog.entries();
    }

    @DELETE
    @Path("all")
    @DenyAll
    public String purge() {
        return "purged";
    }

    @GET
    @Path("context")
    @PermitAll
    public String context(@Context SecurityContext security) {
        return "principal=" + (security.getUserPrincipal() == null ? null
                : security.getUserPrincipal().getName())
                + " admin=" + security.isUserInRole("admin")
                + " scheme=" + security.getAuthenticationScheme();
    }
}
