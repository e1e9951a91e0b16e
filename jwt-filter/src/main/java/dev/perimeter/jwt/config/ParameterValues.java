package dev.perimeter.jwt.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The effective parameter values (defaults applied, placeholders expanded), each read through
 * its {@link Parameter} in documentation order: the first one that fails is reported.
 */
final class ParameterValues {

    private final Map<String, String> text;
    private final Map<Parameter<?>, Object> read = new LinkedHashMap<>();

    ParameterValues(Map<String, String> text) {
        this.text = text;
        for (Parameter<?> parameter : Parameters.ALL) {
            read.put(parameter, parameter.read(text.get(parameter.name())));
        }
    }

    /** The text exactly as given (or the default), or null: whether a parameter was set at all. */
    String raw(Parameter<?> parameter) {
        return text.get(parameter.name());
    }

    /** The value as its parameter reads it. */
    @SuppressWarnings("unchecked") // filled by parameter.read, which answers a T
    <T> T get(Parameter<T> parameter) {
        return (T) read.get(parameter);
    }

    /** Every value but the secret ones, which the configuration does not keep. */
    Map<Parameter<?>, Object> withoutSecrets() {
        Map<Parameter<?>, Object> kept = new LinkedHashMap<>(read);
        kept.keySet().removeIf(Parameter::isSecret);
        return Collections.unmodifiableMap(kept);
    }
}
