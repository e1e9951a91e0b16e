package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.Parameters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The effective parameter values of a filter, from its four sources; for each parameter the first
 * found wins: system property {@code perimeter.jwt.p}, environment variable
 * {@code PERIMETER_JWT_P}, filter init-param {@code p}, context-param {@code perimeter.jwt.p}.
 * A name in any of them that is not a parameter fails start-up: a typo must not silently leave a
 * check at its default.
 */
final class ServletParameters {

    private ServletParameters() {
    }

    static Map<String, String> resolve(Map<String, String> systemProperties,
            Map<String, String> environment, Map<String, String> initParameters,
            Map<String, String> contextParameters) {
        for (String name : initParameters.keySet()) {
            requireKnown(name, name, "filter init-param");
        }
        checkPrefixed(contextParameters, "context-param");
        checkPrefixed(systemProperties, "system property");
        Map<String, String> byEnvironmentName = new LinkedHashMap<>();
        for (String name : Parameters.DEFAULTS.keySet()) {
            byEnvironmentName.put(Parameters.environmentName(name), name);
        }
        for (String variable : environment.keySet()) {
            if (variable.startsWith(Parameters.ENV_PREFIX) && !byEnvironmentName.containsKey(variable)) {
                throw new ConfigException(variable, "unknown parameter (environment variable)");
            }
        }
        Map<String, String> effective = new LinkedHashMap<>();
        for (String name : Parameters.DEFAULTS.keySet()) {
            String value = value(name, systemProperties, environment, initParameters,
                    contextParameters);
            if (value != null) {
                effective.put(name, value);
            }
        }
        return Collections.unmodifiableMap(effective);
    }

    private static void checkPrefixed(Map<String, String> source, String kind) {
        for (String key : source.keySet()) {
            if (key.startsWith(Parameters.PROPERTY_PREFIX)) {
                requireKnown(key.substring(Parameters.PROPERTY_PREFIX.length()), key, kind);
            }
        }
    }

    private static void requireKnown(String name, String asWritten, String kind) {
        if (!Parameters.isKnown(name)) {
            throw new ConfigException(asWritten, "unknown parameter (" + kind + ")");
        }
    }

    /** The value of parameter {@code name} from the first of the four sources that sets it, or null. */
    static String value(String name, Map<String, String> systemProperties,
            Map<String, String> environment, Map<String, String> initParameters,
            Map<String, String> contextParameters) {
        String property = Parameters.PROPERTY_PREFIX + name;
        return first(systemProperties.get(property),
                environment.get(Parameters.environmentName(name)),
                initParameters.get(name),
                contextParameters.get(property));
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
