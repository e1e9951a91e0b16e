package dev.perimeter.jwt.testing;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.servlet.JwtFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 (ee10) on a free loopback port with the filter in front of one servlet. The
 * servlet counts its calls, so a test can assert that a rejected request never reached it, and
 * answers with what the container's security API says about the caller.
 */
public final class JettyHarness implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger servletCalls = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    private JettyHarness(JwtFilter filter, Map<String, String> initParameters,
            Map<String, String> contextParameters) throws Exception {
        this(filter, initParameters, contextParameters, Map.of());
    }

    private JettyHarness(JwtFilter filter, Map<String, String> initParameters,
            Map<String, String> contextParameters, Map<String, HttpServlet> servlets)
            throws Exception {
        server = new Server();
        connector = new ServerConnector(server, new HttpConnectionFactory(caseSensitiveHeaders()));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        contextParameters.forEach(context::setInitParameter);
        context.addServlet(new ServletHolder(new EchoServlet(servletCalls)), "/*");
        servlets.forEach((pathSpec, servlet) -> context.addServlet(new ServletHolder(servlet),
                pathSpec));
        FilterHolder holder = filter != null ? new FilterHolder(filter) : new FilterHolder(JwtFilter.class);
        holder.setName("perimeter");
        holder.setInitParameters(initParameters);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
    }

    /**
     * Jetty's HTTP settings as a deployment that checks tokens needs them: the header cache,
     * case-insensitive by default, would hand a request the value cached from an earlier one on
     * the connection that differs only in case (see docs/security.md).
     */
    public static HttpConfiguration caseSensitiveHeaders() {
        HttpConfiguration http = new HttpConfiguration();
        http.setHeaderCacheCaseSensitive(true);
        return http;
    }

    /** Jetty with a filter configured from init-params (as in web.xml). */
    public static JettyHarness withInitParameters(Map<String, String> initParameters) throws Exception {
        return new JettyHarness(null, initParameters, Map.of());
    }

    /** Jetty with a filter configured from init-params and context-params. */
    public static JettyHarness withParameters(Map<String, String> initParameters,
            Map<String, String> contextParameters) throws Exception {
        return new JettyHarness(null, initParameters, contextParameters);
    }

    /** Jetty with a filter instance built in code. */
    public static JettyHarness withFilter(JwtFilter filter) throws Exception {
        return new JettyHarness(filter, Map.of(), Map.of());
    }

    /**
     * Jetty with a filter built in code and more servlets (path spec to servlet) beside the
     * echoing one, such as an application servlet that reaches the filter's published objects.
     */
    public static JettyHarness withFilterAndServlets(JwtFilter filter,
            Map<String, HttpServlet> servlets) throws Exception {
        return new JettyHarness(filter, Map.of(), Map.of(), servlets);
    }

    public Server server() {
        return server;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** How often the protected servlet ran. */
    public int servletCalls() {
        return servletCalls.get();
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    }

    /** GET {@code path} with {@code Authorization: Bearer token}. */
    public HttpResponse<String> getWithBearer(String path, String token) throws Exception {
        return send(request(path).header("Authorization", "Bearer " + token).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Answers 200 with the caller as the container sees it. */
    private static final class EchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient AtomicInteger calls;

        EchoServlet(AtomicInteger calls) {
            this.calls = calls;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            calls.incrementAndGet();
            Jwt jwt = (Jwt) request.getAttribute(Jwt.REQUEST_ATTRIBUTE);
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write("{\"user\":" + quote(request.getRemoteUser())
                    + ",\"principal\":" + quote(request.getUserPrincipal() == null ? null
                            : request.getUserPrincipal().getName())
                    + ",\"authType\":" + quote(request.getAuthType())
                    + ",\"admin\":" + request.isUserInRole("admin")
                    + ",\"user-role\":" + request.isUserInRole("user")
                    + ",\"any-authenticated\":" + request.isUserInRole("**")
                    + ",\"star-role\":" + request.isUserInRole("*")
                    + ",\"jti\":" + quote(jwt == null ? null : jwt.id())
                    + ",\"alg\":" + quote(jwt == null ? null : jwt.algorithm().name()) + "}");
        }

        private static String quote(String value) {
            return value == null ? "null" : "\"" + value.replace("\"", "\\\"") + "\"";
        }
    }
}
