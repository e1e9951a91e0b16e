package dev.perimeter.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.example.launcher.ExampleServer;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The packaged example WAR running on embedded Jetty on a free loopback port, with its own data
 * directory; and an HTTP client for it. The WAR and the launcher jar are the ones this build's
 * package phase made, and the launcher runs in a class loader of its own that holds what
 * {@code java -jar perimeter-example.jar} holds (the jar and its manifest's Class-Path: Jetty),
 * so the tests run what users run, untouched by the test class path.
 *
 * <p>With {@code -Dexample.test.mode=container} (the build's second run of these tests) the WAR
 * runs instead on an embedded Tomcat ({@link TomcatExample}, in a class loader of its own too) in
 * container mode, {@code perimeter.jwt.authentication=container}: the same tests, the other mode.
 */
final class RunningExample implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String WAR_PROPERTY = "example.test.war";
    private static final String LAUNCHER_PROPERTY = "example.test.launcher";
    private static final String MODE_PROPERTY = "example.test.mode";
    private static ClassLoader launcher;
    private static ClassLoader tomcat;

    private final AutoCloseable server;
    private final URI root;
    private final Path dataDirectory;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private RunningExample(AutoCloseable server, URI root, Path dataDirectory) {
        this.server = server;
        this.root = root;
        this.dataDirectory = dataDirectory;
    }

    /** The WAR under test. */
    static Path war() {
        return built(WAR_PROPERTY);
    }

    /** The launcher jar under test. */
    static Path launcherJar() {
        return built(LAUNCHER_PROPERTY);
    }

    private static Path built(String property) {
        String path = System.getProperty(property);
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("nothing built at " + property + ": the webapp tests"
                    + " run in the package phase, after the WAR and the launcher (mvn verify)");
        }
        return Path.of(path);
    }

    /** Whether this run is the container-mode one. */
    static boolean containerMode() {
        return "container".equals(System.getProperty(MODE_PROPERTY, "filter"));
    }

    private static synchronized ClassLoader launcher() throws Exception {
        if (launcher == null) {
            launcher = new URLClassLoader(new URL[] {launcherJar().toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
        }
        return launcher;
    }

    /**
     * What a Tomcat's {@code lib} holds that the example needs (Tomcat's jar, the annotations API)
     * and {@link TomcatExample}'s classes, copied out of the test classes.
     */
    private static URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static synchronized ClassLoader tomcat() throws Exception {
        if (tomcat == null) {
            Path classes = Files.createTempDirectory("perimeter-example-tomcat-runner");
            String name = TomcatExample.class.getName().replace('.', '/');
            Path compiled = Path.of(RunningExample.class.getClassLoader().getResource(name + ".class").toURI());
            Path copies = Files.createDirectories(classes.resolve(name).getParent());
            String simpleName = TomcatExample.class.getSimpleName();
            try (var siblings = Files.list(compiled.getParent())) {
                for (Path file : (Iterable<Path>) siblings::iterator) {
                    String fileName = file.getFileName().toString();
                    if (fileName.equals(simpleName + ".class") || fileName.startsWith(simpleName + "$")) {
                        Files.copy(file, copies.resolve(fileName));
                    }
                }
            }
            tomcat = new URLClassLoader(new URL[] {classes.toUri().toURL(),
                    jarOf(org.apache.catalina.startup.Tomcat.class), jarOf(jakarta.annotation.Resource.class)},
                    ClassLoader.getPlatformClassLoader());
        }
        return tomcat;
    }

    /**
     * Starts the example on {@code dataDirectory} with {@code settings}: example settings by
     * their short names ({@code access-ttl}), filter parameters by their full names
     * ({@code perimeter.jwt.leeway}), all given as context-params.
     *
     * <p>The filter's {@code dpop-url} is this server's own root, {@code http://127.0.0.1:<port>},
     * the URL the tests and their browsers call, unless the settings name an {@code issuer} or a
     * {@code perimeter.jwt.dpop-url} (then the example's default, its issuer, or theirs applies).
     * The example's issuer stays {@code http://localhost:8080}, so the port is chosen here,
     * before the start: a free one, tried again with another if someone took it meanwhile.
     */
    static RunningExample start(Path dataDirectory, Map<String, String> settings) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            try {
                return start(dataDirectory, settings, port);
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw new IllegalStateException("no free port after 3 tries", e);
                }
            }
        }
    }

    private static RunningExample start(Path dataDirectory, Map<String, String> settings, int port)
            throws Exception {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(ExampleSettings.PROPERTY_PREFIX + ExampleSettings.DATA_DIR, dataDirectory.toString());
        if (!settings.containsKey(ExampleSettings.ISSUER) && !settings.containsKey(DPOP_URL)) {
            parameters.put(DPOP_URL, "http://127.0.0.1:" + port);
        }
        settings.forEach((name, value) -> parameters.put(name.startsWith("perimeter.") ? name
                : ExampleSettings.PROPERTY_PREFIX + name, value));
        Class<?> type;
        if (containerMode()) {
            parameters.putIfAbsent("perimeter.jwt.authentication", "container");
            type = Class.forName(TomcatExample.class.getName(), true, tomcat());
        } else {
            type = Class.forName(ExampleServer.class.getName(), true, launcher());
        }
        Object server;
        try {
            server = type.getMethod("start", Path.class, String.class, int.class, Map.class)
                    .invoke(null, war(), "127.0.0.1", port, parameters);
        } catch (InvocationTargetException e) {
            if (bindFailed(e.getCause())) {
                throw new PortTaken(e.getCause());
            }
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
        URI root = (URI) type.getMethod("uri").invoke(server);
        if (root.getPort() != port) {
            ((AutoCloseable) server).close();
            throw new PortTaken(new IllegalStateException("listening on " + root + ", not " + port));
        }
        return new RunningExample((AutoCloseable) server, root, dataDirectory);
    }

    /** The filter parameter of the external base URL that DPoP proofs name. */
    static final String DPOP_URL = "perimeter.jwt.dpop-url";

    /** A loopback port that was free a moment ago. */
    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static boolean bindFailed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof java.net.BindException) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The chosen port was taken between the choice and the start. */
    private static final class PortTaken extends Exception {
        private static final long serialVersionUID = 1L;

        PortTaken(Throwable cause) {
            super(cause);
        }
    }

    static RunningExample start(Path dataDirectory) throws Exception {
        return start(dataDirectory, Map.of());
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    URI uri(String path) {
        return root.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = request(path).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    HttpResponse<String> postJson(String path, String json, String bearer) throws Exception {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    HttpResponse<String> postForm(String path, Map<String, String> form, String bearer) throws Exception {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    HttpResponse<String> post(String path, String bearer) throws Exception {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    /** Logs in with JSON and returns the pair, failing the test unless the answer is 200. */
    Pair login(String username, String password) throws Exception {
        HttpResponse<String> response = postJson("/auth/login", "{\"username\":\"" + username
                + "\",\"password\":\"" + password + "\"}", null);
        if (response.statusCode() != 200) {
            throw new AssertionError("login of " + username + ": " + response.statusCode() + " "
                    + response.body());
        }
        JsonNode body = json(response);
        return new Pair(body.get("access_token").asText(), body.get("refresh_token").asText());
    }

    /** Refreshes with JSON. */
    HttpResponse<String> refresh(String refreshToken) throws Exception {
        return postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}", null);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The {@code Set-Cookie} headers of a response, by cookie name. */
    static Map<String, String> setCookies(HttpResponse<?> response) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            cookies.put(header.substring(0, header.indexOf('=')), header);
        }
        return cookies;
    }

    /** The value part of a {@code Set-Cookie} header. */
    static String cookieValue(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        return pair.substring(pair.indexOf('=') + 1);
    }

    /** A {@code Cookie} request header from {@code name=value} pairs. */
    static String cookieHeader(List<String> pairs) {
        return String.join("; ", pairs);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An access token and its refresh token. */
    record Pair(String access, String refresh) {
    }
}
