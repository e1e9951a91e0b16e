package dev.perimeter.example.launcher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The example WAR on an embedded Jetty 12 (ee10), as a servlet container runs it: its
 * {@code web.xml}, its libraries, and its {@code ServletContainerInitializer}s (Weld's and
 * Jersey's), found by Jetty's annotation support. Used by {@link Main} and by the tests.
 */
public final class ExampleServer implements AutoCloseable {

    /** Only the WAR's own classes are scanned for annotations; its libraries are not. */
    private static final String SCANNED_JARS = "org.eclipse.jetty.server.webapp.WebInfIncludeJarPattern";

    private final Server server;
    private final ServerConnector connector;
    private final String host;

    private ExampleServer(Server server, ServerConnector connector, String host) {
        this.server = server;
        this.connector = connector;
        this.host = host;
    }

    /**
     * Starts {@code war} at the root context, listening on {@code host}:{@code port} (0: a free
     * port), with {@code contextParameters} as context-params (settings such as
     * {@code perimeter.example.data-dir}, which system properties and the environment outrank).
     *
     * @throws Exception when Jetty or the application fails to start; nothing keeps running then
     */
    public static ExampleServer start(Path war, String host, int port,
            Map<String, String> contextParameters) throws Exception {
        if (!Files.isRegularFile(war)) {
            throw new IllegalArgumentException("no WAR at " + war);
        }
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Jetty's header cache matches values ignoring case by default, and then hands the
        // application the value it cached from an earlier request on the connection: a token
        // with one letter in another case would reach the filter as the earlier, valid one.
        http.setHeaderCacheCaseSensitive(true);
        // And it stores every new Authorization value it sees: under a flood of distinct forged
        // tokens that costs Jetty more than the filter spends refusing them (docs/security.md).
        http.setHeaderCacheSize(0);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toString());
        // The WAR sees the launcher's classes (Jetty, the Servlet API) and its own, whoever
        // starts it; by default its parent would be the caller's thread's class loader.
        webapp.setClassLoader(new WebAppClassLoader(ExampleServer.class.getClassLoader(), webapp));
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setAttribute(SCANNED_JARS, "^$");
        webapp.setInitParameter("org.eclipse.jetty.servlet.Default.dirAllowed", "false");
        contextParameters.forEach(webapp::setInitParameter);
        server.setHandler(webapp);
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new ExampleServer(server, connector, host);
    }

    /** The port it listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The application's root URL, such as {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + address + ":" + port() + "/");
    }

    /** Stops on JVM shutdown (Ctrl-C) too. */
    public void stopAtShutdown() {
        server.setStopAtShutdown(true);
    }

    /** Waits until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops Jetty and the application. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        }
    }
}
