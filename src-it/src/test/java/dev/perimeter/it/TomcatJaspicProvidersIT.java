package dev.perimeter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.it.app.CallerWar;
import dev.perimeter.it.containers.TomcatNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.ContainerUnderTest;
import dev.perimeter.it.support.ForgedTokens;
import dev.perimeter.it.support.LogLines;
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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/container-mode.md, "Registration without the switch", on a standalone Tomcat 10.1: the
 * module is registered for one application in {@code $CATALINA_BASE/conf/jaspic-providers.xml}
 * with Tomcat's {@code SimpleAuthConfigProvider} and {@code perimeter.jwt.*} provider properties,
 * and starts its own Perimeter from them. The application is not the example ({@link CallerWar}):
 * web.xml constraints, no {@code JwtFilter}, no switch. The module and its dependencies are in
 * {@code CATALINA_BASE/lib}: Tomcat's {@code SimpleServerAuthConfig} loads the module class with
 * {@code Class.forName} from its own (the server's) class loader, which does not see a WAR's
 * {@code WEB-INF/lib}. A second application, {@code /broken}, has a provider with a bad
 * property, to show what Tomcat does then. One Tomcat process for every test but the one that
 * puts the jars into the WAR instead, which needs a node of its own.
 */
@ExtendWith(ScenarioSummary.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TomcatJaspicProvidersIT implements ContainerUnderTest {

    static final String KID = "srcit-jaspic";
    static final String REALM = "shop";
    static final String BAD_LEEWAY = "soon";
    static final String STARTED = "Perimeter JWT authentication module protects this application";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private TomcatNode tomcat;

    @Override
    public String containerName() {
        return TomcatNode.versionName(Built.tomcat10()) + "-jaspic-providers";
    }

    @BeforeAll
    void start() {
        Path directory = Built.containers().resolve(containerName());
        // Beside the node's directory, which the node empties when it starts.
        Path prepared = Built.containers().resolve(containerName() + "-prepared");
        Path jwks = write(prepared.resolve("jwks.json"),
                TestKeys.jwks(TestKeys.jwk(TestKeys.RSA.getPublic(), KID, "RS256")));
        Path war = CallerWar.write(prepared.resolve("caller.war"), List.of());
        TomcatNode.Builder builder = TomcatNode.builder(Built.tomcat10(), directory)
                .application("shop", war)
                .application("broken", war)
                .configurationFile("jaspic-providers.xml", jaspicProviders(jwks))
                .readyAt("/shop" + CallerWar.OPEN_PATH);
        perimeterJars().forEach(builder::serverLibrary);
        long began = System.nanoTime();
        try {
            tomcat = builder.start();
        } catch (RuntimeException | Error e) {
            SummaryLog.outcome(containerName(), "start", "FAIL", Duration.ofNanos(System.nanoTime() - began));
            throw e;
        }
        SummaryLog.outcome(containerName(), "start", "PASS", tomcat.startup());
    }

    @AfterAll
    void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    /** The docs' shape: one provider per application, the module and its {@code perimeter.jwt.*}. */
    static String jaspicProviders(Path jwks) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <jaspic-providers xmlns="http://tomcat.apache.org/xml" version="1.0">
                  <provider name="perimeter"
                            className="org.apache.catalina.authenticator.jaspic.SimpleAuthConfigProvider"
                            layer="HttpServlet" appContext="Catalina/localhost /shop" description="Perimeter">
                    <property name="org.apache.catalina.authenticator.jaspic.ServerAuthModule.1"
                              value="dev.perimeter.jwt.authentication.PerimeterAuthModule"/>
                    <property name="perimeter.jwt.issuer" value="%1$s"/>
                    <property name="perimeter.jwt.audience" value="%2$s"/>
                    <property name="perimeter.jwt.jwks" value="file:%3$s"/>
                    <property name="perimeter.jwt.realm" value="%4$s"/>
                  </provider>
                  <provider name="perimeter-broken"
                            className="org.apache.catalina.authenticator.jaspic.SimpleAuthConfigProvider"
                            layer="HttpServlet" appContext="Catalina/localhost /broken" description="Perimeter, misconfigured">
                    <property name="org.apache.catalina.authenticator.jaspic.ServerAuthModule.1"
                              value="dev.perimeter.jwt.authentication.PerimeterAuthModule"/>
                    <property name="perimeter.jwt.issuer" value="%1$s"/>
                    <property name="perimeter.jwt.audience" value="%2$s"/>
                    <property name="perimeter.jwt.jwks" value="file:%3$s"/>
                    <property name="perimeter.jwt.leeway" value="%5$s"/>
                  </provider>
                </jaspic-providers>
                """.formatted(TestTokens.ISSUER, TestTokens.AUDIENCE, jwks, REALM, BAD_LEEWAY);
    }

    @Test
    @Scenario("no-token-401")
    void aConstrainedPathWithoutATokenIsChallenged() {
        HttpResponse<String> refused = get("/shop/api/x", null);
        assertEquals(401, refused.statusCode(), refused.body());
        BearerChallenge expected = BearerChallenge.noToken(REALM);
        assertEquals(expected.challenge(), refused.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(expected.challenge().startsWith("Bearer realm=\"" + REALM + "\""), expected.challenge());
        assertEquals(expected.body(), refused.body());
    }

    @Test
    @Scenario("valid-token-caller")
    void aValidTokenIsTheContainersCaller() {
        HttpResponse<String> admitted = get("/shop/api/x", token("alice", Instant.now(), "user"));
        assertEquals(200, admitted.statusCode(), admitted.body());
        assertEquals("user=alice remote=alice type=BEARER admin=false", admitted.body());
    }

    @Test
    @Scenario("missing-role-403")
    void aCallerWithoutTheRoleIsRefusedByTheContainerAndThe403Page() {
        HttpResponse<String> refused = get("/shop/admin/x", token("alice", Instant.now(), "user"));
        assertEquals(403, refused.statusCode(), refused.body());
        // The 403 page finds no Perimeter published in the context (only the switch publishes
        // one), so its challenge has no realm, though the provider's properties set one.
        BearerChallenge expected = BearerChallenge.insufficientScope(null, null);
        assertEquals(expected.challenge(), refused.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(expected.challenge().contains("error=\"insufficient_scope\""), expected.challenge());
        assertEquals(expected.body(), refused.body());
    }

    @Test
    @Scenario("admin-role-200")
    void aCallerWithTheRoleIsAdmitted() {
        HttpResponse<String> admitted = get("/shop/admin/x", token("root", Instant.now(), "user", "admin"));
        assertEquals(200, admitted.statusCode(), admitted.body());
        assertEquals("user=root remote=root type=BEARER admin=true", admitted.body());
    }

    @Test
    @Scenario("bad-tokens-401")
    void expiredAndForgedTokensAreInvalid() {
        String valid = token("alice", Instant.now(), "user");
        List<String> bad = List.of(
                token("alice", Instant.now().minus(Duration.ofHours(1)), "user"),
                ForgedTokens.signedByAnotherKey(valid),
                ForgedTokens.withRaisedGroups(valid),
                ForgedTokens.unsigned(valid, "none"));
        for (String token : bad) {
            for (String path : List.of("/shop/api/x", "/shop/open/x")) {
                HttpResponse<String> refused = get(path, token);
                assertEquals(401, refused.statusCode(), path + ": " + refused.body());
                String challenge = refused.headers().firstValue("WWW-Authenticate").orElse("");
                assertTrue(challenge.contains("error=\"invalid_token\""), path + ": " + challenge);
            }
        }
    }

    @Test
    @Scenario("open-anonymous-200")
    void anOpenPathWithoutATokenIsAnonymous() {
        HttpResponse<String> open = get("/shop/open/x", null);
        assertEquals(200, open.statusCode(), open.body());
        assertEquals("user=null remote=null type=null admin=false", open.body());
    }

    /**
     * Tomcat builds the module on the application's first request (here the readiness probe's),
     * on a request thread, and keeps it: one INFO line for all requests.
     */
    @Test
    @Scenario("started-logged")
    void theModuleLoggedItsStartOnce() {
        get("/shop/api/x", token("alice", Instant.now(), "user"));
        List<String> started = LogLines.matching(tomcat.directory().resolve("logs"), line -> line.contains(STARTED));
        assertEquals(1, started.size(), "'" + STARTED + "' in Tomcat's logs: " + started);
        assertTrue(started.get(0).contains("realm=" + REALM), started.get(0));
    }

    /**
     * A bad {@code perimeter.jwt.*} property does not stop the application from starting: Tomcat
     * builds the module per request until it succeeds, so every request, open paths too, is
     * answered 500, and every one logs the module's SEVERE line naming the parameter.
     */
    @Test
    @Scenario("bad-property-500")
    void aBadProviderPropertyAnswersEveryRequest500AndLogsTheParameter() {
        assertEquals(500, get("/broken/open/x", null).statusCode());
        assertEquals(500, get("/broken/api/x", token("alice", Instant.now(), "user")).statusCode());
        List<String> severe = LogLines.matching(tomcat.directory().resolve("logs"), line -> line.contains("SEVERE")
                && line.contains("PerimeterAuthModule") && line.contains("'leeway': expected a whole number, got '"
                + BAD_LEEWAY + "'"));
        assertTrue(severe.size() >= 2, "one SEVERE line per request: " + severe);
    }

    /**
     * The jars in the WAR's {@code WEB-INF/lib} instead of Tomcat's {@code lib/}: Tomcat's
     * {@code SimpleServerAuthConfig} loads the module with its own class loader, which does not
     * see them, so the application starts and every request is answered 500, Tomcat logging
     * "Failed to obtain a JASPIC ServerAuthContext instance" with a ClassNotFoundException. A
     * node of its own.
     */
    @Test
    @Scenario("war-lib-500")
    void theModuleInWebInfLibIsNotFound() {
        Path directory = Built.containers().resolve(containerName() + "-war-lib");
        Path prepared = Built.containers().resolve(containerName() + "-prepared");
        Path war = CallerWar.write(prepared.resolve("caller-with-lib.war"), perimeterJars());
        Path jwks = prepared.resolve("jwks.json");
        // The same WAR at /plain, where no provider applies, answers 200 once Tomcat listens.
        try (TomcatNode node = TomcatNode.builder(Built.tomcat10(), directory)
                .application("shop", war)
                .application("plain", war)
                .configurationFile("jaspic-providers.xml", jaspicProviders(jwks))
                .readyAt("/plain" + CallerWar.OPEN_PATH)
                .start()) {
            HttpResponse<String> open = get(node, "/shop/open/x", null);
            HttpResponse<String> api = get(node, "/shop/api/x", token("alice", Instant.now(), "user"));
            assertEquals(500, open.statusCode(), open.body());
            assertEquals(500, api.statusCode(), api.body());
            assertEquals(200, get(node, "/plain/open/x", null).statusCode(), "the application itself runs");
            List<String> notFound = LogLines.matching(node.directory().resolve("logs"), line -> line.contains(
                    "ClassNotFoundException: dev.perimeter.jwt.authentication.PerimeterAuthModule"));
            assertTrue(notFound.size() >= 2, "Tomcat logs the missing class per request: " + notFound);
        }
    }

    private HttpResponse<String> get(String path, String token) {
        return get(tomcat, path, token);
    }

    private HttpResponse<String> get(TomcatNode node, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.root().resolve(URI.create(path.substring(1))))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String token(String subject, Instant issued, String... groups) {
        return TestTokens.sign(TestTokens.header("RS256", KID), TestTokens.claims(subject, issued, groups),
                "SHA256withRSA", TestKeys.RSA.getPrivate());
    }

    private static List<Path> perimeterJars() {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Built.perimeterJars(), "*.jar")) {
            List<Path> found = new ArrayList<>();
            jars.forEach(found::add);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + Built.perimeterJars(), e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
