package dev.perimeter.bench;

import dev.perimeter.jwt.authentication.ContainerAuthentication;
import dev.perimeter.jwt.servlet.JwtFilter;
import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * The HTTP load run of both authentication modes: one embedded Tomcat 10.1 on loopback serves
 * HttpLoad's tiny endpoint in three applications, {@code /plain} without Perimeter,
 * {@code /filter} behind {@code JwtFilter} (filter mode) and {@code /container} authenticated by
 * the container through jwt-authentication's module (container mode, {@code <security-constraint>}
 * with role {@code **} on {@code /*}). Both modes read the same context-params (HttpLoad's
 * configuration: the token's algorithm, cache on, 100,000 revoked ids), and HttpLoad's generator
 * sends the same token to each in turns; bounded in time and requests, nothing leaves 127.0.0.1.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.perimeter.bench.ModesLoad [--alg=RS256]
 * [--connections=8] [--warmup=5] [--seconds=15] [--rounds=3] [--max-requests=3000000]}
 */
public final class ModesLoad {

    static final String FILTER_NAME = "perimeter";

    /** The figures of each application, and what each guarded one answered without a token. */
    public static final class Run {
        public final List<HttpLoad.Result> results;
        /** Status without a token, by application path ({@code /filter}, {@code /container}). */
        public final Map<String, Integer> withoutToken;

        Run(List<HttpLoad.Result> results, Map<String, Integer> withoutToken) {
            this.results = results;
            this.withoutToken = withoutToken;
        }
    }

    private ModesLoad() {
    }

    public static void main(String[] args) throws Exception {
        HttpLoad.Options options = HttpLoad.Options.parse(args);
        System.out.printf(Locale.ROOT, "HTTP load on Tomcat %s, filter and container mode: %s"
                + " token, %d connections, %.0f s warm-up and %.0f s per phase in %d turns (at most"
                + " %d requests per turn), loopback%n",
                org.apache.catalina.util.ServerInfo.getServerNumber(), options.algorithm,
                options.connections, options.warmupSeconds, options.seconds, options.rounds,
                options.maxRequests);
        Run run = run(options);
        HttpLoad.print(run.results);
        run.withoutToken.forEach((path, status) ->
                System.out.println("without a token, " + path + "/hello answered " + status));
    }

    /** Starts Tomcat with the three applications, loads them in turns, stops it. */
    public static Run run(HttpLoad.Options options) throws Exception {
        Fixtures fixtures = Fixtures.of(options.algorithm);
        Map<String, String> parameters = Contenders.perimeterParameters(fixtures, 10_000, "jdk");
        Path baseDir = Files.createTempDirectory("perimeter-modes");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");
        // Tomcat closes a keep-alive connection after 100 requests by default; Jetty never does.
        connector.setProperty("maxKeepAliveRequests", "-1");
        try {
            deploy(tomcat, application("/plain", Map.of()));
            deploy(tomcat, filterMode(parameters));
            deploy(tomcat, containerMode(parameters));
            tomcat.start();
            int port = connector.getLocalPort();
            Map<String, Integer> withoutToken = new LinkedHashMap<>();
            for (String path : new String[] {"/filter", "/container"}) {
                withoutToken.put(path, statusWithoutToken(port, path + "/hello"));
            }
            String[][] phases = {
                {"unfiltered (/plain)", "/plain/hello"},
                {"filter mode, cache on (/filter)", "/filter/hello"},
                {"container mode, cache on (/container)", "/container/hello"},
            };
            return new Run(HttpLoad.measure(port, phases, fixtures.token, options), withoutToken);
        } finally {
            tomcat.stop();
            tomcat.destroy();
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /** An application serving HttpLoad's endpoint on {@code /*}, with {@code perimeter.jwt.*} context-params. */
    private static Context application(String path, Map<String, String> parameters) {
        Context context = new StandardContext();
        context.setName(path);
        context.setPath(path);
        context.addLifecycleListener(new Tomcat.FixContextListener());
        parameters.forEach((name, value) -> context.addParameter("perimeter.jwt." + name, value));
        Tomcat.addServlet(context, "hello", new HttpLoad.HelloServlet());
        context.addServletMappingDecoded("/*", "hello");
        return context;
    }

    /** {@code JwtFilter} on {@code /*}, declared by class as in web.xml. */
    private static Context filterMode(Map<String, String> parameters) {
        Context context = application("/filter", parameters);
        FilterDef filter = new FilterDef();
        filter.setFilterName(FILTER_NAME);
        filter.setFilterClass(JwtFilter.class.getName());
        context.addFilterDef(filter);
        FilterMap map = new FilterMap();
        map.setFilterName(FILTER_NAME);
        map.addURLPatternDecoded("/*");
        context.addFilterMap(map);
        return context;
    }

    /**
     * The container-mode switch, and the initializers found in {@code META-INF/services} as the
     * container finds them (the embedded Tomcat's {@code FixContextListener} does not look):
     * jwt-authentication's {@link ContainerAuthentication} registers the module.
     */
    private static Context containerMode(Map<String, String> parameters) {
        Context context = application("/container", parameters);
        context.addParameter("perimeter.jwt.authentication", "container");
        boolean found = false;
        for (ServletContainerInitializer initializer : ServiceLoader.load(
                ServletContainerInitializer.class, ModesLoad.class.getClassLoader())) {
            context.addServletContainerInitializer(initializer, null);
            found |= initializer instanceof ContainerAuthentication;
        }
        if (!found) {
            throw new IllegalStateException("no ContainerAuthentication in META-INF/services"
                    + "/jakarta.servlet.ServletContainerInitializer on the class path");
        }
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("**"); // any authenticated caller
        SecurityCollection collection = new SecurityCollection();
        collection.addPatternDecoded("/*");
        constraint.addCollection(collection);
        context.addConstraint(constraint);
        return context;
    }

    private static void deploy(Tomcat tomcat, Context context) {
        tomcat.getHost().addChild(context);
    }

    private static int statusWithoutToken(int port, String path)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
