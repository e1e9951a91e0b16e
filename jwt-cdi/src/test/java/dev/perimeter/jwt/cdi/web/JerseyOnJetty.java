package dev.perimeter.jwt.cdi.web;

import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.testing.JettyHarness;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.environment.servlet.Listener;

/**
 * Embedded Jetty 12 (ee10) on a free loopback port, with Weld 5 (an SE container, handed to Weld
 * Servlet's listener for the request context and the built-in servlet beans) and Jersey 3.1
 * (its CDI integration, jersey-cdi1x, makes the resources CDI beans) under {@code /api/*};
 * optionally the servlet {@code JwtFilter} in front of everything. Weld discovers the
 * extensions on the class path (Perimeter's and Jersey's) as an application's would. (Archive
 * isolation stays on: Weld SE 5.1's flat deployment drops classes given to addBeanClasses.)
 */
final class JerseyOnJetty implements AutoCloseable {

    private final WeldContainer weld;
    private final Server server;
    private final ServerConnector connector;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    JerseyOnJetty(ResourceConfig application, JwtFilter filter, Class<?>... beans) throws Exception {
        this(application, filter, context -> { }, beans);
    }

    /** As above, with more set-up of the context (servlets, filters) before it starts. */
    JerseyOnJetty(ResourceConfig application, JwtFilter filter,
            Consumer<ServletContextHandler> setUp, Class<?>... beans) throws Exception {
        weld = new Weld(UUID.randomUUID().toString())
                .addBeanClasses(beans)
                .initialize();
        try {
            server = new Server();
            connector = new ServerConnector(server,
                new HttpConnectionFactory(JettyHarness.caseSensitiveHeaders()));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            context.addEventListener(Listener.using(weld));
            if (filter != null) {
                FilterHolder holder = new FilterHolder(filter);
                holder.setName("perimeter");
                context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            }
            context.addServlet(new ServletHolder(new ServletContainer(application)), "/api/*");
            setUp.accept(context);
            server.setHandler(context);
            server.start();
        } catch (Exception e) {
            weld.shutdown();
            throw e;
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort()
                + path)).timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = request(path).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            weld.shutdown();
        }
    }
}
