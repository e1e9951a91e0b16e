package dev.perimeter.jwt.cdi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.cdi.JwtFeature;
import dev.perimeter.jwt.cdi.Tokens;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.testing.DpopProofs;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DPoP through jwt-cdi's JAX-RS filter ({@code JwtFeature.verifying}): the same pipeline as the
 * servlet filter, so a DPoP-bound token with its proof passes the resource's annotations, a
 * stolen one with another key's proof does not, and a bean's own refusal offers both schemes.
 */
class JaxRsDpopTest {

    private static JerseyOnJetty jetty;
    private static Perimeter perimeter;
    private final DpopProofs client = DpopProofs.es256();

    @BeforeAll
    static void start() throws Exception {
        JwtConfig config = Tokens.configBuilder().set("dpop", "allowed")
                .set("dpop-url", DpopProofs.URL).build();
        jetty = new JerseyOnJetty(new ResourceConfig(ReportsResource.class, PlainResource.class)
                .register(JwtFeature.verifying(perimeter = Perimeter.start(config))), null,
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

    private String boundToken(String subject, String... groups) {
        return Tokens.tokenWithClaims(client.boundClaims(subject, Instant.now(), groups));
    }

    private HttpResponse<String> get(String path, String token, String proof) throws Exception {
        return jetty.send(jetty.request(path).header("Authorization", "DPoP " + token)
                .header("DPoP", proof).GET().build());
    }

    @Test
    void aDpopBoundTokenWithItsProofPassesTheResourcesAnnotations() throws Exception {
        String token = boundToken("root", "user", "admin");
        HttpResponse<String> ok = get("/api/reports/summary", token, client.proof("GET", "/api/reports/summary", token));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("summary for root", ok.body());
    }

    @Test
    void aStolenTokenWithAnotherKeysProofOrAsBearerIsRefused() throws Exception {
        String token = boundToken("root", "user", "admin");
        HttpResponse<String> thief = get("/api/reports/summary", token,
                DpopProofs.es256().proof("GET", "/api/reports/summary", token));
        assertEquals(401, thief.statusCode(), thief.body());
        assertTrue(thief.headers().firstValue("WWW-Authenticate").orElseThrow()
                .startsWith("DPoP realm=\"perimeter-test\", error=\"invalid_dpop_proof\""));
        HttpResponse<String> bearer = jetty.get("/api/reports/summary", token);
        assertEquals(401, bearer.statusCode(), bearer.body());
        assertTrue(bearer.body().contains("the token is DPoP-bound"), bearer.body());
    }

    @Test
    void aBeansRefusalOffersBothSchemes() throws Exception {
        HttpResponse<String> none = jetty.get("/api/reports/summary", null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("Bearer realm=\"perimeter-test\", DPoP realm=\"perimeter-test\","
                + " algs=\"RS256 PS256 ES256 ES384 EdDSA\"",
                none.headers().firstValue("WWW-Authenticate").orElseThrow());
        String alice = boundToken("alice", "user");
        HttpResponse<String> forbidden = get("/api/reports/summary", alice, client.proof("GET", "/api/reports/summary", alice));
        assertEquals(403, forbidden.statusCode(), forbidden.body());
    }
}
