package dev.perimeter.jwt.microprofile.claims;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The value types a claim can be injected as (MicroProfile JWT 2.1 section 7.1.2: String,
 * Set&lt;String&gt;, Long, Boolean and the JSON-P types; Double as other implementations allow),
 * each converting a claim value as {@code JsonWebToken.getClaim} answers it.
 */
public enum ClaimKind {
    STRING(String.class) {
        @Override
        Object fromPresent(Object value) {
            if (value instanceof String) {
                return value;
            }
            return value instanceof JsonString ? ((JsonString) value).getString() : MISMATCH;
        }
    },
    LONG(Long.class) {
        @Override
        Object fromPresent(Object value) {
            if (value instanceof Long) {
                return value;
            }
            BigDecimal number = decimal(value);
            if (number == null) {
                return MISMATCH;
            }
            try {
                return number.longValueExact();
            } catch (ArithmeticException notWhole) {
                return MISMATCH;
            }
        }
    },
    BOOLEAN(Boolean.class) {
        @Override
        Object fromPresent(Object value) {
            if (value instanceof Boolean) {
                return value;
            }
            if (value instanceof JsonValue) {
                JsonValue.ValueType type = ((JsonValue) value).getValueType();
                if (type == JsonValue.ValueType.TRUE || type == JsonValue.ValueType.FALSE) {
                    return type == JsonValue.ValueType.TRUE;
                }
            }
            return MISMATCH;
        }
    },
    DOUBLE(Double.class) {
        @Override
        Object fromPresent(Object value) {
            BigDecimal number = decimal(value);
            return number == null ? MISMATCH : number.doubleValue();
        }
    },
    STRING_SET(Set.class) {
        @Override
        Object fromPresent(Object value) {
            if (!(value instanceof Collection)) {
                return MISMATCH;
            }
            Set<String> strings = new LinkedHashSet<>();
            for (Object element : (Collection<?>) value) {
                Object string = STRING.fromPresent(element);
                if (string == MISMATCH) {
                    return MISMATCH;
                }
                strings.add((String) string);
            }
            return Collections.unmodifiableSet(strings);
        }
    },
    JSON_VALUE(JsonValue.class),
    JSON_STRING(JsonString.class),
    JSON_NUMBER(JsonNumber.class),
    JSON_ARRAY(JsonArray.class),
    JSON_OBJECT(JsonObject.class),
    /** The value as {@code getClaim} answers it: a raw {@code ClaimValue}. */
    AS_IS(Object.class) {
        @Override
        Object fromPresent(Object value) {
            return value;
        }
    };

    /** Marks a value that cannot be had as the kind. */
    static final Object MISMATCH = new Object();

    private final Class<?> type;

    ClaimKind(Class<?> type) {
        this.type = type;
    }

    /** The Java type this kind answers. */
    public Class<?> type() {
        return type;
    }

    /**
     * The kind of {@code type}, or null when a claim cannot be injected as it. A primitive is
     * its wrapper; {@code Object} is no kind (only a raw {@code ClaimValue} is {@link #AS_IS}).
     */
    public static ClaimKind of(Type type) {
        if (type instanceof ParameterizedType) {
            ParameterizedType parameterized = (ParameterizedType) type;
            return parameterized.getRawType() == Set.class
                    && parameterized.getActualTypeArguments()[0] == String.class ? STRING_SET : null;
        }
        if (type == long.class) {
            return LONG;
        }
        if (type == boolean.class) {
            return BOOLEAN;
        }
        if (type == double.class) {
            return DOUBLE;
        }
        for (ClaimKind kind : values()) {
            if (kind != STRING_SET && kind != AS_IS && kind.type == type) {
                return kind;
            }
        }
        return null;
    }

    /**
     * A present, non-null claim value as this kind, or {@link #MISMATCH}. JSON-P kinds take the
     * value's JSON and check its type.
     */
    Object fromPresent(Object value) {
        JsonValue json = JsonClaims.toJson(value);
        return type.isInstance(json) ? json : MISMATCH;
    }

    /** What an absent (or JSON null) claim is as this kind: JSON null for a JsonValue. */
    Object absent() {
        return this == JSON_VALUE ? JsonValue.NULL : null;
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof JsonNumber) {
            return ((JsonNumber) value).bigDecimalValue();
        }
        if (value instanceof Long || value instanceof Integer) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger) {
            return new BigDecimal((BigInteger) value);
        }
        if (value instanceof Double) {
            return BigDecimal.valueOf((Double) value);
        }
        return null;
    }
}
