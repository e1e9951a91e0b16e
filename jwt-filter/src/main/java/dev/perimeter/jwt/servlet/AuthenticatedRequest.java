package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.JwtPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/** A request admitted by a verified token: the container's security API answers from it. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    /** {@link #getAuthType()} of requests admitted by Perimeter. */
    static final String AUTH_TYPE = "BEARER";

    private final JwtPrincipal principal;

    AuthenticatedRequest(HttpServletRequest request, Jwt jwt) {
        super(request);
        this.principal = new JwtPrincipal(jwt);
        request.setAttribute(Jwt.REQUEST_ATTRIBUTE, jwt);
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return role != null && principal.jwt().hasRole(role);
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }
}
