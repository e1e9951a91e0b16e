package dev.perimeter.jwt.cdi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.cdi.JwtFeature;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.cdi.Tokens;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * The JAX-RS filter passes the servlet container's client address to the verifier, so the
 * per-address budget of failed signatures applies to JAX-RS as it does to the servlet filter.
 */
class JaxRsSignatureBudgetTest {

    private static final int LIMIT = 3;

    @Test
    void anAddressThatSpentItsBudgetIsRefusedUnchecked() throws Exception {
        JwtConfig config = JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .set("realm", Tokens.REALM)
                .set("signature-failure-limit", Integer.toString(LIMIT))
                .set("signature-failure-window", "60")
                .build();
        try (Perimeter perimeter = Perimeter.start(config);
                JerseyOnJetty jetty = new JerseyOnJetty(new ResourceConfig(ReportsResource.class)
                .register(JwtFeature.verifying(perimeter)), null, ReportsResource.class,
                AuditLog.class)) {
            for (int i = 0; i < LIMIT; i++) {
                HttpResponse<String> forged = jetty.get("/api/reports/me", forged("mallory" + i));
                assertEquals(401, forged.statusCode(), forged.body());
                assertEquals("{\"error\":\"invalid_token\",\"error_description\":"
                        + "\"the token signature is invalid\"}", forged.body());
            }
            HttpResponse<String> over = jetty.get("/api/reports/me", forged("mallory"));
            assertEquals(401, over.statusCode(), over.body());
            assertEquals("{\"error\":\"invalid_token\",\"error_description\":"
                    + "\"too many invalid signatures came from this address; try again later\"}",
                    over.body());
        }
    }

    /** A token for {@code subject} carrying another token's signature. */
    private static String forged(String subject) {
        String token = Tokens.token(subject, "user");
        String other = Tokens.token("someone-else", "user");
        return token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
    }
}
