package dev.perimeter.jwt.cdi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.cdi.JwtExceptionMapper;
import dev.perimeter.jwt.cdi.JwtFeature;
import dev.perimeter.jwt.cdi.Tokens;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * Jersey on Jetty behind the servlet {@code JwtFilter}: the filter verifies (and answers a missing
 * or invalid token itself), the annotations refine by role, CDI beans see the filter's token.
 */
class ServletFilterInFrontTest {

    private static final String ROOT = Tokens.token("root", "user", "admin");
    private static final String ALICE = Tokens.token("alice", "user");

    private static JwtFilter filter() {
        JwtConfig config = JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .set("realm", Tokens.REALM)
                .publicPaths("/api/reports/status")
                .build();
        return new JwtFilter(config);
    }

    @Test
    void withOnlyTheExceptionMapperBeansReadTheFiltersRequestAttribute() throws Exception {
        try (JerseyOnJetty jetty = new JerseyOnJetty(new ResourceConfig(ReportsResource.class)
                .register(new JwtExceptionMapper(Tokens.REALM)), filter(),
                ReportsResource.class, AuditLog.class)) {
            assertTheContract(jetty);
        }
    }

    @Test
    void withTheFeatureBehindTheFilterNothingIsVerifiedTwiceAndTheContractHolds() throws Exception {
        try (JerseyOnJetty jetty = new JerseyOnJetty(new ResourceConfig(ReportsResource.class)
                .register(JwtFeature.behindServletFilter(Tokens.REALM)), filter(),
                ReportsResource.class, AuditLog.class)) {
            assertTheContract(jetty);
            assertEquals("principal=root admin=true scheme=BEARER",
                    jetty.get("/api/reports/context", ROOT).body());
        }
    }

    private static void assertTheContract(JerseyOnJetty jetty) throws Exception {
        HttpResponse<String> ok = jetty.get("/api/reports/summary", ROOT);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("summary for root", ok.body());
        assertEquals("sub=alice groups=[user]", jetty.get("/api/reports/me", ALICE).body());

        HttpResponse<String> none = jetty.get("/api/reports/summary", null);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"perimeter-test\"", challenge(none));

        HttpResponse<String> wrongRole = jetty.get("/api/reports/summary", ALICE);
        assertEquals(403, wrongRole.statusCode(), wrongRole.body());
        assertEquals("Bearer realm=\"perimeter-test\", error=\"insufficient_scope\","
                + " error_description=\"the token lacks the role this resource requires\","
                + " scope=\"admin\"", challenge(wrongRole));
        assertEquals("{\"error\":\"insufficient_scope\",\"error_description\":\"the token lacks"
                + " the role this resource requires\"}", wrongRole.body());

        HttpResponse<String> invalid = jetty.get("/api/reports/summary", ROOT + "x");
        assertEquals(401, invalid.statusCode());
        assertTrue(challenge(invalid).contains("error=\"invalid_token\""), challenge(invalid));

        HttpResponse<String> denied = jetty.send(jetty.request("/api/reports/all")
                .header("Authorization", "Bearer " + ROOT).DELETE().build());
        assertEquals(403, denied.statusCode());
        assertTrue(denied.body().contains("\"error\":\"access_denied\""), denied.body());

        assertEquals("up, authenticated=false", jetty.get("/api/reports/status", null).body());
    }

    private static String challenge(HttpResponse<String> response) {
        return response.headers().firstValue("WWW-Authenticate").orElse(null);
    }
}
