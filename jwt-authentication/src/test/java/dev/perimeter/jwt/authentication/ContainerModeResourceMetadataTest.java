package dev.perimeter.jwt.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 9728 protected resource metadata in container mode: the Jakarta Authentication module
 * answers the well-known location itself, without a token, even under a constraint that covers
 * every path; its challenges name the document exactly as the filter's do.
 */
class ContainerModeResourceMetadataTest {

    private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";
    private static final String RESOURCE = "https://api.example.test";
    private static final String NAMED = "resource_metadata=\"" + RESOURCE + WELL_KNOWN + "\"";
    private static final Map<String, String> PARAMETERS = Map.of(
            "issuer", TestTokens.ISSUER,
            "audience", TestTokens.AUDIENCE,
            "public-key", TestKeys.pem(TestKeys.RSA.getPublic()),
            "resource", RESOURCE,
            "resource-metadata", "true",
            "resource-scopes", "orders:read");

    private static TomcatHarness tomcat;

    @BeforeAll
    static void deploy() throws Exception {
        tomcat = new TomcatHarness();
        tomcat.containerApp("/sam", PARAMETERS);
        Map<String, String> filter = new HashMap<>(PARAMETERS);
        filter.put("rules", "/admin/* = admin");
        tomcat.filterApp("/filter", filter);
        // Every path under a constraint: the document must still need no token.
        Context all = tomcat.newContext("/all", PARAMETERS);
        all.addParameter("perimeter.jwt.authentication", "container");
        all.addServletContainerInitializer(new ContainerAuthentication(), null);
        TomcatHarness.constrain(all);
        all.addConstraint(TomcatHarness.constraint("/*", "**"));
        tomcat.start(all);
    }

    @AfterAll
    static void undeploy() throws Exception {
        tomcat.close();
    }

    private static String token(String... groups) {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", Instant.now(), groups));
    }

    @Test
    void theModuleServesTheFiltersDocumentWithoutAToken() throws Exception {
        HttpResponse<String> expected = tomcat.get("/filter" + WELL_KNOWN);
        assertEquals(200, expected.statusCode(), expected.body());
        assertEquals("{\"resource\":\"" + RESOURCE + "\",\"authorization_servers\":[\""
                + TestTokens.ISSUER + "\"],\"scopes_supported\":[\"orders:read\"],"
                + "\"bearer_methods_supported\":[\"header\"]}", expected.body());
        for (String app : List.of("/sam", "/all")) {
            HttpResponse<String> served = tomcat.get(app + WELL_KNOWN);
            assertEquals(200, served.statusCode(), app + ": " + served.body());
            assertEquals(expected.body(), served.body(), app);
            assertEquals("application/json", served.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("public, max-age=300", served.headers().firstValue("Cache-Control").orElseThrow());
            assertTrue(served.headers().firstValue("WWW-Authenticate").isEmpty(), app);
            assertTrue(served.body().indexOf("\"user\"") < 0, "no servlet ran: " + served.body());
        }
    }

    @Test
    void headAndOtherMethods() throws Exception {
        HttpResponse<String> head = tomcat.send("HEAD", "/all" + WELL_KNOWN);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        HttpResponse<String> post = tomcat.send("POST", "/all" + WELL_KNOWN);
        assertEquals(405, post.statusCode(), post.body());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void theChallengesNameTheDocumentAsTheFiltersDo() throws Exception {
        HttpResponse<String> noToken = tomcat.get("/sam/api/me");
        assertEquals(401, noToken.statusCode());
        assertEquals("Bearer " + NAMED, noToken.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(noToken.headers().firstValue("WWW-Authenticate"),
                tomcat.get("/filter/api/me").headers().firstValue("WWW-Authenticate"));
        HttpResponse<String> invalid = tomcat.getWithBearer("/sam/api/me", token("user") + "x");
        assertEquals(401, invalid.statusCode());
        assertEquals(tomcat.getWithBearer("/filter/api/me", token("user") + "x")
                .headers().firstValue("WWW-Authenticate"), invalid.headers().firstValue("WWW-Authenticate"));
        assertTrue(invalid.headers().firstValue("WWW-Authenticate").orElseThrow().endsWith(", " + NAMED));
        HttpResponse<String> forbidden = tomcat.getWithBearer("/sam/admin/x", token("user"));
        assertEquals(403, forbidden.statusCode(), forbidden.body());
        String challenge = forbidden.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("Bearer error=\"insufficient_scope\""), challenge);
        assertTrue(challenge.endsWith(", " + NAMED), challenge);
        assertEquals(200, tomcat.getWithBearer("/sam/api/me", token("user")).statusCode());
    }
}
