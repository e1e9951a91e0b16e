package dev.perimeter.it;

import static dev.perimeter.it.support.ExampleClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.it.containers.KeycloakNode;
import dev.perimeter.it.containers.TomcatNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.ContainerUnderTest;
import dev.perimeter.it.support.ExampleClient;
import dev.perimeter.it.support.ExampleRealm;
import dev.perimeter.it.support.LogLines;
import dev.perimeter.it.support.Scenario;
import dev.perimeter.it.support.ScenarioSummary;
import dev.perimeter.it.support.SigningKeyFiles;
import dev.perimeter.it.support.SummaryLog;
import dev.perimeter.jwt.testing.DpopProofs;
import dev.perimeter.jwt.testing.TestKeys;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example on Tomcat 11 trusting a real Keycloak 26 realm beside its own issuer, configured
 * as the README's "Using an identity provider" shows, with Tomcat {@code <Parameter>}s in
 * {@code conf/context.xml}: both issuers, {@code oidc-discovery=true} (the example's own issuer
 * has its keys and is not discovered), roles from {@code groups, realm_access.roles}, and a
 * {@code jwks-trust-store} that holds Keycloak's certificate only (not the JVM's CA list), its
 * password from an environment variable ({@code ${env:…}}).
 * Keycloak serves HTTPS on 127.0.0.1 with a certificate made for the test, and its key set says
 * {@code Cache-Control: no-cache}. Every other setting is the default, {@code jwks-min-refetch}
 * included.
 *
 * <p>The steps share one Keycloak and one Tomcat and run in order: tokens and realm roles, the
 * example's own login beside them, a second realm refused, a rotated realm key admitted on its
 * first token, a token signed by the example's key that claims Keycloak's issuer refused, a
 * DPoP-bound Keycloak token admitted only with a proof of its key, and Keycloak stopped while
 * the cached keys keep working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ScenarioSummary.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KeycloakExampleIT implements ContainerUnderTest {

    /** The example's own issuer. */
    static final String ISSUER = "http://perimeter-example.test";
    /** The Keycloak realm the example trusts; its client is named after the example's audience. */
    static final String REALM = "perimeter";
    static final String OTHER_REALM = "other";
    static final String SIGNING_KID = "srcit-keycloak";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakNode keycloak;
    private TomcatNode tomcat;
    private ExampleClient app;
    private ExampleRealm realm;
    private RSAPrivateKey exampleKey;
    private String adminId;
    private String userId;
    /** Tokens admitted before Keycloak stopped, which must stay admitted after. */
    private final List<String> admitted = new ArrayList<>();

    @Override
    public String containerName() {
        return TomcatNode.versionName(Built.tomcat11()) + "-keycloak";
    }

    @BeforeAll
    void start() {
        long began = System.nanoTime();
        keycloak = KeycloakNode.start(Built.keycloak(), Built.containers().resolve("keycloak"));
        SummaryLog.figure(keycloak.name(), "start", keycloak.startup());

        long configuring = System.nanoTime();
        realm = ExampleRealm.create(keycloak.admin(), REALM);
        adminId = realm.addUser("kc-admin", "kc-admin-password", true);
        userId = realm.addUser("kc-user", "kc-user-password", false);
        ExampleRealm.create(keycloak.admin(), OTHER_REALM).addUser("kc-other", "kc-other-password", true);
        SummaryLog.figure(keycloak.name(), "kcadm-setup", since(configuring));

        Path directory = Built.containers().resolve(containerName());
        Path signingKey = SigningKeyFiles.writeRsa(Built.containers().resolve("keys/keycloak-signing-key.pem"));
        exampleKey = SigningKeyFiles.readRsa(signingKey);
        tomcat = TomcatNode.builder(Built.tomcat11(), Built.war(), directory)
                .systemProperty("perimeter.example.data-dir", directory.resolve("data").toString())
                .systemProperty("perimeter.example.issuer", ISSUER)
                .environment("PERIMETER_EXAMPLE_SIGNING_KEY", "file:" + signingKey)
                .environment("PERIMETER_EXAMPLE_SIGNING_KID", SIGNING_KID)
                .contextParameter("perimeter.jwt.issuer", ISSUER + ", " + keycloak.issuer(REALM))
                .contextParameter("perimeter.jwt.oidc-discovery", "true")
                .contextParameter("perimeter.jwt.roles-claim", "groups, realm_access.roles")
                .contextParameter("perimeter.jwt.jwks-trust-store", "file:" + keycloak.certificate().trustStore())
                .contextParameter("perimeter.jwt.jwks-trust-store-password", "${env:KEYCLOAK_TRUST_STORE_PASSWORD}")
                .environment("KEYCLOAK_TRUST_STORE_PASSWORD", keycloak.certificate().trustStorePassword())
                .start();
        SummaryLog.figure(containerName(), "start", tomcat.startup());
        SummaryLog.figure(containerName(), "setup", since(began));
        app = new ExampleClient(tomcat.root());
    }

    @AfterAll
    void stop() {
        try {
            if (tomcat != null) {
                tomcat.close();
            }
        } finally {
            if (keycloak != null) {
                keycloak.close();
            }
        }
    }

    @Test
    @Order(1)
    @Scenario("keycloak-token-and-roles")
    void aKeycloakTokenIsAdmittedAndItsRealmRoleOpensTheAdminPing() {
        String admin = keycloak.passwordGrant(REALM, ExampleRealm.CLIENT, "kc-admin", "kc-admin-password");
        HttpResponse<String> me = app.get("/api/me", admin);
        assertEquals(200, me.statusCode(), me.body());
        JsonNode body = json(me);
        assertEquals(adminId, body.get("sub").asText());
        assertEquals(keycloak.issuer(REALM), body.get("iss").asText());
        List<String> roles = new ArrayList<>();
        body.get("roles").forEach(role -> roles.add(role.asText()));
        assertTrue(roles.contains(ExampleRealm.ADMIN_ROLE) && roles.contains(ExampleRealm.GROUP),
                "the realm role from realm_access.roles and the group from groups: " + roles);
        HttpResponse<String> ping = app.get("/api/admin/ping", admin);
        assertEquals(200, ping.statusCode(), ping.body());
        assertEquals("{\"pong\":true,\"sub\":\"" + adminId + "\"}", ping.body());

        String user = keycloak.passwordGrant(REALM, ExampleRealm.CLIENT, "kc-user", "kc-user-password");
        assertEquals(200, app.get("/api/me", user).statusCode());
        HttpResponse<String> refused = app.get("/api/admin/ping", user);
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("insufficient_scope", json(refused).get("error").asText());
        admitted.add(admin);
        admitted.add(user);
    }

    @Test
    @Order(2)
    @Scenario("own-login-beside")
    void theExamplesOwnLoginStillWorksAndHealthIsUp() {
        String alice = app.login("alice", "alice-password").access();
        HttpResponse<String> me = app.get("/api/me", alice);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(ISSUER, json(me).get("iss").asText());
        assertEquals(403, app.get("/api/admin/ping", alice).statusCode());
        assertEquals(200, app.get("/api/admin/ping", app.login("admin", "admin-password").access()).statusCode());

        HttpResponse<String> health = app.get("/health", null);
        JsonNode keys = json(health).get("keys");
        assertEquals("UP", json(health).get("status").asText(), health.body());
        assertTrue(keys.get("signingKeyTrusted").asBoolean(), health.body());
        assertEquals(0, keys.get("issuersWithoutKeys").size(), health.body());
        admitted.add(alice);
    }

    @Test
    @Order(3)
    @Scenario("second-realm-refused")
    void aTokenOfAnotherRealmOfTheSameKeycloakIs401() {
        String other = keycloak.passwordGrant(OTHER_REALM, ExampleRealm.CLIENT, "kc-other", "kc-other-password");
        assertEquals(keycloak.issuer(OTHER_REALM), JWT.decode(other).getIssuer());
        ExampleScenarios.assertInvalidToken(app.get("/api/me", other));
        ExampleScenarios.assertInvalidToken(app.get("/api/admin/ping", other));
    }

    @Test
    @Order(5)
    @Scenario("cross-issuer-refused")
    void aTokenSignedByTheExamplesKeyClaimingKeycloaksIssuerIs401() {
        // The same token under the example's issuer is admitted: only the issuer differs.
        HttpResponse<String> own = app.get("/api/me", signedByTheExample(ISSUER));
        assertEquals(200, own.statusCode(), own.body());
        String forged = signedByTheExample(keycloak.issuer(REALM));
        ExampleScenarios.assertInvalidToken(app.get("/api/admin/ping", forged));
        ExampleScenarios.assertInvalidToken(app.get("/api/me", forged));
    }

    /*
     * Before any step that sends a token naming a kid Keycloak never had: such a token starts
     * the unknown-kid cool-down (jwks-min-refetch), within which the first token of a new key is
     * answered from that refetch, as docs/configuration.md says.
     */
    @Test
    @Order(4)
    @Scenario("rotated-key-first-token")
    void afterARealmKeyRotationTheFirstTokenNamingTheNewKeyIsAdmitted() {
        String before = keycloak.passwordGrant(REALM, ExampleRealm.CLIENT, "kc-admin", "kc-admin-password");
        long rotating = System.nanoTime();
        realm.rotateSigningKey();
        SummaryLog.figure(containerName(), "kcadm-rotation", since(rotating));
        String after = keycloak.passwordGrant(REALM, ExampleRealm.CLIENT, "kc-admin", "kc-admin-password");
        assertNotEquals(JWT.decode(before).getKeyId(), JWT.decode(after).getKeyId(), "signed with the new key");

        long first = System.nanoTime();
        HttpResponse<String> me = app.get("/api/me", after);
        SummaryLog.figure(containerName(), "first-token-of-new-key", since(first));
        assertEquals(200, me.statusCode(), "the first token naming the new key: " + me.body());
        assertEquals(200, app.get("/api/admin/ping", after).statusCode());
        assertEquals(200, app.get("/api/me", before).statusCode(), "the passive old key still verifies");
        admitted.add(before);
        admitted.add(after);
    }

    @Test
    @Order(6)
    @Scenario("keycloak-dpop-bound-token")
    void aDpopBoundKeycloakTokenIsAdmittedOnlyWithAProofOfItsKey() throws Exception {
        DpopProofs client = DpopProofs.es256();
        JsonNode answer = keycloak.tokenAnswer(REALM, ExampleRealm.CLIENT, "kc-user", "kc-user-password",
                client.sign(client.header(), DpopProofs.claims("POST", keycloak.tokenEndpoint(REALM),
                        Instant.now(), null)));
        assertEquals("DPoP", answer.get("token_type").asText(), answer.toString());
        String token = answer.get("access_token").asText();
        assertEquals(client.thumbprint(), JWT.decode(token).getClaim("cnf").asMap().get("jkt"),
                "Keycloak bound the token to the proof's key");

        // The example's dpop-url is its issuer, not the address Tomcat listens on.
        String proof = dpopProof(client, token);
        HttpResponse<String> me = getWithDpop(token, proof);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(userId, json(me).get("sub").asText());
        ExampleScenarios.assertInvalidToken(app.get("/api/me", token)); // as a bearer token
        HttpResponse<String> replay = getWithDpop(token, proof);
        assertEquals(401, replay.statusCode(), replay.body());
        assertEquals("invalid_dpop_proof", json(replay).get("error").asText());
        HttpResponse<String> thief = getWithDpop(token, dpopProof(DpopProofs.es256(), token));
        assertEquals(401, thief.statusCode(), thief.body());
        assertTrue(thief.body().contains("not the key the token is bound to"), thief.body());
        assertEquals(200, getWithDpop(token, dpopProof(client, token)).statusCode(), "a fresh proof");
    }

    private static String dpopProof(DpopProofs key, String token) {
        return key.sign(key.header(), DpopProofs.claims("GET", ISSUER + "/api/me", Instant.now(), token));
    }

    private HttpResponse<String> getWithDpop(String token, String proof) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(tomcat.root().resolve("/api/me"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "DPoP " + token).header("DPoP", proof).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(7)
    @Scenario("keycloak-down-cached-keys")
    void withKeycloakStoppedTheCachedKeysKeepAdmittingItsTokens() {
        long stopping = System.nanoTime();
        keycloak.close();
        SummaryLog.figure(keycloak.name(), "stop", since(stopping));
        assertFalse(keycloak.isAlive());

        // Tokens naming a kid nobody has make the filter look again, once per cool-down; wait
        // until it has found Keycloak gone (the outage WARNING), then use the cached keys.
        String unknownKid = JWT.create().withKeyId("srcit-unknown").withIssuer(keycloak.issuer(REALM))
                .withAudience(ExampleRealm.CLIENT).withSubject(userId).withJWTId(UUID.randomUUID().toString())
                .withExpiresAt(Instant.now().plusSeconds(300))
                .sign(Algorithm.RSA256(null, (RSAPrivateKey) TestKeys.RSA_OTHER.getPrivate()));
        long waiting = System.nanoTime();
        String warning = LogLines.await(tomcat.directory().resolve("console.log"),
                line -> line.contains("keys for issuer " + keycloak.issuer(REALM)) && line.contains("fetch"),
                Duration.ofSeconds(75), () -> ExampleScenarios.assertInvalidToken(app.get("/api/me", unknownKid)));
        SummaryLog.figure(containerName(), "outage-noticed", since(waiting));
        assertTrue(warning.contains("connection refused"), "the WARNING names the cause: " + warning);
        assertFalse(warning.contains("eyJ"), "no token in the log: " + warning);

        for (String token : admitted) {
            HttpResponse<String> me = app.get("/api/me", token);
            assertEquals(200, me.statusCode(), "cached keys during the outage: " + me.body());
        }
        HttpResponse<String> health = app.get("/health", null);
        assertEquals(200, health.statusCode(), health.body());
        assertEquals(List.of(), LogLines.matching(tomcat.directory(), line -> admitted.stream()
                .anyMatch(token -> line.contains(token.substring(token.lastIndexOf('.') + 1)))),
                "no log line holds a token's signature");
    }

    /** A token of the example's shape, signed with its key, for the Keycloak user without the role. */
    private String signedByTheExample(String issuer) {
        Instant now = Instant.now();
        return JWT.create().withHeader(Map.of("typ", "at+jwt")).withKeyId(SIGNING_KID)
                .withIssuer(issuer).withAudience(ExampleRealm.CLIENT).withSubject(userId)
                .withJWTId(UUID.randomUUID().toString()).withIssuedAt(now).withExpiresAt(now.plusSeconds(300))
                .withClaim("groups", List.of("admin"))
                .withClaim("realm_access", Map.of("roles", List.of("admin")))
                .sign(Algorithm.RSA256(null, exampleKey));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
