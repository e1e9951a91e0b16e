package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.Rejection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one claim of a token as the Java type an injection point asks for. A top-level claim of
 * that exact name wins (namespaced claims such as {@code https://example.com/roles} contain dots);
 * otherwise a dotted name is a path into nested objects.
 */
final class ClaimValues {

    private ClaimValues() {
    }

    static Object raw(Jwt jwt, String name) {
        return jwt.claims().containsKey(name) ? jwt.claim(name) : jwt.claimAt(name);
    }

    static Optional<String> string(Jwt jwt, String name) {
        return typed(jwt, name, String.class);
    }

    static Optional<Long> number(Jwt jwt, String name) {
        return typed(jwt, name, Long.class);
    }

    static Optional<Boolean> bool(Jwt jwt, String name) {
        return typed(jwt, name, Boolean.class);
    }

    /** An array claim's strings, or a string claim as one element; empty when absent. */
    static Set<String> strings(Jwt jwt, String name) {
        Object value = raw(jwt, name);
        if (value == null) {
            return Set.of();
        }
        if (value instanceof String) {
            return Set.of((String) value);
        }
        if (value instanceof List) {
            Set<String> result = new LinkedHashSet<>();
            for (Object element : (List<?>) value) {
                if (!(element instanceof String)) {
                    throw wrongType(name);
                }
                result.add((String) element);
            }
            return Collections.unmodifiableSet(result);
        }
        throw wrongType(name);
    }

    private static <T> Optional<T> typed(Jwt jwt, String name, Class<T> type) {
        Object value = raw(jwt, name);
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            throw wrongType(name);
        }
        return Optional.of(type.cast(value));
    }

    private static NotAuthenticatedException wrongType(String name) {
        return NotAuthenticatedException.rejected(Rejection.INVALID_CLAIM,
                "the claim " + name + " does not have the expected type");
    }
}
