package dev.perimeter.jwt.microprofile;

import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Injected values as text that names their types, so an HTTP test can check both: a JSON-P value
 * by its JSON type (implementation classes differ), a set in sorted order.
 */
final class Rendered {

    private Rendered() {
    }

    static String of(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Optional) {
            Optional<?> optional = (Optional<?>) value;
            return optional.map(inner -> "Optional(" + of(inner) + ")").orElse("Optional.empty");
        }
        if (value instanceof JsonValue) {
            return "Json" + ((JsonValue) value).getValueType() + ":" + value;
        }
        if (value instanceof Collection) {
            String kind = value instanceof java.util.Set ? "Set" : "Collection";
            return kind + ":" + new TreeSet<>((Collection<?>) value);
        }
        return value.getClass().getSimpleName() + ":" + value;
    }

    /** {@code name=rendered} lines. */
    static String lines(Map<String, ?> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + of(e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    /** The lines back as a map, for assertions. */
    static Map<String, String> parse(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int equals = line.indexOf('=');
            values.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return values;
    }
}
