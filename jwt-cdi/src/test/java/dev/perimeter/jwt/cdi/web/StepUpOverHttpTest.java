package dev.perimeter.jwt.cdi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.cdi.JwtFeature;
import dev.perimeter.jwt.cdi.Tokens;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.servlet.JwtFilter;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code @StepUp} on a JAX-RS resource over real HTTP, with JAX-RS verifying and behind the
 * servlet filter: a password-only or old login gets 401 {@code insufficient_user_authentication}
 * with the exact challenge and the JSON body, and the method does not run.
 */
class StepUpOverHttpTest {

    private static final String CHALLENGE = "Bearer realm=\"perimeter-test\","
            + " error=\"insufficient_user_authentication\","
            + " error_description=\"a stronger authentication is required\","
            + " acr_values=\"mfa\", max_age=\"300\"";

    private static String login(String acr, long ago) {
        String claims = TestTokens.claims("alice", Instant.now(), "user");
        return Tokens.tokenWithClaims(claims.substring(0, claims.length() - 1) + ",\"acr\":\"" + acr
                + "\",\"auth_time\":" + (Instant.now().getEpochSecond() - ago) + "}");
    }

    private static void assertTheContract(JerseyOnJetty jetty) throws Exception {
        HttpResponse<String> strong = jetty.get("/api/payments", login("mfa", 10));
        assertEquals(200, strong.statusCode(), strong.body());
        assertEquals("payments", strong.body());

        HttpResponse<String> weak = jetty.get("/api/payments", login("pwd", 10));
        assertEquals(401, weak.statusCode(), weak.body());
        assertEquals(CHALLENGE, weak.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals("{\"error\":\"insufficient_user_authentication\",\"error_description\":"
                + "\"a stronger authentication is required\"}", weak.body());
        assertEquals("no-store", weak.headers().firstValue("Cache-Control").orElse(null));

        HttpResponse<String> old = jetty.get("/api/payments", login("mfa", 400));
        assertEquals(401, old.statusCode(), old.body());
        assertEquals(CHALLENGE.replace("a stronger", "a more recent"),
                old.headers().firstValue("WWW-Authenticate").orElse(null));

        assertEquals("rates", jetty.get("/api/payments/rates", login("pwd", 10_000)).body(),
                "no step-up where none is asked");
    }

    @Test
    void withJaxRsVerifying() throws Exception {
        try (Perimeter perimeter = Perimeter.start(Tokens.config());
                JerseyOnJetty jetty = new JerseyOnJetty(new ResourceConfig(PaymentsResource.class)
                        .register(JwtFeature.verifying(perimeter)), null, PaymentsResource.class)) {
            assertTheContract(jetty);
        }
    }

    @Test
    void behindTheServletFilter() throws Exception {
        JwtConfig config = Tokens.configBuilder().build();
        try (JerseyOnJetty jetty = new JerseyOnJetty(new ResourceConfig(PaymentsResource.class)
                .register(JwtFeature.behindServletFilter(Tokens.REALM)), new JwtFilter(config),
                PaymentsResource.class)) {
            assertTheContract(jetty);
        }
    }
}
