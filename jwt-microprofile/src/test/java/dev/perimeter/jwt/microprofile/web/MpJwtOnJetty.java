package dev.perimeter.jwt.microprofile.web;

import dev.perimeter.jwt.microprofile.MicroProfileJwtInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * An application as a WAR would be on Tomcat, on embedded Jetty 12 (ee10) on a loopback port:
 * its class loader sees a {@code META-INF/microprofile-config.properties} (and key files) of its
 * own, Perimeter's {@link MicroProfileJwtInitializer} starts as the container starts it for an
 * application with {@code @LoginConfig}, and Jersey serves the resources under {@code /api}.
 */
final class MpJwtOnJetty implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Path classes;

    /** Starts with {@code settings} as the application's properties file and {@code files} beside it. */
    MpJwtOnJetty(Map<String, String> settings, Map<String, String> files) throws Exception {
        this(settings, files, directory -> { });
    }

    /** As above; {@code prepare} adds more to the class-path directory first (compiled classes). */
    MpJwtOnJetty(Map<String, String> settings, Map<String, String> files, Prepare prepare)
            throws Exception {
        classes = Files.createTempDirectory("mp-jwt-app");
        prepare.into(classes);
        Properties properties = new Properties();
        properties.putAll(settings);
        Files.createDirectories(classes.resolve("META-INF"));
        try (var out = Files.newOutputStream(classes.resolve("META-INF/microprofile-config.properties"))) {
            properties.store(out, "test application");
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(classes.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                MpJwtOnJetty.class.getClassLoader());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setClassLoader(loader);
        context.addServletContainerInitializer(new MicroProfileJwtInitializer(), MpJwtApplication.class);
        // As an Application whose getClasses() names its resources: Jersey scans for nothing,
        // and jwt-microprofile's providers come in through JerseyRegistration.
        ResourceConfig application = ResourceConfig.forApplicationClass(MpJwtApplication.class)
                .register(CallerResource.class);
        context.addServlet(new ServletHolder(new ServletContainer(application)), "/api/*");
        server.setHandler(context);
        server.start();
    }

    /** Adds files to the application's class-path directory before it starts. */
    interface Prepare {
        void into(Path classes) throws Exception;
    }

    /** The application's directory of class-path files. */
    Path classes() {
        return classes;
    }

    boolean isRunning() {
        return server.isStarted() && server.getHandler().isStarted();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + connector.getLocalPort() + path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    HttpResponse<String> getWithCookie(String path, String cookie) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort()
                + path)).timeout(Duration.ofSeconds(10)).header("Cookie", cookie).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        server.stop();
        try (var files = Files.walk(classes)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
