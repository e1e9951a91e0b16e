package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.Jwt;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The MicroProfile JWT principal of a request that Perimeter's pipeline admitted: a view of the
 * verified {@link Jwt} and the compact token it came from ({@code raw_token}). Immutable.
 */
public final class PerimeterJsonWebToken implements JsonWebToken {

    /** The request attribute under which the filter exposes the principal to CDI and JAX-RS. */
    public static final String REQUEST_ATTRIBUTE = JsonWebToken.class.getName();

    private final Jwt jwt;
    private final String rawToken;

    public PerimeterJsonWebToken(Jwt jwt, String rawToken) {
        this.jwt = jwt;
        this.rawToken = rawToken;
    }

    /** The verified token this principal shows. */
    public Jwt jwt() {
        return jwt;
    }

    @Override
    public String getName() {
        return jwt.name();
    }

    @Override
    public Set<String> getClaimNames() {
        Set<String> names = new LinkedHashSet<>(jwt.claims().keySet());
        names.add(Claims.raw_token.name());
        return Collections.unmodifiableSet(names);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if (Claims.raw_token.name().equals(claimName)) {
            return (T) rawToken;
        }
        return (T) jwt.claim(claimName);
    }

    @Override
    public String toString() {
        return "PerimeterJsonWebToken[" + jwt + "]";
    }
}
