package dev.perimeter.jwt;

import dev.perimeter.jwt.keys.JwsAlgorithm;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A verified token: signature, claims and revocation have been checked. Immutable and safe to
 * share. Claim values are plain Java: {@code String}, {@code Long} or {@code BigInteger},
 * {@code Double}, {@code Boolean}, {@code List<Object>}, {@code Map<String, Object>} or null.
 * {@link #toString()} shows the subject and token id only.
 */
public final class Jwt {

    /** The request attribute under which the filter exposes the verified token. */
    public static final String REQUEST_ATTRIBUTE = Jwt.class.getName();

    private final Map<String, Object> header;
    private final Map<String, Object> claims;
    private final JwsAlgorithm algorithm;
    private final String name;
    private final Set<String> roles;
    private final Instant expiresAt;
    private final Instant notBefore;
    private final Instant issuedAt;

    Jwt(Map<String, Object> header, Map<String, Object> claims, JwsAlgorithm algorithm, String name,
            Set<String> roles, Instant expiresAt, Instant notBefore, Instant issuedAt) {
        this.header = header;
        this.claims = claims;
        this.algorithm = algorithm;
        this.name = name;
        this.roles = roles;
        this.expiresAt = expiresAt;
        this.notBefore = notBefore;
        this.issuedAt = issuedAt;
    }

    /** The principal name, from the first present {@code principal-claim}. */
    public String name() {
        return name;
    }

    /** The roles read from {@code roles-claim}. */
    public Set<String> roles() {
        return roles;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * The scopes of the {@code scope} claim (RFC 9068 section 2.2.3, RFC 8693 section 4.2):
     * space-separated; empty when absent or not a string. Rules check roles; to authorize by
     * scope, add {@code scope} to {@code roles-claim}.
     */
    public Set<String> scopes() {
        Object scope = claim("scope");
        if (!(scope instanceof String) || ((String) scope).isBlank()) {
            return Set.of();
        }
        // A repeated scope is not an error: a set of the distinct ones.
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(((String) scope).trim().split(" +"))));
    }

    public String issuer() {
        return stringClaim("iss");
    }

    public String subject() {
        return stringClaim("sub");
    }

    /** The {@code jti}, or null. */
    public String id() {
        return stringClaim("jti");
    }

    /** The audience as a list, whether the token carried a string or an array. */
    public List<String> audience() {
        Object aud = claims.get("aud");
        if (aud instanceof String) {
            return List.of((String) aud);
        }
        if (aud instanceof List) {
            return Claims.strings((List<?>) aud);
        }
        return List.of();
    }

    /** The {@code exp} instant, or null when the token has none. */
    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public JwsAlgorithm algorithm() {
        return algorithm;
    }

    /** The {@code kid} header, or null. */
    public String keyId() {
        Object kid = header.get("kid");
        return kid instanceof String ? (String) kid : null;
    }

    /** A top-level claim, or null. */
    public Object claim(String name) {
        return claims.get(name);
    }

    /** A top-level claim when it is a string, else null. */
    public String stringClaim(String name) {
        Object value = claims.get(name);
        return value instanceof String ? (String) value : null;
    }

    /** A claim by dotted path into nested objects ({@code realm_access.roles}), or null. */
    public Object claimAt(String path) {
        return Claims.at(claims, path);
    }

    /** All claims, unmodifiable. */
    public Map<String, Object> claims() {
        return claims;
    }

    /** All header parameters, unmodifiable. */
    public Map<String, Object> header() {
        return header;
    }

    @Override
    public String toString() {
        return "Jwt[sub=" + subject() + ", jti=" + id() + "]";
    }
}
