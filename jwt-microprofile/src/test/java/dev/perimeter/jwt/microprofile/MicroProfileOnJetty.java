package dev.perimeter.jwt.microprofile;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.environment.servlet.Listener;

/**
 * What a MicroProfile JWT application gets on a plain servlet container, embedded: Jetty 12
 * (ee10) on a loopback port, Weld (handed to Weld Servlet's listener for the request context and
 * the built-in {@code HttpServletRequest} bean), Jersey under {@code /api/*} with its CDI
 * integration, and {@link AdmittingTestFilter} (or a given filter) in front. Weld finds the
 * extensions on the class path (this module's and Jersey's) through {@code META-INF/services};
 * the beans are given.
 */
final class MicroProfileOnJetty implements AutoCloseable {

    private final WeldContainer weld;
    private final Server server;
    private final ServerConnector connector;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    MicroProfileOnJetty(Class<?>... resources) throws Exception {
        this(new AdmittingTestFilter(), resources);
    }

    /** As above with {@code filter} in front, such as the module's own. */
    MicroProfileOnJetty(Filter filterInFront, Class<?>... resources) throws Exception {
        weld = new Weld(UUID.randomUUID().toString()).addBeanClasses(resources).initialize();
        try {
            server = new Server();
            connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            context.addEventListener(Listener.using(weld));
            FilterHolder filter = new FilterHolder(filterInFront);
            filter.setName("in-front");
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new ServletContainer(new ResourceConfig(resources))),
                    "/api/*");
            server.setHandler(context);
            server.start();
        } catch (Exception e) {
            weld.shutdown();
            throw e;
        }
    }

    /** GET {@code path} with {@code token} as bearer (none when null). */
    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + connector.getLocalPort() + path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        } finally {
            weld.shutdown();
        }
    }
}
