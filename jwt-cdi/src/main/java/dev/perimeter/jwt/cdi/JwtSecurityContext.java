package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.JwtPrincipal;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The JAX-RS security context of a request admitted by a verified token. */
final class JwtSecurityContext implements SecurityContext {

    /** As the servlet filter's {@code getAuthType()}. */
    static final String AUTH_TYPE = "BEARER";

    private final JwtPrincipal principal;
    private final boolean secure;

    JwtSecurityContext(Jwt jwt, boolean secure) {
        this.principal = new JwtPrincipal(jwt);
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && principal.jwt().hasRole(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return AUTH_TYPE;
    }
}
