package dev.perimeter.it.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Keycloak (the Quarkus distribution unpacked at {@code home}) in its own process on the
 * Temurin JDK, in production mode as operators run it ({@code bin/kc.sh start}), except for an
 * in-memory database ({@code --db=dev-mem}, a build option: the first start after unpacking
 * rebuilds the distribution, which takes about 20 s more) and a local cache of one node
 * ({@code --cache=local}, no cluster discovery on the network). HTTPS only (production mode
 * has plain HTTP off), on a free port of 127.0.0.1, with a {@link LoopbackCertificate} of its
 * own, and {@code --hostname} so that a realm's issuer is
 * {@code https://127.0.0.1:<port>/realms/<realm>}.
 *
 * <p>The bootstrap administrator ({@code KC_BOOTSTRAP_ADMIN_USERNAME} and
 * {@code KC_BOOTSTRAP_ADMIN_PASSWORD}, a new password each start) is logged in with
 * {@link #admin() kcadm.sh}. Everything lands in {@code directory}: the certificate files,
 * {@code console.log} and {@code kcadm.log}. Ready when the master realm's discovery document
 * answers 200; always stopped, with every process it started, by {@link #close()} or the JVM's
 * shutdown.
 */
public final class KeycloakNode implements AutoCloseable {

    /** Bounds the wait for the first 200: a start here takes 25 to 50 s, a first one 20 s more. */
    public static final Duration READY_LIMIT = Duration.ofMinutes(2);
    /** The bootstrap administrator's name. */
    public static final String ADMIN = "admin";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI root;
    private final Path directory;
    private final LoopbackCertificate certificate;
    private final ContainerProcess process;
    private final HttpClient client;
    private final Kcadm admin;
    private final Duration startup;

    private KeycloakNode(String name, URI root, Path directory, LoopbackCertificate certificate,
            ContainerProcess process, HttpClient client, Kcadm admin, Duration startup) {
        this.name = name;
        this.root = root;
        this.directory = directory;
        this.certificate = certificate;
        this.process = process;
        this.client = client;
        this.admin = admin;
        this.startup = startup;
    }

    /**
     * Starts the Keycloak at {@code home} with its files in {@code directory} (emptied first),
     * waits until it is ready and logs {@code kcadm.sh} in as the bootstrap administrator.
     *
     * @throws IllegalStateException when it is not ready within {@link #READY_LIMIT}; the
     *         process is stopped then
     */
    public static KeycloakNode start(Path home, Path directory) {
        Path java = TemurinJdk.home();
        Path base = NodeDirectories.fresh(directory);
        LoopbackCertificate certificate = LoopbackCertificate.generate(base);
        int httpsPort = LoopbackPorts.free();
        String adminPassword = Passwords.random();
        URI root = URI.create("https://" + LoopbackPorts.LOOPBACK + ":" + httpsPort + "/");

        Map<String, String> env = new LinkedHashMap<>();
        // Only what is given here: nothing of the test JVM's own settings leaks in.
        for (String inherited : List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
                "JAVA_OPTS_KC_HEAP")) {
            env.put(inherited, null);
        }
        System.getenv().keySet().stream().filter(key -> key.startsWith("KC_"))
                .forEach(key -> env.put(key, null));
        env.put("JAVA_HOME", java.toString());
        // Quarkus's threads reset their locals through java.lang on Java 24+; without this,
        // every stop prints an IllegalAccessError.
        env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        env.put("KC_HTTPS_KEY_STORE_PASSWORD", certificate.keyStorePassword());

        List<String> command = List.of("sh", home.resolve("bin/kc.sh").toString(), "start",
                "--db=dev-mem",
                "--cache=local",
                "--http-host=" + LoopbackPorts.LOOPBACK,
                "--https-port=" + httpsPort,
                "--hostname=" + root.toString().replaceAll("/$", ""),
                "--https-key-store-file=" + certificate.keyStore());
        String name = "keycloak-" + home.getFileName().toString().replace("keycloak-", "");
        ContainerProcess process = ContainerProcess.start(name, command, base, env,
                base.resolve("console.log"));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(certificate.trustingContext())
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        Duration startup = process.awaitReady(
                root.resolve("realms/master/.well-known/openid-configuration"), client, READY_LIMIT);
        Kcadm admin = new Kcadm(home, base);
        try {
            admin.run("config", "truststore", "--trustpass", certificate.trustStorePassword(),
                    certificate.trustStore().toString());
            admin.run("config", "credentials", "--server", root.toString().replaceAll("/$", ""),
                    "--realm", "master", "--user", ADMIN, "--password", adminPassword);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new KeycloakNode(name, root, base, certificate, process, client, admin, startup);
    }

    /** {@code keycloak-26.4.7}, for summaries. */
    public String name() {
        return name;
    }

    /** {@code https://127.0.0.1:<port>/}. */
    public URI root() {
        return root;
    }

    /** {@code https://127.0.0.1:<port>/realms/<realm>}: the {@code iss} of the realm's tokens. */
    public String issuer(String realm) {
        return root + "realms/" + realm;
    }

    /** The certificate Keycloak serves; its trust store is what a client must trust. */
    public LoopbackCertificate certificate() {
        return certificate;
    }

    /** {@code kcadm.sh}, logged in as the bootstrap administrator of the master realm. */
    public Kcadm admin() {
        return admin;
    }

    /** This node's files and logs. */
    public Path directory() {
        return directory;
    }

    /** From the start to the master realm's first 200. */
    public Duration startup() {
        return startup;
    }

    /** The tail of Keycloak's console log, for failure messages. */
    public String logTail() {
        return process.logTail();
    }

    /**
     * An access token of {@code username} in {@code realm}, by the password grant (direct
     * access grant) of the public client {@code clientId}, as
     * {@code POST <issuer>/protocol/openid-connect/token}.
     */
    public String passwordGrant(String realm, String clientId, String username, String password) {
        return tokenAnswer(realm, clientId, username, password, null).get("access_token").asText();
    }

    /** The token endpoint of {@code realm}, as a DPoP proof's {@code htu} names it. */
    public String tokenEndpoint(String realm) {
        return issuer(realm) + "/protocol/openid-connect/token";
    }

    /**
     * The whole answer of a password grant, sent with the DPoP proof {@code dpopProof} (null:
     * none), as Keycloak's token endpoint gives it ({@code token_type} DPoP for a bound token).
     */
    public JsonNode tokenAnswer(String realm, String clientId, String username, String password,
            String dpopProof) {
        String form = Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tokenEndpoint(realm)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (dpopProof != null) {
            request.header("DPoP", dpopProof);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("password grant of " + username + " in " + realm
                        + ": " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("token request to " + root + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops Keycloak and everything it started; see {@link ContainerProcess#close()}. */
    @Override
    public void close() {
        process.close();
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return name + " at " + root + " (" + directory + ")";
    }
}
