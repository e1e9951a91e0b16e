package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtFilterSmokeTest {

    @Test
    void aValidRs256TokenReachesTheServletAndAMissingOneGets401() throws Exception {
        try (JettyHarness jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic())))) {
            String token = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                    TestTokens.claims("alice", Instant.now(), "user"));
            HttpResponse<String> ok = jetty.getWithBearer("/api/me", token);
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("\"user\":\"alice\""), ok.body());
            assertTrue(ok.body().contains("\"authType\":\"BEARER\""), ok.body());
            assertTrue(ok.body().contains("\"user-role\":true"), ok.body());

            HttpResponse<String> none = jetty.send(jetty.request("/api/me").GET().build());
            assertEquals(401, none.statusCode());
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals(1, jetty.servletCalls());
        }
    }
}
