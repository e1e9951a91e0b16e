package dev.perimeter.jwt.microprofile;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a key location as MicroProfile JWT writes it ({@code mp.jwt.verify.publickey.location},
 * {@code mp.jwt.decrypt.key.location}): {@code file:} URLs, {@code classpath:} names, and plain
 * paths, tried as a class-path resource (a leading {@code /} is the class path's root, as in
 * {@code /publicKey.pem}), then as a resource of the WAR, then as a file. {@code http(s):}
 * locations are fetched by Perimeter's remote key sets, never here.
 */
final class KeyLocations {

    /** Largest key file read: keys are small, and a wrong path should not fill the heap. */
    static final int MAX_BYTES = 1 << 20;

    private final ClassLoader loader;
    private final ServletContext context;

    KeyLocations(ClassLoader loader, ServletContext context) {
        this.loader = loader;
        this.context = context;
    }

    static boolean isRemote(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    /** @throws IOException when the location cannot be read; the message names it */
    String read(String location) throws IOException {
        if (location.startsWith("file:")) {
            return text(Files.newInputStream(Path.of(URI.create(location))), location);
        }
        String name = location.startsWith("classpath:") ? location.substring("classpath:".length())
                : location;
        String resource = name.startsWith("/") ? name.substring(1) : name;
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null && context != null && !location.startsWith("classpath:")) {
            in = context.getResourceAsStream("/" + resource);
        }
        if (in == null && !location.startsWith("classpath:") && Files.isRegularFile(Path.of(name))) {
            in = Files.newInputStream(Path.of(name));
        }
        if (in == null) {
            throw new IOException("'" + location + "' is neither on the class path, in the WAR,"
                    + " nor a file");
        }
        return text(in, location);
    }

    private static String text(InputStream stream, String location) throws IOException {
        try (InputStream in = stream) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("'" + location + "' is larger than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
