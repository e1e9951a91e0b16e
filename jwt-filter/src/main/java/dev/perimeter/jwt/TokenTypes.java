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

    private TokenTypes(Set<String> accepted, boolean acceptsAbsent) {
        this.accepted = accepted;
        this.acceptsAbsent = acceptsAbsent;
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
        return new TokenTypes(Collections.unmodifiableSet(accepted), absent);
    }

    /** Whether a token whose {@code typ} is {@code type} (null: absent) is accepted. */
    public boolean accepts(String type) {
        return type == null ? acceptsAbsent : accepted.contains(normalize(type));
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
