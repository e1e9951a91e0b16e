package dev.perimeter.jwt.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads key material from a location: {@code file:/path}, {@code classpath:name}, or (inside a
 * web application) {@code /WEB-INF/…}.
 */
@FunctionalInterface
public interface ResourceLoader {

    /** Largest key file read: key sets are small, and a wrong path should not fill the heap. */
    int MAX_BYTES = 1 << 20;

    /**
     * @throws IOException when the location cannot be read; the message names the location
     */
    byte[] load(String location) throws IOException;

    /** Whether {@code value} is a location this kind of loader understands. */
    static boolean isLocation(String value) {
        return value.startsWith("file:") || value.startsWith("classpath:") || value.startsWith("/");
    }

    /** Files and class path only. */
    static ResourceLoader standard() {
        return withWebResources(path -> null);
    }

    /**
     * Files, class path, and paths starting with {@code /} opened by {@code webResources} (a
     * servlet context's {@code getResourceAsStream}).
     */
    static ResourceLoader withWebResources(Function<String, InputStream> webResources) {
        return location -> {
            if (location.startsWith("file:")) {
                Path path = Path.of(location.substring("file:".length()));
                if (Files.size(path) > MAX_BYTES) {
                    throw new IOException(location + " is larger than " + MAX_BYTES + " bytes");
                }
                return Files.readAllBytes(path);
            }
            InputStream in;
            if (location.startsWith("classpath:")) {
                String name = location.substring("classpath:".length());
                name = name.startsWith("/") ? name.substring(1) : name;
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                in = (loader != null ? loader : ResourceLoader.class.getClassLoader())
                        .getResourceAsStream(name);
            } else if (location.startsWith("/")) {
                in = webResources.apply(location);
            } else {
                throw new IOException("'" + location + "' is not file:, classpath: or /WEB-INF/…");
            }
            if (in == null) {
                throw new IOException(location + " not found");
            }
            try (InputStream input = in) {
                byte[] bytes = input.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException(location + " is larger than " + MAX_BYTES + " bytes");
                }
                return bytes;
            }
        };
    }
}
