package dev.perimeter.jwt.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of effective parameter values (defaults already applied, placeholders expanded).
 * Every failure is a {@link ConfigException} naming the parameter.
 */
final class ParameterValues {

    private final Map<String, String> values;

    ParameterValues(Map<String, String> values) {
        this.values = values;
    }

    /** The value exactly as given, or null. */
    String raw(String name) {
        return values.get(name);
    }

    /** The trimmed value, or null when absent or blank. */
    String optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    String nonBlank(String name) {
        String value = optional(name);
        if (value == null) {
            throw new ConfigException(name, "must not be empty");
        }
        return value;
    }

    /** A non-empty list, as a set in the given order. */
    Set<String> required(String name) {
        List<String> list = list(name);
        if (list.isEmpty()) {
            throw new ConfigException(name, "is required");
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(list));
    }

    /** Items separated by commas or line breaks, trimmed, blanks dropped. */
    List<String> list(String name) {
        return Parameters.items(values.get(name));
    }

    Duration seconds(String name, long min, long max) {
        return Duration.ofSeconds(number(name, min, max));
    }

    long number(String name, long min, long max) {
        String value = nonBlank(name);
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "expected a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(name, "must be between " + min + " and " + max);
        }
        return parsed;
    }

    boolean bool(String name) {
        String value = nonBlank(name).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(name, "expected true or false");
        }
        return value.equals("true");
    }
}
