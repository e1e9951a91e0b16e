package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.JwtPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * A request admitted by a verified token: the container's security API answers from it. An entry
 * point with its own principal type (MicroProfile JWT's {@code JsonWebToken}) gives its own.
 */
public final class AuthenticatedRequest extends HttpServletRequestWrapper {

    /** {@link #getAuthType()} of requests admitted by Perimeter. */
    static final String AUTH_TYPE = "BEARER";
    private static final String ANY_AUTHENTICATED_USER = "**";
    private static final String ALL_ROLES = "*";

    private final Jwt jwt;
    private final Principal principal;
    private final String authType;

    AuthenticatedRequest(HttpServletRequest request, Jwt jwt) {
        this(request, jwt, new JwtPrincipal(jwt), AUTH_TYPE);
    }

    /**
     * {@code request} admitted by {@code jwt}, with {@code principal} (named as the token is) as
     * its caller and {@code authType} as its {@link #getAuthType()}.
     */
    public AuthenticatedRequest(HttpServletRequest request, Jwt jwt, Principal principal,
            String authType) {
        super(request);
        this.jwt = jwt;
        this.principal = principal;
        this.authType = authType;
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

    /**
     * Whether the token grants {@code role}, as Servlet 6.0 (13.3) defines it: {@code "**"} is
     * any authenticated user, so true here, and {@code "*"} is never a role, even in a token that
     * lists it.
     */
    @Override
    public boolean isUserInRole(String role) {
        if (ANY_AUTHENTICATED_USER.equals(role)) {
            return true;
        }
        return role != null && !ALL_ROLES.equals(role) && jwt.hasRole(role);
    }

    @Override
    public String getAuthType() {
        return authType;
    }
}
