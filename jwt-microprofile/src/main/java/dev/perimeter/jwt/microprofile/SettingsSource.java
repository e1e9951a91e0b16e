package dev.perimeter.jwt.microprofile;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where an application's {@code mp.jwt.*} settings are read: MicroProfile Config when the
 * application has it; then, as MicroProfile Config orders its default sources, system properties,
 * environment variables (the name as written, with non-alphanumerics as {@code _}, and that
 * upper-cased), every {@code META-INF/microprofile-config.properties} on the class path, and
 * last the WAR's own {@code /META-INF/microprofile-config.properties}, where a WAR built for a
 * MicroProfile server sometimes keeps it. The first source that sets a name wins.
 */
final class SettingsSource {

    static final String PROPERTIES_FILE = "META-INF/microprofile-config.properties";

    private final List<Function<String, String>> layers;

    SettingsSource(List<Function<String, String>> layers) {
        this.layers = List.copyOf(layers);
    }

    /** The sources of an application with class loader {@code loader} and {@code context}. */
    static SettingsSource of(ClassLoader loader, ServletContext context) {
        List<Function<String, String>> layers = new ArrayList<>();
        MicroProfileConfig.lookup(loader).ifPresent(layers::add);
        layers.add(System::getProperty);
        Map<String, String> environment = System.getenv();
        layers.add(name -> environmentValue(environment, name));
        layers.add(properties(classPathFiles(loader))::getProperty);
        layers.add(properties(warFile(context))::getProperty);
        return new SettingsSource(layers);
    }

    /** The value of {@code name}, trimmed, or null when no source sets it or it is blank. */
    String get(String name) {
        for (Function<String, String> layer : layers) {
            String value = layer.apply(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    static String environmentValue(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null) {
            String sanitized = name.replaceAll("[^A-Za-z0-9]", "_");
            value = environment.get(sanitized);
            if (value == null) {
                value = environment.get(sanitized.toUpperCase(Locale.ROOT));
            }
        }
        return value;
    }

    private static List<URL> classPathFiles(ClassLoader loader) {
        try {
            return loader == null ? List.of() : Collections.list(loader.getResources(PROPERTIES_FILE));
        } catch (IOException e) {
            throw new IllegalStateException("the class path's " + PROPERTIES_FILE
                    + " cannot be listed: " + e.getMessage(), e);
        }
    }

    private static List<URL> warFile(ServletContext context) {
        try {
            URL url = context == null ? null : context.getResource("/" + PROPERTIES_FILE);
            return url == null ? List.of() : List.of(url);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The files' entries merged, the first file's value winning. */
    private static Properties properties(List<URL> files) {
        Properties merged = new Properties();
        for (int i = files.size() - 1; i >= 0; i--) {
            Properties one = new Properties();
            try (InputStream in = files.get(i).openStream()) {
                one.load(in);
            } catch (IOException e) {
                throw new IllegalStateException(files.get(i) + " cannot be read: " + e.getMessage(), e);
            }
            merged.putAll(one);
        }
        return merged;
    }

    /** MicroProfile Config, touched only when the application's class loader has it. */
    static final class MicroProfileConfig {

        private static final String PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";

        private MicroProfileConfig() {
        }

        static Optional<Function<String, String>> lookup(ClassLoader loader) {
            try {
                Class.forName(PROVIDER, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.empty();
            }
            try {
                return Optional.of(Reader.of(loader));
            } catch (RuntimeException | LinkageError e) {
                return Optional.empty(); // the API without an implementation: no MicroProfile Config
            }
        }

        /** Separate so that its references to the API resolve only when the API is there. */
        static final class Reader {

            private Reader() {
            }

            static Function<String, String> of(ClassLoader loader) {
                org.eclipse.microprofile.config.Config config =
                        org.eclipse.microprofile.config.ConfigProvider.getConfig(loader);
                return name -> config.getOptionalValue(name, String.class).orElse(null);
            }
        }
    }
}
