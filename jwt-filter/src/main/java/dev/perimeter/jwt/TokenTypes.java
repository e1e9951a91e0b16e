package dev.perimeter.jwt;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The accepted {@code typ} header values, compared case-insensitively and with an optional
 * {@code application/} prefix (RFC 7515 section 4.1.9); {@code absent} admits tokens without one.
 */
public final class TokenTypes {

    private static final String ABSENT = "absent";
    private static final String MEDIA_PREFIX = "application/";

    private final Set<String> accepted;
    private final boolean acceptsAbsent;
    private final String refusal;

    private TokenTypes(Set<String> accepted, boolean acceptsAbsent, String refusal) {
        this.accepted = accepted;
        this.acceptsAbsent = acceptsAbsent;
        this.refusal = refusal;
    }

    /**
     * Only {@code at+jwt} ({@code application/at+jwt}), as the RFC 9068 access-token profile
     * requires (section 2.1), refused with a description that says why: an ID token or any
     * other JWT is not an access token.
     */
    public static TokenTypes accessTokensOnly() {
        return new TokenTypes(Set.of("at+jwt"), false,
                "the token's typ is not at+jwt: only RFC 9068 access tokens are accepted, not ID"
                        + " tokens or other JWTs");
    }

    /** From a list of values such as {@code JWT, at+jwt, absent}. */
    public static TokenTypes of(Iterable<String> values) {
        Set<String> accepted = new LinkedHashSet<>();
        boolean absent = false;
        for (String value : values) {
            String normal = normalize(value);
            if (ABSENT.equals(normal)) {
                absent = true;
            } else {
                accepted.add(normal);
            }
        }
        return new TokenTypes(Collections.unmodifiableSet(accepted), absent,
                Rejection.TYPE_NOT_ACCEPTED.description());
    }

    /** Whether a token whose {@code typ} is {@code type} (null: absent) is accepted. */
    public boolean accepts(String type) {
        return type == null ? acceptsAbsent : accepted.contains(normalize(type));
    }

    /** The {@code error_description} of a token whose {@code typ} is not accepted. */
    public String refusal() {
        return refusal;
    }

    private static String normalize(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith(MEDIA_PREFIX) ? lower.substring(MEDIA_PREFIX.length()) : lower;
    }

    @Override
    public String toString() {
        return accepted + (acceptsAbsent ? " or absent" : "");
    }
}
