package dev.perimeter.jwt.servlet;

import static dev.perimeter.jwt.testing.TestTokens.AUDIENCE;
import static dev.perimeter.jwt.testing.TestTokens.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.Jwt;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.internal.Base64Url;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys {@link JwtFilter} configured the ways a WAR configures it, on a real Jetty 12 (ee10):
 * init-params, context-params, system properties, key files inside the WAR and on the class
 * path. A bad configuration must fail the deployment; it must never leave an application serving
 * requests through an unconfigured filter.
 */
class JwtFilterDeploymentTest {

    /** The HS256 secret of {@code src/test/resources/perimeter/jwks-hs256.json}. */
    private static final String CLASSPATH_SECRET = "classpath-jwks-hs256-secret-for-deployment-tests";
    private static final String RSA_PEM = TestKeys.pem(TestKeys.RSA.getPublic());

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> systemProperties = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private final AtomicInteger servletCalls = new AtomicInteger();

    @TempDir
    Path webRoot;

    @AfterEach
    void clearSystemPropertiesAndStopServers() throws Exception {
        // An unknown perimeter.jwt.* property left behind would fail every later filter.
        systemProperties.forEach(System::clearProperty);
        for (Server server : servers) {
            server.stop();
        }
    }

    private void setSystemProperty(String name, String value) {
        systemProperties.add(name);
        System.setProperty(name, value);
    }

    // --- a small deployment: one context, the filter in front of a counting servlet ---

    private ServletContextHandler context(String path, Map<String, String> initParameters,
            Map<String, String> contextParameters) {
        ServletContextHandler context = new ServletContextHandler(path);
        contextParameters.forEach(context::setInitParameter);
        context.addServlet(new ServletHolder(new CountingServlet(servletCalls)), "/*");
        FilterHolder holder = new FilterHolder(JwtFilter.class);
        holder.setName("perimeter");
        holder.setInitParameters(initParameters);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        return context;
    }

