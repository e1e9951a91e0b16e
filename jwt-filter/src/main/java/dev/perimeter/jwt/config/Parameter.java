package dev.perimeter.jwt.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * One configuration parameter: its name, its default, how its effective text (default applied,
 * placeholders expanded) is read into a {@code T} and a {@code T} written back as text, and one
 * line of documentation. Every parameter is declared once, in {@link Parameters}; every failure
 * to read one is a {@link ConfigException} naming it.
 *
 * @param <T> the type of its value
 */
public final class Parameter<T> {

    private final String name;
    private final String defaultValue;
    private final Function<String, T> reader;
    private final Function<T, String> writer;
    private final OptionalLong min;
    private final OptionalLong max;
    private final boolean secret;
    private final String description;

    private Parameter(String name, String defaultValue, Function<String, T> reader,
            Function<T, String> writer, OptionalLong min, OptionalLong max, boolean secret,
            String description) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.reader = reader;
        this.writer = writer;
        this.min = min;
        this.max = max;
        this.secret = secret;
        this.description = description;
    }

    private Parameter(String name, String defaultValue, Function<String, T> reader,
            Function<T, String> writer, String description) {
        this(name, defaultValue, reader, writer, OptionalLong.empty(), OptionalLong.empty(), false,
                description);
    }

    /** The documented name, such as {@code leeway}. */
    public String name() {
        return name;
    }

    /** The default as text, or null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The smallest whole number accepted, for numbers and seconds. */
    public OptionalLong min() {
        return min;
    }

    /** The largest whole number accepted, for numbers and seconds. */
    public OptionalLong max() {
        return max;
    }

    /** Whether the value is a credential: never logged, and not kept by {@link JwtConfig}. */
    public boolean isSecret() {
        return secret;
    }

    /** One line saying what the parameter does; {@code docs/configuration.md} says the rest. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Reads the effective text (default applied; null when unset and without default) as
     * {@link JwtConfig} does.
     *
     * @throws ConfigException naming this parameter when the text is not a valid value
     */
    public T read(String text) {
        return reader.apply(text);
    }

    /** The text that {@link #read} turns back into {@code value}. */
    String write(T value) {
        return writer.apply(value);
    }

    // The kinds of parameters. Each reader fails with the messages the filter has always given.

    /** Trimmed text that must not be blank. */
    static Parameter<String> text(String name, String defaultValue, String description) {
        return new Parameter<>(name, defaultValue, text -> nonBlank(name, text), String::valueOf,
                description);
    }

    /** Trimmed text, or null when unset or blank. */
    static Parameter<String> optionalText(String name, String description) {
        return new Parameter<>(name, null, Parameter::trimmed, String::valueOf, description);
    }

    /** A credential, exactly as given (not trimmed), or null when unset. */
    static Parameter<String> secretText(String name, String description) {
        return new Parameter<>(name, null, text -> text, String::valueOf, OptionalLong.empty(),
                OptionalLong.empty(), true, description);
    }

    /** Items separated by commas or line breaks, trimmed, blanks dropped; may be empty. */
    static Parameter<List<String>> list(String name, String defaultValue, String description) {
        return new Parameter<>(name, defaultValue, Parameters::items, Parameter::joined,
                description);
    }

    /** {@link #list} items, each read by {@code item}; its IllegalArgumentException names this one. */
    static <E> Parameter<List<E>> listOf(String name, String defaultValue, Function<String, E> item,
            String description) {
        return new Parameter<>(name, defaultValue, text -> {
            List<E> result = new ArrayList<>();
            for (String entry : Parameters.items(text)) {
                result.add(readAs(name, item, entry));
            }
            return Collections.unmodifiableList(result);
        }, Parameter::joined, description);
    }

    /** {@link #list} items as a set in the given order; may be empty. */
    static Parameter<Set<String>> set(String name, String defaultValue, String description) {
        return new Parameter<>(name, defaultValue, text -> orderedSet(Parameters.items(text)),
                Parameter::joined, description);
    }

    /** {@code true} or {@code false}, case-insensitive. */
    static Parameter<Boolean> bool(String name, String defaultValue, String description) {
        return new Parameter<>(name, defaultValue, text -> {
            String value = nonBlank(name, text).toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new ConfigException(name, "expected true or false");
            }
            return value.equals("true");
        }, String::valueOf, description);
    }

    /** A whole number from {@code min} to {@code max}. */
    static Parameter<Integer> wholeNumber(String name, String defaultValue, int min, int max,
            String description) {
        return new Parameter<>(name, defaultValue, text -> (int) number(name, text, min, max),
                String::valueOf, OptionalLong.of(min), OptionalLong.of(max), false, description);
    }

    /**
     * {@code word}, read as what {@code wordValue} answers then, or a whole number from
     * {@code min} to {@code max}.
     */
    static Parameter<Integer> wholeNumberOr(String name, String defaultValue, String word,
            IntSupplier wordValue, int min, int max, String description) {
        return new Parameter<>(name, defaultValue, text -> {
            String value = nonBlank(name, text);
            if (value.equals(word)) {
                return wordValue.getAsInt();
            }
            if (!value.matches("[0-9]{1,9}")) {
                throw new ConfigException(name, "expected " + word + " or a whole number, got '"
                        + value + "'");
            }
            return (int) number(name, value, min, max);
        }, String::valueOf, OptionalLong.of(min), OptionalLong.of(max), false, description);
    }

    /** Whole seconds from {@code min} to {@code max}. */
    static Parameter<Duration> seconds(String name, String defaultValue, long min, long max,
            String description) {
        return new Parameter<>(name, defaultValue,
                text -> Duration.ofSeconds(number(name, text, min, max)), Parameter::seconds,
                OptionalLong.of(min), OptionalLong.of(max), false, description);
    }

    /** {@link #seconds}, or null when unset or blank. */
    static Parameter<Duration> optionalSeconds(String name, long min, long max,
            String description) {
        return new Parameter<>(name, null, text -> trimmed(text) == null ? null
                        : Duration.ofSeconds(number(name, text, min, max)),
                Parameter::seconds, OptionalLong.of(min), OptionalLong.of(max), false, description);
    }

    /**
     * The effective text as {@code read} takes it (its IllegalArgumentException names this
     * parameter), written back with {@code toString()}.
     */
    static <V> Parameter<V> parsed(String name, String defaultValue, Function<String, V> read,
            String description) {
        return new Parameter<>(name, defaultValue, text -> readAs(name, read, text),
                String::valueOf, description);
    }

    /** {@link #parsed} of the trimmed text, which must not be blank: a word such as {@code log}. */
    static <V> Parameter<V> choice(String name, String defaultValue, Function<String, V> read,
            String description) {
        return new Parameter<>(name, defaultValue, text -> readAs(name, read, nonBlank(name, text)),
                String::valueOf, description);
    }

    /** A parameter read and written by functions of its own; they fail with ConfigExceptions. */
    static <V> Parameter<V> custom(String name, String defaultValue, Function<String, V> read,
            Function<V, String> write, String description) {
        return new Parameter<>(name, defaultValue, read, write, description);
    }

    private static String trimmed(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String nonBlank(String name, String text) {
        String value = trimmed(text);
        if (value == null) {
            throw new ConfigException(name, "must not be empty");
        }
        return value;
    }

    private static long number(String name, String text, long min, long max) {
        String value = nonBlank(name, text);
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

    private static <V> V readAs(String name, Function<String, V> read, String text) {
        try {
            return read.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, e.getMessage());
        }
    }

    private static Set<String> orderedSet(List<String> items) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(items));
    }

    private static String joined(Collection<?> items) {
        return items.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.getSeconds());
    }
}
