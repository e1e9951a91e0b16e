package dev.perimeter.jwt.microprofile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.runtime.Perimeter;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Injection behind the module's own {@link MicroProfileJwtFilter} rather than the stand-in: the
 * token it admits is the injected {@code JsonWebToken}, claim values and {@code Principal}; a
 * request without a token is anonymous.
 */
class ModuleFilterInjectionTest {

    private static Perimeter perimeter;
    private static MicroProfileOnJetty jetty;

    @BeforeAll
    static void start() throws Exception {
        perimeter = Perimeter.start(JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .build());
        jetty = new MicroProfileOnJetty(new MicroProfileJwtFilter(perimeter),
                ApplicationScopedClaimsResource.class, PrincipalResource.class, WrongTypeResource.class);
    }

    @AfterAll
    static void stop() {
        try {
            if (jetty != null) {
                jetty.close();
            }
        } finally {
            if (perimeter != null) {
                perimeter.close();
            }
        }
    }

    @Test
    void theFiltersTokenIsInjectedAndFollowedRequestByRequest() throws Exception {
        String lena = MpTokens.token("lena", "Tester");
        String mark = MpTokens.token("mark", "Echoer");

        Map<String, String> first = get("/api/application", lena);
        Map<String, String> second = get("/api/application", mark);
        Map<String, String> anonymous = get("/api/application", null);

        assertEquals("String:lena@example.com", first.get("jwt.name"));
        assertEquals("String:" + lena, first.get("rawToken"));
        assertEquals("Set:[Tester]", first.get("groups"));
        assertEquals("String:mark", second.get("sub"));
        assertEquals("String:" + mark, second.get("providerRawToken"));
        assertEquals("null", anonymous.get("jwt.name"));
        assertEquals("null", anonymous.get("sub"));
    }

    @Test
    void theInjectedPrincipalIsTheFiltersCaller() throws Exception {
        Map<String, String> values = get("/api/principal", MpTokens.token("nina"));

        assertEquals("String:nina@example.com", values.get("name"));
        assertEquals("Boolean:true", values.get("sameNameAsJaxRs"));
    }

    @Test
    void aRefusedTokenNeverReachesTheBeans() throws Exception {
        String forged = TestTokens.withSignature(MpTokens.token("oscar"), "AAAA");

        assertEquals(401, jetty.get("/api/application", forged).statusCode());
    }

    @Test
    void aClaimOfTheWrongTypeIsTheTokensFaultNotAServerError() throws Exception {
        HttpResponse<String> response = jetty.get("/api/wrong", MpTokens.token("lena"));

        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        assertTrue(response.body().contains("claim 'sub'"), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    private static Map<String, String> get(String path, String token) throws Exception {
        HttpResponse<String> response = jetty.get(path, token);
        assertEquals(200, response.statusCode(), response.body());
        return Rendered.parse(response.body());
    }
}
