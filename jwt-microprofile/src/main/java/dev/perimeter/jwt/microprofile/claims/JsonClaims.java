package dev.perimeter.jwt.microprofile.claims;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Claim values as JSON-P: the plain Java of a verified {@code Jwt} (String, Long, BigInteger,
 * Double, Boolean, List, Map, null) turned into the {@link JsonValue} of the same JSON.
 */
public final class JsonClaims {

    private JsonClaims() {
    }

    /** {@code value} as JSON-P; JSON null for null, a JSON-P value as it is. */
    public static JsonValue toJson(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue) {
            return (JsonValue) value;
        }
        if (value instanceof String) {
            return Json.PROVIDER.createValue((String) value);
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Long || value instanceof Integer) {
            return Json.PROVIDER.createValue(((Number) value).longValue());
        }
        if (value instanceof BigInteger) {
            return Json.PROVIDER.createValue((BigInteger) value);
        }
        if (value instanceof BigDecimal) {
            return Json.PROVIDER.createValue((BigDecimal) value);
        }
        if (value instanceof Double || value instanceof Float) {
            return Json.PROVIDER.createValue(((Number) value).doubleValue());
        }
        if (value instanceof Collection) {
            JsonArrayBuilder array = Json.PROVIDER.createArrayBuilder();
            for (Object element : (Collection<?>) value) {
                array.add(toJson(element));
            }
            return array.build();
        }
        if (value instanceof Map) {
            JsonObjectBuilder object = Json.PROVIDER.createObjectBuilder();
            for (Map.Entry<?, ?> member : ((Map<?, ?>) value).entrySet()) {
                object.add(String.valueOf(member.getKey()), toJson(member.getValue()));
            }
            return object.build();
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    /**
     * The JSON-P provider, looked up once: {@code jakarta.json.Json} searches the service loader
     * on every call, too slow for each claim of each request.
     */
    private static final class Json {
        static final JsonProvider PROVIDER = JsonProvider.provider();
    }
}
