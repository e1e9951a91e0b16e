package dev.perimeter.jwt.microprofile.claims;

import jakarta.json.JsonValue;
import java.util.Locale;

/**
 * A claim whose JSON cannot be had as the type its injection point asks for, such as a string
 * injected as {@code Long}. Names the claim and the types, never the value.
 */
public final class ClaimTypeException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ClaimTypeException(String name, Class<?> wanted, Object value) {
        super("claim '" + name + "' is " + describe(value) + ", not " + wanted.getSimpleName());
    }

    private static String describe(Object value) {
        if (value instanceof JsonValue) {
            return "a JSON " + ((JsonValue) value).getValueType().name().toLowerCase(Locale.ROOT);
        }
        return "a " + value.getClass().getSimpleName();
    }
}
