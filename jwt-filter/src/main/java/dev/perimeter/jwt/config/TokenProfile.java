package dev.perimeter.jwt.config;

import java.util.List;
import java.util.Locale;

/**
 * The token profile a resource expects ({@code profile}): any JWT that passes the other
 * parameters, or the JWT access-token profile of RFC 9068.
 */
public enum TokenProfile {
    /** No profile: {@code token-types}, {@code required-claims} and {@code roles-claim} as set. */
    NONE,
    /**
     * RFC 9068: {@code typ} {@code at+jwt} only; {@code iss exp aud sub client_id iat jti}
     * required besides {@code required-claims}; {@code audience} must be set; ID tokens refused;
     * roles also from {@code groups}, {@code roles} and {@code entitlements} (section 2.2.3.1).
     */
    RFC9068;

    /** The claims RFC 9068 section 2.2 makes required. */
    public static final List<String> RFC9068_CLAIMS =
            List.of("iss", "exp", "aud", "sub", "client_id", "iat", "jti");
    /** The authorization claims of RFC 9068 section 2.2.3.1 that hold roles. */
    public static final List<String> RFC9068_ROLE_CLAIMS = List.of("groups", "roles", "entitlements");

    /** Reads a {@code profile} value; {@link IllegalArgumentException} names what is accepted. */
    public static TokenProfile parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none":
                return NONE;
            case "rfc9068":
                return RFC9068;
            default:
                throw new IllegalArgumentException("expected none or rfc9068");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
