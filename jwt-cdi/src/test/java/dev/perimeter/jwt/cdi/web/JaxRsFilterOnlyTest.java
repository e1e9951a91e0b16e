package dev.perimeter.jwt.cdi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.cdi.JwtFeature;
import dev.perimeter.jwt.cdi.Tokens;
import java.net.http.HttpResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jersey on Jetty with only the JAX-RS filter: it verifies, the annotations decide. */
class JaxRsFilterOnlyTest {

    private static JerseyOnJetty jetty;

    @BeforeAll
    static void start() throws Exception {
        jetty = new JerseyOnJetty(new ResourceConfig(ReportsResource.class)
                .register(JwtFeature.verifying(Tokens.config())), null,
                ReportsResource.class, AuditLog.class);
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    @Test
    void theRightRoleGets200WithItsInjectedClaims() throws Exception {
        HttpResponse<String> response = jetty.get("/api/reports/summary",
                Tokens.token("root", "user", "admin"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("summary for root", response.body());
    }

    @Test
    void aMissingTokenOnAProtectedMethodGets401WithABareChallenge() throws Exception {
        HttpResponse<String> response = jetty.get("/api/reports/summary", null);
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("Bearer realm=\"perimeter-test\"",
                response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals("{\"error\":\"unauthorized\",\"error_description\":\"a bearer token is required\"}",
                response.body());
    }
}
