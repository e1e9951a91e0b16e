package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.perimeter.example.keys.Jwk;
import dev.perimeter.example.keys.SigningAlgorithm;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example beside an identity provider, as an operator sets it up with Keycloak: the
 * example's issuer and a realm's, discovery on, roles from {@code groups,realm_access.roles}.
 * The realm stands in as the JDK's HTTP server on 127.0.0.1 (discovery document and key set,
 * {@code Cache-Control: no-cache}); the example's own issuer is an address on the same server, so
 * that a discovery request for it would be seen. The example's keys vouch for its own issuer
 * only; the hint its start-up failure gives, and the sample in docs/example.md, work as pasted.
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleIssuerKeysTest {

    private static final String EXAMPLE_KID = "example-1";
    private static final String REALM_KID = "realm-1";
    private static final KeyPair EXAMPLE_KEY = SigningAlgorithm.RS256.generate();
    private static final KeyPair REALM_KEY = SigningAlgorithm.RS256.generate();

    @TempDir
    Path data;
    private HttpServer idp;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private String appIssuer;
    private String realmIssuer;

    @BeforeEach
    void startIdentityProvider() throws Exception {
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + idp.getAddress().getPort();
        appIssuer = base + "/app";
        realmIssuer = base + "/realms/demo";
        String discovery = RunningExample.JSON.writeValueAsString(Map.of("issuer", realmIssuer,
                "jwks_uri", realmIssuer + "/protocol/openid-connect/certs"));
        String jwks = RunningExample.JSON.writeValueAsString(Map.of("keys",
                List.of(Jwk.of(REALM_KEY.getPublic(), REALM_KID, SigningAlgorithm.RS256))));
        String appDiscovery = RunningExample.JSON.writeValueAsString(Map.of("issuer", appIssuer,
                "jwks_uri", appIssuer + "/.well-known/jwks.json"));
        idp.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String body = path.equals("/realms/demo/.well-known/openid-configuration") ? discovery
                    : path.equals("/realms/demo/protocol/openid-connect/certs") ? jwks
                    : path.equals("/app/.well-known/openid-configuration") ? appDiscovery : null;
            byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        idp.start();
    }

    @AfterEach
    void stopIdentityProvider() {
        idp.stop(0);
    }

    private int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /** The example's settings with its own signing key and issuer (on the stand-in's address). */
    private Map<String, String> exampleSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("issuer", appIssuer);
        settings.put("signing-key", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(EXAMPLE_KEY.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        settings.put("signing-kid", EXAMPLE_KID);
        settings.put("perimeter.jwt.jwks-allow-http-loopback", "true");
        return settings;
    }

    /** As the README suggests for Keycloak: both issuers, discovery, roles from both claims. */
    private Map<String, String> withRealm() {
        Map<String, String> settings = exampleSettings();
        settings.put("perimeter.jwt.issuer", appIssuer + "," + realmIssuer);
        settings.put("perimeter.jwt.oidc-discovery", "true");
        settings.put("perimeter.jwt.roles-claim", "groups,realm_access.roles");
        return settings;
    }

    private static String token(KeyPair key, String kid, String issuer, String subject,
            Map<String, Object> roles) {
        Instant now = Instant.now();
        com.auth0.jwt.JWTCreator.Builder builder = JWT.create().withKeyId(kid).withIssuer(issuer)
                .withAudience("perimeter-example").withSubject(subject).withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(120)).withJWTId(subject + "-" + System.nanoTime());
        roles.forEach((claim, value) -> {
            if (value instanceof List) {
                builder.withClaim(claim, (List<?>) value);
            } else {
                builder.withClaim(claim, (Map<String, ?>) value);
            }
        });
        return builder.sign(Algorithm.RSA256((RSAPublicKey) key.getPublic(), (RSAPrivateKey) key.getPrivate()));
    }

    @Test
    void theExamplesKeysVouchForItsIssuerOnlyAndItsIssuerIsNeverDiscovered() throws Exception {
        try (RunningExample app = RunningExample.start(data, withRealm())) {
            // Signed with the example's own key, claiming the realm, a realm user and [admin].
            String forged = token(EXAMPLE_KEY, EXAMPLE_KID, realmIssuer, "kc-user",
                    Map.of("groups", List.of("admin")));
            HttpResponse<String> refused = app.get("/api/admin/ping", forged);
            assertEquals(401, refused.statusCode(), refused.body());

            String admin = app.login("admin", "admin-password").access();
            assertEquals(200, app.get("/api/admin/ping", admin).statusCode());
            String realmAdmin = token(REALM_KEY, REALM_KID, realmIssuer, "kc-admin",
                    Map.of("realm_access", Map.of("roles", List.of("admin"))));
            assertEquals(200, app.get("/api/admin/ping", realmAdmin).statusCode());
            // The realm's key vouches for the realm only, too.
            assertEquals(401, app.get("/api/me", token(REALM_KEY, REALM_KID, appIssuer, "alice",
                    Map.of("groups", List.of("admin")))).statusCode());

            assertEquals(0, requests("/app/.well-known/openid-configuration"),
                    "no discovery of the example's own issuer");
            assertTrue(requests("/realms/demo/.well-known/openid-configuration") >= 1);
            JsonNode health = RunningExample.json(app.get("/health", null));
            assertEquals("UP", health.get("status").asText(), health.toString());
            assertEquals(0, health.get("keys").get("issuersWithoutKeys").size(), health.toString());
        }
    }

    @Test
    void theHintOfAJwksSystemPropertyWithoutTheExamplesKeysWorksAsPasted() throws Exception {
        String property = "perimeter.jwt.jwks";
        System.setProperty(property, realmIssuer + "/protocol/openid-connect/certs");
        try {
            Exception failure = assertThrows(Exception.class,
                    () -> RunningExample.start(data, withRealm()).close());
            String message = ExampleFilterSettingsTest.messages(failure);
            assertTrue(message.contains("'" + property + "'"), message);
            Matcher hint = Pattern.compile("use: \"([^\"]+)\"").matcher(message);
            assertTrue(hint.find(), message);

            System.setProperty(property, hint.group(1));
            try (RunningExample app = RunningExample.start(data, withRealm())) {
                assertEquals(200, app.get("/api/admin/ping", app.login("admin", "admin-password")
                        .access()).statusCode());
                assertEquals(200, app.get("/api/me", token(REALM_KEY, REALM_KID, realmIssuer,
                        "kc-user", Map.of("groups", List.of("user")))).statusCode());
                assertEquals(401, app.get("/api/me", token(EXAMPLE_KEY, EXAMPLE_KID, realmIssuer,
                        "kc-user", Map.of("groups", List.of("admin")))).statusCode());
            }
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void theSampleOfDocsExampleMdWorksAsPasted() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "example.md"), StandardCharsets.UTF_8);
        int marker = docs.indexOf("<!-- sample: jwks system property -->");
        assertTrue(marker > 0, "the sample in docs/example.md");
        int start = docs.indexOf("```sh\n", marker) + "```sh\n".length();
        String block = docs.substring(start, docs.indexOf("```", start));
        Map<String, String> properties = new LinkedHashMap<>();
        for (Matcher option = Pattern.compile("-D(perimeter\\.jwt\\.[a-z-]+)=(\\S+)").matcher(block);
                option.find(); ) {
            properties.put(option.group(1), option.group(2)
                    .replace("http://localhost:8080", appIssuer)
                    .replace("/srv/example/data", data.toString())
                    .replace("https://sso.example.com/realms/a", realmIssuer));
        }
        assertEquals(List.of("perimeter.jwt.issuer", "perimeter.jwt.jwks"), List.copyOf(properties.keySet()));
        properties.forEach(System::setProperty);
        try (RunningExample app = RunningExample.start(data, exampleSettings())) {
            assertEquals(200, app.get("/api/admin/ping", app.login("admin", "admin-password")
                    .access()).statusCode());
            assertEquals(200, app.get("/api/me", token(REALM_KEY, REALM_KID, realmIssuer,
                    "kc-user", Map.of("groups", List.of("user")))).statusCode());
            assertEquals(401, app.get("/api/admin/ping", token(EXAMPLE_KEY, EXAMPLE_KID, realmIssuer,
                    "kc-user", Map.of("groups", List.of("admin")))).statusCode());
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void aRolesClaimThatLeavesOutGroupsIsWarnedAndOneThatKeepsItIsNot() throws Exception {
        Map<String, String> dropping = withRealm();
        dropping.put("perimeter.jwt.roles-claim", "realm_access.roles");
        try (LogLines logs = LogLines.record(); RunningExample app = RunningExample.start(data, dropping)) {
            List<String> warnings = logs.containing("leaves out 'groups'");
            assertEquals(1, warnings.size(), logs.lines().toString());
            assertTrue(warnings.get(0).startsWith("WARNING") && warnings.get(0)
                    .contains("use 'groups,realm_access.roles'"), warnings.get(0));
            // As warned: the example's admin has no role now.
            assertEquals(403, app.get("/api/admin/ping", app.login("admin", "admin-password")
                    .access()).statusCode());
        }
        try (LogLines logs = LogLines.record(); RunningExample app = RunningExample.start(data, withRealm())) {
            assertEquals(List.of(), logs.containing("leaves out 'groups'"));
        }
    }
}
