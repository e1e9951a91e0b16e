package dev.perimeter.jwt.microprofile;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.microprofile.claims.ClaimTypes;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The MicroProfile JWT principal of a request that Perimeter's pipeline admitted: a view of the
 * verified {@link Jwt} and the compact token it came from ({@code raw_token}). Immutable.
 *
 * <p>{@link #getClaim(String)} answers the types MicroProfile JWT specifies (see
 * {@link ClaimTypes}): a standard claim as its {@link Claims} type ({@code iat} a {@code Long},
 * {@code aud} a {@code Set<String>}), any other as JSON-P ({@code JsonObject},
 * {@code JsonArray}, {@code JsonNumber}, {@code JsonValue.TRUE}…) except a string, which stays a
 * {@code String}; null when the token has no such claim.
 */
public final class PerimeterJsonWebToken implements JsonWebToken {

    /** The request attribute under which the filter exposes the principal to CDI and JAX-RS. */
    public static final String REQUEST_ATTRIBUTE = JsonWebToken.class.getName();

    private final Jwt jwt;
    private final String rawToken;
    /** Claims converted so far: converting JSON-P objects on every call would be wasted work. */
    private final ConcurrentMap<String, Object> converted = new ConcurrentHashMap<>();

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
        if (claimName == null || !jwt.claims().containsKey(claimName)) {
            return null;
        }
        Object cached = converted.get(claimName);
        if (cached != null) {
            return (T) cached;
        }
        Object value = ClaimTypes.microProfileValue(claimName, jwt.claim(claimName));
        if (value != null) {
            converted.putIfAbsent(claimName, value);
        }
        return (T) value;
    }

    @Override
    public String toString() {
        return "PerimeterJsonWebToken[" + jwt + "]";
    }
}
