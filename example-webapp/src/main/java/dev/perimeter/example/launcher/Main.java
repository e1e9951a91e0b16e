package dev.perimeter.example.launcher;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar perimeter-example.jar}: runs {@code perimeter-example.war}, which lies beside
 * the jar, on embedded Jetty at {@code http://localhost:8080/}. The launcher reads two settings
 * itself, {@code port} (8080; 0 picks a free port) and {@code host} (the address to bind,
 * {@code 127.0.0.1}), as the system property {@code perimeter.example.port} or the environment
 * variable {@code PERIMETER_EXAMPLE_PORT}; the application reads all the others. Exits with 1
 * when the application fails to start, after saying why.
 */
public final class Main {

    static final String WAR = "perimeter-example.war";

    private Main() {
    }

    /** Starts the example and waits until the JVM is stopped; arguments are not used. */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
        String host = setting("host", "127.0.0.1");
        int port;
        try {
            port = Integer.parseInt(setting("port", "8080").trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            System.err.println("Perimeter example: setting 'port': expected 0 to 65535");
            System.exit(2);
            return;
        }
        ExampleServer server;
        try {
            server = ExampleServer.start(war(), host, port, Map.of());
        } catch (Exception e) {
            System.err.println("Perimeter example failed to start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        server.stopAtShutdown();
        System.out.println("Perimeter example is running at http://localhost:" + server.port()
                + "/ (listening on " + host + ":" + server.port() + "); stop it with Ctrl-C");
        server.join();
    }

    private static Path war() throws URISyntaxException {
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.resolveSibling(WAR);
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty("perimeter.example." + name);
        if (value == null) {
            value = System.getenv("PERIMETER_EXAMPLE_" + name.toUpperCase(Locale.ROOT));
        }
        return value != null ? value : fallback;
    }

    /** The innermost message, which names the setting at fault. */
    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
