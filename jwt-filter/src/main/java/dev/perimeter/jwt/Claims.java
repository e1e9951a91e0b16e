package dev.perimeter.jwt;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading claim values: dotted paths, NumericDates and role lists. */
final class Claims {

    /** 9999-12-31T23:59:59Z: later NumericDates are refused rather than overflowed. */
    static final long MAX_NUMERIC_DATE = 253_402_300_799L;

    private Claims() {
    }

    /** Thrown when a claim is present but is not what its name promises. */
    static final class InvalidClaimException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidClaimException(String message) {
            super(message, null, false, false);
        }
    }

    static Object at(Map<String, Object> claims, String path) {
        Object current = claims;
        int start = 0;
        while (true) {
            if (!(current instanceof Map)) {
                return null;
            }
            int dot = path.indexOf('.', start);
            String member = dot < 0 ? path.substring(start) : path.substring(start, dot);
            current = ((Map<?, ?>) current).get(member);
            if (dot < 0) {
                return current;
            }
            start = dot + 1;
        }
    }

    /**
     * A NumericDate claim (RFC 7519 section 2): null when absent or null; whole or fractional
     * non-negative seconds up to year 9999, else an {@link InvalidClaimException}.
     */
    static Instant numericDate(Map<String, Object> claims, String name)
            throws InvalidClaimException {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        long seconds;
        if (value instanceof Long) {
            seconds = (Long) value;
        } else if (value instanceof Double && Double.isFinite((Double) value)
                && (Double) value <= MAX_NUMERIC_DATE) {
            seconds = (long) Math.floor((Double) value);
        } else if (value instanceof BigInteger || value instanceof Double) {
            throw new InvalidClaimException("the claim " + name + " is out of range");
        } else {
            throw new InvalidClaimException("the claim " + name + " is not a NumericDate");
        }
        if (seconds < 0 || seconds > MAX_NUMERIC_DATE) {
            throw new InvalidClaimException("the claim " + name + " is out of range");
        }
        return Instant.ofEpochSecond(seconds);
    }

    /** A string claim: null when absent or null, else it must be a string. */
    static String string(Map<String, Object> claims, String name) throws InvalidClaimException {
        Object value = claims.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new InvalidClaimException("the claim " + name + " is not a string");
    }

    /** The string elements of a list, ignoring others. */
    static List<String> strings(List<?> values) {
        List<String> result = new ArrayList<>(values.size());
        for (Object value : values) {
            if (value instanceof String) {
                result.add((String) value);
            }
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Roles from claim paths: an array contributes its strings, a string its space-separated
     * words (the OAuth {@code scope} form).
     */
    static Set<String> roles(Map<String, Object> claims, List<String> paths) {
        Set<String> roles = new LinkedHashSet<>();
        for (String path : paths) {
            Object value = at(claims, path);
            if (value instanceof List) {
                roles.addAll(strings((List<?>) value));
            } else if (value instanceof String) {
                for (String word : ((String) value).split(" ")) {
                    if (!word.isEmpty()) {
                        roles.add(word);
                    }
                }
            }
        }
        return Collections.unmodifiableSet(roles);
    }
}
