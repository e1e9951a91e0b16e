package dev.perimeter.jwt.microprofile.claims;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;

/**
 * The Java type MicroProfile JWT gives a claim value from {@code JsonWebToken.getClaim}: a
 * standard claim (one of {@link Claims}) as its enum's type ({@code iat} as {@code Long},
 * {@code aud} and {@code groups} as {@code Set<String>}, {@code address} as {@code JsonObject});
 * any other claim as the JSON-P type of its JSON, except that a string stays a {@code String}
 * (as the TCK injects it and other implementations answer it).
 *
 * <p>A standard claim whose JSON does not fit its enum's type (an object {@code cnf}, an array
 * {@code amr}, a string {@code at_hash}; the enum's types are not always what issuers send) is
 * answered as a non-standard claim would be, rather than coerced and garbled.
 */
public final class ClaimTypes {

    private ClaimTypes() {
    }

    /**
     * {@code value}, a claim of a verified token as plain Java, in its MicroProfile type; null
     * stays null for a standard claim and is JSON null for another.
     */
    public static Object microProfileValue(String name, Object value) {
        Claims standard = standard(name);
        if (standard == null) {
            return nonStandard(value);
        }
        if (value == null) {
            return null;
        }
        Object typed = asType(standard.getType(), value);
        return typed != null ? typed : nonStandard(value);
    }

    /** The standard claim of this name, or null (also for {@code UNKNOWN}, no claim's name). */
    public static Claims standard(String name) {
        if (name == null || name.equals(Claims.UNKNOWN.name())) {
            return null;
        }
        try {
            return Claims.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Object nonStandard(Object value) {
        return value instanceof String ? value : JsonClaims.toJson(value);
    }

    /** {@code value} as {@code type}, or null when it does not fit. */
    private static Object asType(Class<?> type, Object value) {
        if (type == String.class) {
            return value instanceof String ? value : null;
        }
        if (type == Long.class) {
            return asLong(value);
        }
        if (type == Boolean.class) {
            return value instanceof Boolean ? value : null;
        }
        if (type == Set.class) {
            return asStringSet(value);
        }
        if (type == JsonObject.class) {
            return value instanceof Map ? JsonClaims.toJson(value) : null;
        }
        return null;
    }

    /** A NumericDate may carry a fraction (RFC 7519 section 2): whole seconds, as others do. */
    private static Long asLong(Object value) {
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof BigInteger) {
            BigInteger big = (BigInteger) value;
            return big.bitLength() < Long.SIZE ? big.longValue() : null;
        }
        if (value instanceof Double) {
            double number = (Double) value;
            return number >= Long.MIN_VALUE && number <= Long.MAX_VALUE ? (long) number : null;
        }
        return null;
    }

    /** {@code aud} may be one string (RFC 7519 section 4.1.3): a set of one. */
    private static Set<String> asStringSet(Object value) {
        if (value instanceof String) {
            return Set.of((String) value);
        }
        if (!(value instanceof Collection)) {
            return null;
        }
        Set<String> strings = new LinkedHashSet<>();
        for (Object element : (Collection<?>) value) {
            if (!(element instanceof String)) {
                return null;
            }
            strings.add((String) element);
        }
        return Collections.unmodifiableSet(strings);
    }

    /** Whether {@code value} is JSON null as a claim value answers it. */
    static boolean isJsonNull(Object value) {
        return value == null || (value instanceof JsonValue
                && ((JsonValue) value).getValueType() == JsonValue.ValueType.NULL);
    }
}
