package dev.perimeter.jwt.microprofile.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mp.jwt.token.header=Cookie}: the token comes in the named cookie, and a token in
 * {@code Authorization} is not looked at (no caller where a role is needed: 401).
 */
class TokenInACookieTest {

    private static MpJwtOnJetty app;

    @BeforeAll
    static void start() throws Exception {
        app = new MpJwtOnJetty(Map.of(
                "mp.jwt.verify.publickey", TestKeys.pem(TestKeys.RSA.getPublic()),
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "mp.jwt.token.header", "Cookie",
                "mp.jwt.token.cookie", "jwt"), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static String token() {
        return MicroProfileJwtFilterTest.valid("Echoer");
    }

    @Test
    void theNamedCookieCarriesTheToken() throws Exception {
        assertEquals(200, app.getWithCookie("/api/caller/echoer", "jwt=" + token()).statusCode());
    }

    @Test
    void aTokenInTheAuthorizationHeaderIsNotLookedAt() throws Exception {
        assertEquals(401, app.get("/api/caller/echoer", token()).statusCode());
        assertEquals("anonymous", app.get("/api/caller/permitted", token()).body());
    }

    @Test
    void anotherCookieIsNoToken() throws Exception {
        assertEquals(401, app.getWithCookie("/api/caller/echoer", "Bearer=" + token()).statusCode());
    }

    @Test
    void anExpiredCookieTokenIsRefused() throws Exception {
        String expired = TestTokens.sign(TestTokens.header("RS256", null),
                TestTokens.claims("jdoe", Instant.now().minusSeconds(3600), "Echoer"), "SHA256withRSA",
                TestKeys.RSA.getPrivate());
        assertEquals(401, app.getWithCookie("/api/caller/permitted", "jwt=" + expired).statusCode());
    }
}
