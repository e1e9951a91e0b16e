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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A real Jetty 12 (ee10) on a free loopback port with the filter in front of one servlet. The
 * servlet counts its calls, so a test can assert that a rejected request never reached it, and
 * answers with what the container's security API says about the caller and the subject of the
 * TLS client certificate it saw. {@link #withTls} adds an HTTPS connector beside the plain one.
 */
public final class JettyHarness implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector httpsConnector;
    private final TestCertificates certificates;
    private final Map<String, HttpClient> httpsClients = new ConcurrentHashMap<>();
    private final AtomicInteger servletCalls = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    private JettyHarness(JwtFilter filter, Map<String, String> initParameters,
            Map<String, String> contextParameters) throws Exception {
        this(filter, initParameters, contextParameters, Map.of(), null);
    }

    private JettyHarness(JwtFilter filter, Map<String, String> initParameters,
            Map<String, String> contextParameters, Map<String, HttpServlet> servlets,
            TestCertificates certificates) throws Exception {
        server = new Server();
        connector = new ServerConnector(server, new HttpConnectionFactory(caseSensitiveHeaders()));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        this.certificates = certificates;
        httpsConnector = certificates == null ? null : httpsConnector(server, certificates);
        if (httpsConnector != null) {
            server.addConnector(httpsConnector);
        }
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
        return new JettyHarness(filter, Map.of(), Map.of(), servlets, null);
    }

    /**
     * Jetty with a filter configured from init-params, on a plain HTTP connector and beside it an
     * HTTPS one: the server certificate of {@code certificates}, client certificates wanted (not
     * needed) and trusted when the CA of {@code certificates} signed them. A request over it
     * carries the client's chain in the servlet attribute
     * {@code jakarta.servlet.request.X509Certificate}.
     */
    public static JettyHarness withTls(Map<String, String> initParameters,
            TestCertificates certificates) throws Exception {
        return new JettyHarness(null, initParameters, Map.of(), Map.of(), certificates);
    }

    private static ServerConnector httpsConnector(Server server, TestCertificates certificates) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(certificates.keyStore(TestCertificates.SERVER));
        tls.setKeyStorePassword(TestCertificates.PASSWORD);
        tls.setKeyManagerPassword(TestCertificates.PASSWORD);
        tls.setTrustStore(certificates.trustStore());
        tls.setWantClientAuth(true);
        HttpConfiguration https = caseSensitiveHeaders();
        https.setSecureScheme("https");
        // SecureRequestCustomizer is what puts the client's chain into the request attribute.
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        return connector;
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

    /** {@code https://127.0.0.1:<port><path>}, on the connector of {@link #withTls}. */
    public URI httpsUri(String path) {
        if (httpsConnector == null) {
            throw new IllegalStateException("no HTTPS connector: start the harness withTls");
        }
        return URI.create("https://127.0.0.1:" + httpsConnector.getLocalPort() + path);
    }

    /**
     * GET {@code path} over HTTPS with {@code Authorization: Bearer token}, the client presenting
     * the certificate of {@code clientAlias} (of {@link TestCertificates}) or none when it is
     * null. One client per alias, so connections are reused as a real client's would be.
     */
    public HttpResponse<String> httpsGetWithBearer(String clientAlias, String path, String token)
            throws Exception {
        HttpClient https = httpsClients.computeIfAbsent(clientAlias == null ? "" : clientAlias,
                alias -> HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .sslContext(certificates.clientContext(clientAlias))
                        .build());
        return https.send(HttpRequest.newBuilder(httpsUri(path)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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
                    + ",\"alg\":" + quote(jwt == null ? null : jwt.algorithm().name())
                    + ",\"clientCertificate\":" + quote(clientCertificate(request)) + "}");
        }

        /** The subject of the TLS client's certificate, the first of its chain, or null. */
        private static String clientCertificate(HttpServletRequest request) {
            Object chain = request.getAttribute("jakarta.servlet.request.X509Certificate");
            return chain instanceof X509Certificate[] && ((X509Certificate[]) chain).length > 0
                    ? ((X509Certificate[]) chain)[0].getSubjectX500Principal().getName() : null;
        }

        private static String quote(String value) {
            return value == null ? "null" : "\"" + value.replace("\"", "\\\"") + "\"";
        }
    }
}
