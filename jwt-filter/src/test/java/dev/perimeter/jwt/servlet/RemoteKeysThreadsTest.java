package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.JwksServer;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * What a container's leak check looks for at undeployment (Tomcat's "appears to have started a
 * thread named [HttpClient-1-SelectorManager] but has failed to stop it"): threads started for
 * the application that outlive it, or that hold its class loader. The filter is configured from
 * init-params, as from {@code web.xml}, in a Jetty context with a class loader of its own that
 * stands in for the web application's (Jetty makes it the context class loader of the filter's
 * {@code init()}, as Tomcat does).
 */
class RemoteKeysThreadsTest {

    @Test
    void afterDestroyNoKeyFetchingThreadRemainsAndNoneEverHeldTheApplicationsClassLoader()
            throws Exception {
        ClassLoader application = new URLClassLoader(new URL[0], getClass().getClassLoader());
        // The test's own client works on threads named apart from the filter's.
        ExecutorService clientThreads = Executors.newFixedThreadPool(1, r -> {
            Thread thread = new Thread(r, "test-client");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient client = HttpClient.newBuilder().executor(clientThreads).build();
        try (JwksServer provider = JwksServer.start()) {
            provider.serve("/jwks", TestKeys.jwks(RemoteKeysTest.K1));
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            context.setClassLoader(application);
            context.addServlet(new ServletHolder(new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                    response.setStatus(204);
                }
            }), "/*");
            FilterHolder filter = new FilterHolder(JwtFilter.class);
            filter.setName("perimeter");
            filter.setInitParameters(Map.of("issuer", TestTokens.ISSUER, "audience", TestTokens.AUDIENCE,
                    "jwks", provider.url("/jwks"), "jwks-allow-http-loopback", "true"));
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            server.setHandler(context);
            server.start();
            List<Thread> started;
            try {
                String token = TestTokens.sign(TestTokens.header("RS256", "k1"),
                        TestTokens.claims("alice", Instant.now(), "user"), "SHA256withRSA",
                        TestKeys.RSA.getPrivate());
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + connector.getLocalPort() + "/api/me"))
                        .header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertEquals(204, response.statusCode(), "admitted");
                started = newThreads(before, "perimeter-jwks-", "HttpClient-");
                assertTrue(started.stream().anyMatch(t -> t.getName().startsWith("perimeter-jwks-http-")),
                        "the fetcher's own client threads: " + names(started));
                assertTrue(started.stream().anyMatch(t -> t.getName().startsWith("HttpClient-")),
                        "the client's selector: " + names(started));
                for (Thread thread : started) {
                    assertFalse(thread.getContextClassLoader() == application,
                            thread.getName() + " holds the application's class loader");
                    assertTrue(thread.isDaemon(), thread.getName() + " is no daemon");
                }
            } finally {
                server.stop(); // the filter's destroy()
            }

            for (Thread thread : newThreads(before, "perimeter-jwks-")) {
                thread.join(5000);
            }
            List<Thread> perimeter = alive(newThreads(before, "perimeter-jwks-"));
            assertEquals(List.of(), names(perimeter), "Perimeter's key threads outlived destroy()");

            List<Thread> selectors = alive(newThreads(before, "HttpClient-"));
            for (Thread selector : selectors) {
                assertFalse(selector.getContextClassLoader() == application,
                        selector.getName() + " holds the application's class loader");
            }
            int feature = Runtime.version().feature();
            if (feature >= 21) {
                // HttpClient.shutdownNow() (Java 21) ends the selector too.
                for (Thread selector : selectors) {
                    selector.join(5000);
                }
                assertEquals(List.of(), names(alive(selectors)), "the client's selector on Java " + feature);
            }
            List<String> lingering = names(alive(selectors));
            // Java 17 has no way to close the client: its selector ends once the client is
            // unreachable. Reported, not asserted: that is up to the garbage collector.
            long end = System.nanoTime() + 10_000_000_000L;
            while (!alive(selectors).isEmpty() && System.nanoTime() < end) {
                System.gc();
                Thread.sleep(200);
            }
            System.out.println("[RemoteKeysThreadsTest] Java " + feature + ": right after destroy(), "
                    + lingering + " of the filter's JDK client threads still ran (none holding the"
                    + " application's class loader), " + names(alive(selectors)) + " after up to 10 s"
                    + " with System.gc(); no perimeter-jwks thread outlived destroy()");
        } finally {
            clientThreads.shutdownNow();
        }
    }

    private static List<Thread> newThreads(Set<Thread> before, String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .filter(t -> List.of(prefixes).stream().anyMatch(p -> t.getName().startsWith(p)))
                .collect(Collectors.toList());
    }

    private static List<Thread> alive(List<Thread> threads) {
        return threads.stream().filter(Thread::isAlive).collect(Collectors.toList());
    }

    private static List<String> names(List<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().collect(Collectors.toList());
    }
}
