package dev.perimeter.jwt.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Expands {@code ${env:NAME}}, {@code ${sys:name}} and {@code ${file:/path}} in parameter values,
 * so that secrets come from the environment rather than the WAR. Expanded text is not expanded
 * again. A file's trailing line breaks are dropped (editors and {@code echo} add them).
 */
final class Placeholders {

    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;

    Placeholders(Function<String, String> environment, Function<String, String> systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    static Placeholders system() {
        return new Placeholders(System::getenv, System::getProperty);
    }

    /** {@code value} with every placeholder replaced; fails naming {@code parameter}. */
    String expand(String parameter, String value) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int position = 0;
        while (true) {
            int start = value.indexOf("${", position);
            if (start < 0) {
                out.append(value, position, value.length());
                return out.toString();
            }
            int end = value.indexOf('}', start);
            if (end < 0) {
                throw new ConfigException(parameter, "unterminated ${ placeholder");
            }
            out.append(value, position, start);
            out.append(resolve(parameter, value.substring(start + 2, end)));
            position = end + 1;
        }
    }

    private String resolve(String parameter, String reference) {
        int colon = reference.indexOf(':');
        String kind = colon < 0 ? "" : reference.substring(0, colon);
        String name = colon < 0 ? reference : reference.substring(colon + 1);
        if (name.isEmpty() && !kind.isEmpty()) {
            // System.getProperty("") throws; no variable, property or file has an empty name
            throw new ConfigException(parameter, "a ${" + kind + ":} placeholder names nothing");
        }
        String value;
        switch (kind) {
            case "env":
                value = environment.apply(name);
                if (value == null) {
                    throw new ConfigException(parameter, "environment variable " + name + " is not set");
                }
                return value;
            case "sys":
                value = systemProperties.apply(name);
                if (value == null) {
                    throw new ConfigException(parameter, "system property " + name + " is not set");
                }
                return value;
            case "file":
                try {
                    Path path = Path.of(name);
                    if (Files.size(path) > ResourceLoader.MAX_BYTES) {
                        throw new ConfigException(parameter, "file " + name + " is too large");
                    }
                    return stripTrailingLineBreaks(Files.readString(path, StandardCharsets.UTF_8));
                } catch (IOException | InvalidPathException e) {
                    throw new ConfigException(parameter, "cannot read file " + name + ": "
                            + e.getClass().getSimpleName());
                }
            default:
                // The kind is not quoted: in a literal secret it would be a piece of the secret.
                throw new ConfigException(parameter, "unknown placeholder kind;"
                        + " use ${env:NAME}, ${sys:name} or ${file:/path}");
        }
    }

    private static String stripTrailingLineBreaks(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
