package dev.perimeter.jwt;

import java.security.Principal;
import java.util.Objects;

/** The principal of a request admitted by a verified token. */
public final class JwtPrincipal implements Principal {

    private final Jwt jwt;

    public JwtPrincipal(Jwt jwt) {
        this.jwt = Objects.requireNonNull(jwt, "jwt");
    }

    /** The name from {@code principal-claim}. */
    @Override
    public String getName() {
        return jwt.name();
    }

    /** The verified token behind this principal. */
    public Jwt jwt() {
        return jwt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JwtPrincipal && ((JwtPrincipal) other).jwt.equals(jwt);
    }

    @Override
    public int hashCode() {
        return jwt.hashCode();
    }

    @Override
    public String toString() {
        return "JwtPrincipal[" + getName() + "]";
    }
}