    private Server server(ServletContextHandler context) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        servers.add(server);
        return server;
    }

    private static ServerConnector connector(Server server) {
        return (ServerConnector) server.getConnectors()[0];
    }

    private Server started(ServletContextHandler context) throws Exception {
        Server server = server(context);
        server.start();
        return server;
    }

    private HttpResponse<String> get(Server server, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + connector(server).getLocalPort() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> params(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static String rs256Token(String kid) {
        return TestTokens.rs256(TestTokens.header("RS256", kid),
                TestTokens.claims("alice", Instant.now(), "user"));
    }

    /** The ServletException in {@code e}'s cause chain (Jetty may wrap it). */
    private static ServletException servletException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServletException) {
                return (ServletException) t;
            }
        }
        throw new AssertionError("no ServletException in the cause chain of " + e, e);
    }

    /** A good token gets 200 and no token gets 401: the filter is in force. */
    private void assertProtects(Server server, String token) throws Exception {
        HttpResponse<String> ok = get(server, "/api/me", token);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("alice", ok.body());
        HttpResponse<String> none = get(server, "/api/me", null);
        assertEquals(401, none.statusCode(), none.body());
        HttpResponse<String> forged = get(server, "/api/me", token.substring(0, token.length() - 4)
                + (token.endsWith("AAAA") ? "BBBB" : "AAAA"));
        assertEquals(401, forged.statusCode(), forged.body());
        assertEquals(1, servletCalls.get());
    }

    // --- a bad configuration fails the deployment ---

    @Test
    void aMissingIssuerFailsTheDeploymentAndNothingIsServed() {
        ServletContextHandler context = context("/", params("audience", AUDIENCE,
                "public-key", RSA_PEM), Map.of());
        Server server = server(context);
        Exception e = assertThrows(Exception.class, server::start);
        ServletException failure = servletException(e);
        assertTrue(failure.getMessage().contains("'issuer'"), failure.getMessage());
        assertFalse(context.isAvailable());
        assertTrue(context.isFailed());
        // Jetty closes its connector again when a context fails to start: nothing is served.
        assertFalse(connector(server).isOpen());
        assertEquals(0, servletCalls.get());
    }

    @Test
    void aContextThatFailsOnARunningServerAnswersNoRequestThroughTheFilter() throws Exception {
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(contexts);
        servers.add(server);
        server.start();
        // Deployed while the server runs, as a container deploys a WAR.
        ServletContextHandler context = context("/app", params("issuer", ISSUER,
                "audience", AUDIENCE, "public-key", RSA_PEM, "leeway", "abc"), Map.of());
        contexts.addHandler(context);
        Exception e = assertThrows(Exception.class, context::start);
        assertTrue(servletException(e).getMessage().contains("'leeway'"), e.getMessage());
        assertFalse(context.isAvailable());
        for (String path : List.of("/app/api/me", "/app/", "/app")) {
            HttpResponse<String> response = get(server, path, rs256Token(null));
            assertTrue(response.statusCode() >= 400, path + " answered " + response.statusCode());
        }
        assertEquals(0, servletCalls.get());
    }

    @Test
    void anUnknownInitParameterFailsTheDeploymentNamingIt() {
        Server server = server(context("/", params("issuer", ISSUER, "audience", AUDIENCE,
                "public-key", RSA_PEM, "audiance", AUDIENCE), Map.of()));
        ServletException failure = servletException(assertThrows(Exception.class, server::start));
        assertTrue(failure.getMessage().contains("'audiance'"), failure.getMessage());
    }

    @Test
    void anUnknownPrefixedContextParameterFailsTheDeploymentNamingIt() {
        Server server = server(context("/", params("issuer", ISSUER, "audience", AUDIENCE,
                "public-key", RSA_PEM), params("perimeter.jwt.leway", "10")));
        ServletException failure = servletException(assertThrows(Exception.class, server::start));
        assertTrue(failure.getMessage().contains("'perimeter.jwt.leway'"), failure.getMessage());
    }

    @Test
    void anUnknownPrefixedSystemPropertyFailsTheDeploymentNamingIt() {
        setSystemProperty("perimeter.jwt.isuer", ISSUER);
        Server server = server(context("/", params("issuer", ISSUER, "audience", AUDIENCE,
                "public-key", RSA_PEM), Map.of()));
        ServletException failure = servletException(assertThrows(Exception.class, server::start));
        assertTrue(failure.getMessage().contains("'perimeter.jwt.isuer'"), failure.getMessage());
    }

    @Test
    void aRemoteJwksOverPlainHttpFailsTheDeploymentNamingJwks() {
        Server server = server(context("/", params("issuer", ISSUER, "audience", AUDIENCE,
                "jwks", "http://issuer.test/jwks.json"), Map.of()));
        ServletException failure = servletException(assertThrows(Exception.class, server::start));
        assertTrue(failure.getMessage().contains("'jwks'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("must use https"), failure.getMessage());
    }

    @Test
    void aFailedDeploymentLogsTheReasonButNeverTheSecret() {
        String secret = "short-Sup3r-s3cr3t";
        try (LogRecorder log = LogRecorder.of(JwtFilter.class)) {
            Server server = server(context("/", params("issuer", ISSUER, "audience", AUDIENCE,
                    "algorithms", "HS256", "secret", secret), Map.of()));
            ServletException failure = servletException(assertThrows(Exception.class, server::start));
            assertTrue(failure.getMessage().contains("'secret'"), failure.getMessage());
            assertFalse(failure.getMessage().contains("Sup3r"), failure.getMessage());
            List<String> severe = log.messages(Level.SEVERE);
            assertEquals(1, severe.size(), severe.toString());
            assertTrue(severe.get(0).contains("'secret'"), severe.get(0));
            assertFalse(String.join("\n", log.messages()).contains("Sup3r"), log.messages().toString());
        }
    }

    // --- a good configuration from each source ---

    @Test
    void aFilterConfiguredByInitParametersProtectsTheApplication() throws Exception {
        Server server = started(context("/", params("issuer", ISSUER, "audience", AUDIENCE,
                "public-key", RSA_PEM), Map.of()));
        assertProtects(server, rs256Token("k1"));
    }

    @Test
    void aFilterConfiguredByContextParametersProtectsTheApplication() throws Exception {
        Server server = started(context("/", Map.of(), params(
                "perimeter.jwt.issuer", ISSUER,
                "perimeter.jwt.audience", AUDIENCE,
                "perimeter.jwt.public-key", RSA_PEM,
                "unrelated.context.param", "left alone")));
        assertProtects(server, rs256Token(null));
    }

    @Test
    void aFilterConfiguredBySystemPropertiesProtectsTheApplication() throws Exception {
        setSystemProperty("perimeter.jwt.issuer", ISSUER);
        setSystemProperty("perimeter.jwt.audience", AUDIENCE);
        setSystemProperty("perimeter.jwt.public-key", RSA_PEM);
        Server server = started(context("/", Map.of(), Map.of()));
        assertProtects(server, rs256Token(null));
    }

    @Test
    void aSystemPropertyOverridesTheInitParameterOfTheWar() throws Exception {
        setSystemProperty("perimeter.jwt.issuer", ISSUER);
        Server server = started(context("/", params("issuer", "https://not-this-one.test",
                "audience", AUDIENCE, "public-key", RSA_PEM), Map.of()));
        assertProtects(server, rs256Token(null));
    }

    @Test
    void aSecretFromASystemPropertyPlaceholderProtectsTheApplication() throws Exception {
        setSystemProperty("perimeter.test.hmac", TestKeys.SECRET_256);
        Server server = started(context("/", params("issuer", ISSUER, "audience", AUDIENCE,
                "algorithms", "HS256", "secret", "${sys:perimeter.test.hmac}"), Map.of()));
        assertProtects(server, TestTokens.hs256(TestTokens.header("HS256", null),
                TestTokens.claims("alice", Instant.now()), TestKeys.utf8(TestKeys.SECRET_256)));
    }

    @Test
    void aFilterBuiltInCodeProtectsTheApplication() throws Exception {
        JwtFilter filter = new JwtFilter(JwtConfig.builder()
                .issuer(ISSUER).audience(AUDIENCE).publicKey(RSA_PEM).build());
        try (JettyHarness jetty = JettyHarness.withFilter(filter)) {
            String token = rs256Token(null);
            assertEquals(200, jetty.getWithBearer("/x", token).statusCode());
            assertEquals(401, jetty.send(jetty.request("/x").GET().build()).statusCode());
            assertEquals(1, jetty.servletCalls());
        }
    }

    @Test
    void initPublishesItsPerimeterUnderTheFilterNameForTheApplicationToRevokeThrough()
            throws Exception {
        ServletContextHandler context = context("/", params("issuer", ISSUER,
                "audience", AUDIENCE, "public-key", RSA_PEM), Map.of());
        Server server = started(context);
        Object published = context.getServletContext()
                .getAttribute(JwtFilter.PERIMETER_ATTRIBUTE_PREFIX + "perimeter");
        assertTrue(published instanceof Perimeter, String.valueOf(published));
        Perimeter perimeter = (Perimeter) published;
        TokenVerifier verifier = perimeter.verifier();
        assertEquals(Set.of(ISSUER), perimeter.config().issuers());

        String token = rs256Token(null);
        assertEquals(200, get(server, "/api/me", token).statusCode());
        Jwt jwt = verifier.verify(token).jwt();
        perimeter.revocationStore().revokeToken(jwt.id(), jwt.expiresAt());
        HttpResponse<String> revoked = get(server, "/api/me", token);
        assertEquals(401, revoked.statusCode(), revoked.body());

        server.stop();
        assertNull(context.getServletContext()
                .getAttribute(JwtFilter.PERIMETER_ATTRIBUTE_PREFIX + "perimeter"));
    }

    // --- the start-up summary ---

    @Test
    void initLogsTheSummaryOnceAndItHoldsNoKeyMaterial() throws Exception {
        Path jwks = Files.writeString(webRoot.resolve("keys.json"), TestKeys.jwks(
                TestKeys.jwk(TestKeys.RSA_OTHER.getPublic(), "rsa-2", "RS256")));
        try (LogRecorder filterLog = LogRecorder.of(JwtFilter.class);
                LogRecorder configLog = LogRecorder.of(JwtConfig.class)) {
            Server server = started(context("/", params("issuer", ISSUER, "audience", AUDIENCE,
                    "algorithms", "HS256, RS256", "secret", TestKeys.SECRET_256,
                    "public-key", RSA_PEM, "jwks", "file:" + jwks), Map.of()));
            assertEquals(200, get(server, "/x", rs256Token(null)).statusCode());
            List<String> info = filterLog.messages(Level.INFO);
            assertEquals(1, info.size(), info.toString());
            String summary = info.get(0);
            assertTrue(summary.contains("'perimeter'"), summary);
            assertTrue(summary.contains("issuer=[" + ISSUER + "]"), summary);
            assertTrue(summary.contains("HS256 from secret"), summary);
            assertTrue(summary.contains("kid=rsa-2"), summary);
            String everything = String.join("\n", filterLog.messages()) + "\n"
                    + String.join("\n", configLog.messages());
            RSAPublicKey rsa = (RSAPublicKey) TestKeys.RSA.getPublic();
            RSAPublicKey other = (RSAPublicKey) TestKeys.RSA_OTHER.getPublic();
            for (String material : List.of(TestKeys.SECRET_256, "perimeter-test-secret",
                    middle(RSA_PEM.replace("\n", ""), 24), middle(modulus(rsa), 24),
                    middle(modulus(other), 24))) {
                assertFalse(everything.contains(material), "key material logged: " + everything);
            }
        }
    }

    // --- key locations inside the WAR and on the class path ---

    @Test
    void aJwksUnderWebInfIsReadThroughTheServletContext() throws Exception {
        Path webInf = Files.createDirectories(webRoot.resolve("WEB-INF"));
        Files.writeString(webInf.resolve("jwks.json"), TestKeys.jwks(
                TestKeys.jwk(TestKeys.RSA.getPublic(), "web-1", "RS256")));
        ServletContextHandler context = context("/", params("issuer", ISSUER,
                "audience", AUDIENCE, "jwks", "/WEB-INF/jwks.json"), Map.of());
        context.setBaseResourceAsPath(webRoot);
        Server server = started(context);
        assertProtects(server, rs256Token("web-1"));
    }

    @Test
    void aPublicKeyUnderWebInfIsReadThroughTheServletContext() throws Exception {
        Path webInf = Files.createDirectories(webRoot.resolve("WEB-INF/keys"));
        Files.writeString(webInf.resolve("issuer.pem"), RSA_PEM);
        ServletContextHandler context = context("/", params("issuer", ISSUER,
                "audience", AUDIENCE, "public-key", "/WEB-INF/keys/issuer.pem"), Map.of());
        context.setBaseResourceAsPath(webRoot);
        assertProtects(started(context), rs256Token(null));
    }

    @Test
    void aMissingWebInfKeySetFailsTheDeploymentNamingJwks() {
        ServletContextHandler context = context("/", params("issuer", ISSUER,
                "audience", AUDIENCE, "jwks", "/WEB-INF/absent.json"), Map.of());
        context.setBaseResourceAsPath(webRoot);
        Server server = server(context);
        ServletException failure = servletException(assertThrows(Exception.class, server::start));
        assertTrue(failure.getMessage().contains("'jwks'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("/WEB-INF/absent.json"), failure.getMessage());
    }

    @Test
    void aJwksOnTheClassPathIsRead() throws Exception {
        assertNotNull(getClass().getClassLoader().getResource("perimeter/jwks-hs256.json"));
        Server server = started(context("/", params("issuer", ISSUER, "audience", AUDIENCE,
                "algorithms", "HS256", "jwks", "classpath:perimeter/jwks-hs256.json"), Map.of()));
        assertProtects(server, TestTokens.hs256(TestTokens.header("HS256", "classpath-hs"),
                TestTokens.claims("alice", Instant.now()), TestKeys.utf8(CLASSPATH_SECRET)));
    }

    private static String modulus(RSAPublicKey key) {
        byte[] bytes = key.getModulus().toByteArray();
        return Base64Url.encode(bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length)
                : bytes);
    }

    private static String middle(String text, int length) {
        int start = (text.length() - length) / 2;
        return text.substring(start, start + length);
    }

    /** Answers 200 with the remote user; counts its calls. */
    private static final class CountingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient AtomicInteger calls;

        CountingServlet(AtomicInteger calls) {
            this.calls = calls;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            calls.incrementAndGet();
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(String.valueOf(request.getRemoteUser()));
        }
    }
}
