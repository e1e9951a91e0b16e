package dev.perimeter.jwt.cdi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.cdi.JwtFeature;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.cdi.Tokens;
import java.net.http.HttpResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jersey on Jetty with only the JAX-RS filter ({@code JwtFeature.verifying}): it verifies tokens,
 * anonymous requests go on, and the annotations on resources and beans decide.
 */
class JaxRsFilterOnlyTest {

    private static final String ROOT = Tokens.token("root", "user", "admin");
    private static final String ALICE = Tokens.token("alice", "user");
    private static final String AUDREY = Tokens.token("audrey", "auditor");

    private static JerseyOnJetty jetty;

    private static Perimeter perimeter;

    @BeforeAll
    static void start() throws Exception {
        jetty = new JerseyOnJetty(new ResourceConfig(ReportsResource.class, PlainResource.class)
                .register(JwtFeature.verifying(perimeter = Perimeter.start(Tokens.config()))), null,
                ReportsResource.class, AuditLog.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (perimeter != null) {
            perimeter.close();
        }
        if (jetty != null) {
            jetty.close();
        }
    }

    @Test
    void theRightRoleGets200WithItsInjectedClaims() throws Exception {
        HttpResponse<String> response = jetty.get("/api/reports/summary", ROOT);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("summary for root", response.body());
    }

    @Test
    void authenticatedInjectsTheSubjectAndTheGroupsClaim() throws Exception {
        HttpResponse<String> response = jetty.get("/api/reports/me", ALICE);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("sub=alice groups=[user]", response.body());
    }

    @Test
    void aMissingTokenOnAProtectedMethodGets401WithABareChallenge() throws Exception {
        HttpResponse<String> response = jetty.get("/api/reports/summary", null);
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("Bearer realm=\"perimeter-test\"", challenge(response));
        assertEquals("{\"error\":\"unauthorized\",\"error_description\":\"a bearer token is required\"}",
                response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(response.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/json"));
    }

    @Test
    void aWrongRoleGets403InsufficientScopeNamingTheAcceptedRoles() throws Exception {
        HttpResponse<String> response = jetty.get("/api/reports/summary", ALICE);
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("Bearer realm=\"perimeter-test\", error=\"insufficient_scope\","
                + " error_description=\"the token lacks the role this resource requires\","
                + " scope=\"admin\"", challenge(response));
    }

    @Test
    void aMethodAnnotationOverridesTheResourceClassAnnotation() throws Exception {
        assertEquals(200, jetty.get("/api/reports/audit", AUDREY).statusCode());
        assertEquals(403, jetty.get("/api/reports/audit", ALICE).statusCode());
    }

    @Test
    void permitAllServesAnonymousCallersAndSeesTheTokenWhenThereIsOne() throws Exception {
        assertEquals("up, authenticated=false", jetty.get("/api/reports/status", null).body());
        assertEquals("up, authenticated=true", jetty.get("/api/reports/status", ALICE).body());
    }

    @Test
    void denyAllGets403AccessDeniedWithoutAChallenge() throws Exception {
        HttpResponse<String> response = jetty.send(jetty.request("/api/reports/all")
                .header("Authorization", "Bearer " + ROOT).DELETE().build());
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(null, challenge(response));
        assertTrue(response.body().contains("\"error\":\"access_denied\""), response.body());
    }

    @Test
    void aBeanBehindAnOpenResourceRefusesACallerWithoutItsRole() throws Exception {
        assertEquals("entries", jetty.get("/api/reports/log", AUDREY).body());
        HttpResponse<String> response = jetty.get("/api/reports/log", ROOT);
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(challenge(response).endsWith("scope=\"auditor\""), challenge(response));
    }

    @Test
    void anInvalidTokenIsRefusedByTheFilterWith401InvalidToken() throws Exception {
        HttpResponse<String> response = jetty.get("/api/reports/status", ROOT + "x");
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(challenge(response).startsWith(
                "Bearer realm=\"perimeter-test\", error=\"invalid_token\""), challenge(response));
    }

    @Test
    void theSecurityContextAnswersFromTheToken() throws Exception {
        assertEquals("principal=root admin=true scheme=BEARER",
                jetty.get("/api/reports/context", ROOT).body());
        assertEquals("principal=null admin=false scheme=null",
                jetty.get("/api/reports/context", null).body());
    }

    @Test
    void aResourceThatIsNoCdiBeanIsProtectedByTheFeatureInstead() throws Exception {
        assertEquals("secret", jetty.get("/api/plain/secret", ROOT).body());
        HttpResponse<String> none = jetty.get("/api/plain/secret", null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("Bearer realm=\"perimeter-test\"", challenge(none));
        HttpResponse<String> wrongRole = jetty.get("/api/plain/secret", ALICE);
        assertEquals(403, wrongRole.statusCode(), wrongRole.body());
        assertTrue(challenge(wrongRole).endsWith("scope=\"admin\""), challenge(wrongRole));
        assertEquals("open", jetty.get("/api/plain/open", null).body());
        assertEquals(403, jetty.get("/api/plain/never", ROOT).statusCode());
    }

    private static String challenge(HttpResponse<String> response) {
        return response.headers().firstValue("WWW-Authenticate").orElse(null);
    }
}
