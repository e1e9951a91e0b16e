package dev.perimeter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.it.app.MicroProfileJwtJars;
import dev.perimeter.it.app.MicroProfileJwtWar;
import dev.perimeter.it.containers.PayaraNode;
import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.containers.TomcatNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.ContainerUnderTest;
import dev.perimeter.it.support.ForgedTokens;
import dev.perimeter.it.support.Scenario;
import dev.perimeter.it.support.ScenarioSummary;
import dev.perimeter.it.support.SummaryLog;
import dev.perimeter.jwt.BearerChallenge;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One MicroProfile JWT application ({@link dev.perimeter.it.mpjwt}) with jwt-microprofile in its
 * WAR, on both kinds of server (docs/microprofile.md, "On a MicroProfile server"):
 * <ul>
 * <li>on Payara Micro 6, WAR (a) with Perimeter's jars only: jwt-microprofile finds Payara's own
 *     MicroProfile JWT ({@code JwtAuthCdiExtension}) from the application's class loader, its
 *     initializer and its CDI extension each log that they stand down, and Payara's
 *     implementation verifies;</li>
 * <li>on Tomcat 10.1, WAR (b), the same plus what Payara provided (MP-JWT API, Weld, Jersey,
 *     Parsson; README "MicroProfile JWT on Tomcat"): Perimeter verifies, and a refused token
 *     gets the error contract's JSON.</li>
 * </ul>
 * The same requests get the same statuses from both. Each server is started on its first test
 * and kept until the other starts (Payara's tests run first, by name); a server that fails to
 * start fails only its own tests.
 */
@ExtendWith(ScenarioSummary.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MicroProfileJwtOnPayaraIT implements ContainerUnderTest {

    static final String ISSUER = "https://issuer.perimeter.test/mp";
    static final String KID = "mp-it";
    static final String NAME = "alice@perimeter.test";

    /** The initializer's line where a container brings its own MicroProfile JWT. */
    static final String INITIALIZER_STANDS_DOWN = "Perimeter MicroProfile JWT stands down in this application";
    /** The CDI extension's line there. */
    static final String EXTENSION_STANDS_DOWN = "Perimeter's jwt-microprofile registers no JsonWebToken or @Claim beans";
    /** The initializer's line where Perimeter verifies. */
    static final String PROTECTS = "Perimeter MicroProfile JWT protects this application";
    /** What jwt-microprofile finds on Payara 6. */
    static final String PAYARA_IMPLEMENTATION = "fish.payara.microprofile.jwtauth.cdi.JwtAuthCdiExtension";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private KeyPair keys;
    private Started payara;
    private Started tomcat;

    @Override
    public String containerName() {
        return "microprofile-jwt";
    }

    @BeforeAll
    void prepare() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        // Beside the nodes' directories, which each node empties when it starts.
        Path prepared = Built.containers().resolve("microprofile-jwt-prepared");
        String pem = TestKeys.pem(keys.getPublic());
        Path payaraWar = MicroProfileJwtWar.write(prepared.resolve("mp-jwt-payara.war"), pem, ISSUER,
                MicroProfileJwtJars.forPayara());
        Path tomcatWar = MicroProfileJwtWar.write(prepared.resolve("mp-jwt-tomcat.war"), pem, ISSUER,
                MicroProfileJwtJars.forTomcat());
        String payaraName = "payara-micro-" + Built.payaraVersion();
        String tomcatName = TomcatNode.versionName(Built.tomcat10());
        payara = new Started(payaraName + "-start", () -> PayaraNode.builder(Built.payaraJar(),
                Built.payaraVersion(), payaraWar, Built.containers().resolve(payaraName + "-mp-jwt")).start());
        tomcat = new Started(tomcatName + "-start", () -> {
            payara.close(); // its tests ran first (method order): one server at a time on the machine
            return TomcatNode.builder(Built.tomcat10(), tomcatWar, Built.containers().resolve(tomcatName + "-mp-jwt"))
                    .start();
        });
    }

    @AfterAll
    void stop() {
        for (Started node : new Started[] {payara, tomcat}) {
            if (node != null) {
                node.close();
            }
        }
    }

    // Payara Micro 6, WAR (a): Payara's MicroProfile JWT verifies.

    @Test
    @Scenario("payara-valid-token-200")
    void payaraAnswersAValidTokenWithItsNameAndGroups() {
        aValidTokenIsAnsweredWithItsNameAndGroups(payara.node());
    }

    @Test
    @Scenario("payara-no-token-401")
    void payaraRefusesNoTokenOnRolesAllowed() {
        noTokenOnRolesAllowedIs401(payara.node());
    }

    @Test
    @Scenario("payara-forged-401")
    void payaraRefusesForgedTokens() {
        forgedTokensAre401(payara.node());
    }

    @Test
    @Scenario("payara-missing-role-403")
    void payaraRefusesACallerWithoutTheRole() {
        aCallerWithoutTheRoleIs403(payara.node());
    }

    @Test
    @Scenario("payara-permit-all-200")
    void payaraAnswersPermitAllWithoutAToken() {
        permitAllWithoutATokenIs200(payara.node());
    }

    /**
     * The initializer and the extension each stood down once, naming Payara's class, and
     * Perimeter never started; the refusals are not Perimeter's (no error-contract JSON), so
     * Payara's implementation gave them.
     */
    @Test
    @Scenario("payara-stands-down")
    void payaraLogsThatJwtMicroprofileStandsDownAndPayaraVerifies() {
        RunningNode node = payara.node();
        List<String> initializer = consoleLines(node, INITIALIZER_STANDS_DOWN);
        List<String> extension = consoleLines(node, EXTENSION_STANDS_DOWN);
        assertEquals(1, initializer.size(), "the initializer's line: " + initializer);
        assertTrue(initializer.get(0).contains(PAYARA_IMPLEMENTATION), initializer.get(0));
        assertEquals(1, extension.size(), "the extension's line: " + extension);
        assertTrue(extension.get(0).contains(PAYARA_IMPLEMENTATION), extension.get(0));
        assertEquals(List.of(), consoleLines(node, PROTECTS), "Perimeter must not have started on Payara");
        for (HttpResponse<String> refused : List.of(get(node, MicroProfileJwtWar.ECHO_PATH, null),
                get(node, MicroProfileJwtWar.ECHO_PATH, ForgedTokens.signedByAnotherKey(token("Echoer"))))) {
            assertEquals(401, refused.statusCode());
            assertFalse(refused.body().contains("\"error_description\""), "Perimeter's answer on Payara: " + refused.body());
        }
    }

    // Tomcat 10.1, WAR (b): Perimeter verifies.

    @Test
    @Scenario("tomcat-valid-token-200")
    void tomcatAnswersAValidTokenWithItsNameAndGroups() {
        aValidTokenIsAnsweredWithItsNameAndGroups(tomcat.node());
    }

    @Test
    @Scenario("tomcat-no-token-401")
    void tomcatRefusesNoTokenOnRolesAllowed() {
        noTokenOnRolesAllowedIs401(tomcat.node());
    }

    @Test
    @Scenario("tomcat-forged-401")
    void tomcatRefusesForgedTokens() {
        forgedTokensAre401(tomcat.node());
    }

    @Test
    @Scenario("tomcat-missing-role-403")
    void tomcatRefusesACallerWithoutTheRole() {
        aCallerWithoutTheRoleIs403(tomcat.node());
    }

    @Test
    @Scenario("tomcat-permit-all-200")
    void tomcatAnswersPermitAllWithoutAToken() {
        permitAllWithoutATokenIs200(tomcat.node());
    }

    @Test
    @Scenario("tomcat-protects")
    void tomcatLogsThatPerimeterProtectsTheApplication() {
        RunningNode node = tomcat.node();
        List<String> protects = consoleLines(node, PROTECTS);
        assertEquals(1, protects.size(), "the initializer's line: " + protects);
        assertTrue(protects.get(0).contains("@LoginConfig on dev.perimeter.it.mpjwt.EchoApplication"), protects.get(0));
        assertEquals(List.of(), consoleLines(node, "stands down"), "nothing stands down on Tomcat");
        assertEquals(List.of(), consoleLines(node, EXTENSION_STANDS_DOWN), "the extension registered its beans");
    }

    /**
     * A refused token gets the README's error contract, on a {@code @RolesAllowed} and on a
     * {@code @PermitAll} method alike: 401, {@code application/json}, {@code no-store}, and the
     * JSON body {@code {"error":"invalid_token","error_description":…}} whose description is the
     * challenge's.
     */
    @Test
    @Scenario("tomcat-error-contract")
    void tomcatAnswersARefusedTokenWithPerimetersJsonError() throws IOException {
        for (String path : List.of(MicroProfileJwtWar.ECHO_PATH, MicroProfileJwtWar.OPEN_PATH)) {
            HttpResponse<String> refused = get(tomcat.node(), path, ForgedTokens.signedByAnotherKey(token("Echoer")));
            assertEquals(401, refused.statusCode(), path + ": " + refused.body());
            assertEquals(BearerChallenge.CONTENT_TYPE.replace(" ", "").toLowerCase(),
                    refused.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(), path);
            assertEquals("no-store", refused.headers().firstValue("Cache-Control").orElse(null), path);
            JsonNode body = json.readTree(refused.body());
            assertEquals(List.of("error", "error_description"), fieldNames(body), refused.body());
            assertEquals("invalid_token", body.get("error").asText(), refused.body());
            BearerChallenge expected = BearerChallenge.invalidToken(null, body.get("error_description").asText());
            assertEquals(expected.body(), refused.body(), path);
            assertEquals(expected.challenge(), refused.headers().firstValue("WWW-Authenticate").orElse(null), path);
        }
    }

    // The same requests on either server.

    private void aValidTokenIsAnsweredWithItsNameAndGroups(RunningNode node) {
        HttpResponse<String> admitted = get(node, MicroProfileJwtWar.ECHO_PATH, token("Tester", "Echoer"));
        assertEquals(200, admitted.statusCode(), admitted.body());
        assertEquals("name=" + NAME + " groups=[Echoer, Tester]", admitted.body());
    }

    private void noTokenOnRolesAllowedIs401(RunningNode node) {
        HttpResponse<String> refused = get(node, MicroProfileJwtWar.ECHO_PATH, null);
        assertEquals(401, refused.statusCode(), refused.body());
    }

    private void forgedTokensAre401(RunningNode node) {
        Map<String, String> forged = forgedTokens();
        List<String> wrong = new ArrayList<>();
        // On the @PermitAll method too: a refused token is no anonymous call, on either server.
        for (String path : List.of(MicroProfileJwtWar.ECHO_PATH, MicroProfileJwtWar.OPEN_PATH)) {
            forged.forEach((kind, token) -> {
                HttpResponse<String> refused = get(node, path, token);
                if (refused.statusCode() != 401) {
                    wrong.add(path + ", " + kind + ": " + refused.statusCode() + " " + refused.body());
                }
            });
        }
        assertEquals(List.of(), wrong, "forged tokens not answered 401");
    }

    private void aCallerWithoutTheRoleIs403(RunningNode node) {
        HttpResponse<String> refused = get(node, MicroProfileJwtWar.ECHO_PATH, token("Tester"));
        assertEquals(403, refused.statusCode(), refused.body());
    }

    private void permitAllWithoutATokenIs200(RunningNode node) {
        HttpResponse<String> open = get(node, MicroProfileJwtWar.OPEN_PATH, null);
        assertEquals(200, open.statusCode(), open.body());
        assertEquals("open", open.body());
    }

    /** Tokens an attacker makes, by kind; each would be admitted with {@code Echoer} if it were valid. */
    private Map<String, String> forgedTokens() {
        String valid = token("Echoer");
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("signed by another key", ForgedTokens.signedByAnotherKey(valid));
        forged.put("groups raised under the original signature", raisedToEchoer(token("Tester")));
        forged.put("alg none", ForgedTokens.unsigned(valid, "none"));
        forged.put("expired", sign(claims(Instant.now().minus(Duration.ofHours(1)), "Echoer")));
        forged.put("another issuer", sign(claims(Instant.now(), "Echoer").replace(ISSUER, ISSUER + "/other")));
        return forged;
    }

    /** {@code token}'s claims with {@code Tester} made {@code Echoer}, under its signature. */
    private static String raisedToEchoer(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String raised = claims.replace("\"Tester\"", "\"Echoer\"");
        if (raised.equals(claims)) {
            throw new IllegalArgumentException("no Tester group to raise");
        }
        return parts[0] + "." + TestTokens.b64(raised) + "." + parts[2];
    }

    private String token(String... groups) {
        return sign(claims(Instant.now(), groups));
    }

    /** The claims MicroProfile JWT 2.1 requires and Perimeter checks: iss, upn, sub, iat, exp, jti, groups. */
    private static String claims(Instant issued, String... groups) {
        String claims = TestTokens.claims("alice", issued, groups).replace(TestTokens.ISSUER, ISSUER);
        // No audience: mp.jwt.verify.audiences is not set, so neither server checks one.
        claims = claims.replace(",\"aud\":\"" + TestTokens.AUDIENCE + "\"", "");
        return TestTokens.withClaim(claims, "upn", "\"" + NAME + "\"");
    }

    private String sign(String claims) {
        return TestTokens.sign(TestTokens.header("RS256", KID), claims, "SHA256withRSA", keys.getPrivate());
    }

    /** The lines of the node's console that contain {@code text}. */
    private static List<String> consoleLines(RunningNode node, String text) {
        Path console = node.directory().resolve("console.log");
        try {
            return Files.readAllLines(console, StandardCharsets.ISO_8859_1).stream()
                    .filter(line -> line.contains(text))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + console, e);
        }
    }

    private static List<String> fieldNames(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private HttpResponse<String> get(RunningNode node, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.root().resolve(URI.create(path.substring(1))))
                .timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " on " + node.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A node started on first use and kept until closed: its start's outcome goes to the summary
     * once, and a start that failed (or a closed node) fails every later use.
     */
    private final class Started implements AutoCloseable {

        private final String scenario;
        private final Supplier<RunningNode> start;
        private RunningNode node;
        private RuntimeException failure;

        Started(String scenario, Supplier<RunningNode> start) {
            this.scenario = scenario;
            this.start = start;
        }

        RunningNode node() {
            if (node == null && failure == null) {
                long began = System.nanoTime();
                try {
                    node = start.get();
                    SummaryLog.outcome(containerName(), scenario, "PASS", node.startup());
                } catch (RuntimeException e) {
                    failure = e;
                    SummaryLog.outcome(containerName(), scenario, "FAIL", Duration.ofNanos(System.nanoTime() - began));
                }
            }
            if (failure != null) {
                throw new IllegalStateException(scenario + ": no node", failure);
            }
            return node;
        }

        @Override
        public void close() {
            if (node != null) {
                node.close();
                node = null;
                failure = new IllegalStateException("stopped before this test");
            }
        }
    }
}
