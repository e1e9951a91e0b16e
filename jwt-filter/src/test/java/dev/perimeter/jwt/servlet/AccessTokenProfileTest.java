package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code profile=rfc9068} through the filter on Jetty: an RFC 9068 access token passes with its
 * roles from groups, roles and entitlements; an ID token, a token of another type and one that
 * lacks a claim the profile requires are refused with a description that says which.
 */
class AccessTokenProfileTest {

    private JettyHarness jetty;

    @BeforeEach
    void start() throws Exception {
        jetty = JettyHarness.withInitParameters(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic()),
                "profile", "rfc9068",
                "rules", "/api/admin/* = admin; /api/billing/* = billing; /api/reports/* = analyst"));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
    }

    private static String claims(String extra) {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"alice\",\"aud\":\"" + TestTokens.AUDIENCE
                + "\",\"client_id\":\"spa\",\"iat\":" + now + ",\"exp\":" + (now + 300)
                + ",\"jti\":\"" + UUID.randomUUID() + "\"" + extra + "}";
    }

    private static String token(String typ, String claims) {
        return TestTokens.rs256("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"" + typ + "\"}", claims);
    }

    private void assertRefused(String token, String description) throws Exception {
        HttpResponse<String> refused = jetty.getWithBearer("/api/me", token);
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"error\":\"invalid_token\""), refused.body());
        assertTrue(refused.body().contains(description), refused.body());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElseThrow().contains(description));
    }

    @Test
    void anRfc9068AccessTokenPassesWithRolesFromGroupsRolesAndEntitlements() throws Exception {
        String token = token("at+jwt", claims(",\"scope\":\"read write read\",\"groups\":[\"admin\"],"
                + "\"roles\":[\"billing\"],\"entitlements\":[\"analyst\"]"));
        for (String path : new String[] {"/api/me", "/api/admin/x", "/api/billing/x", "/api/reports/x"}) {
            HttpResponse<String> ok = jetty.getWithBearer(path, token);
            assertEquals(200, ok.statusCode(), path + ": " + ok.body());
        }
        assertEquals(200, jetty.getWithBearer("/api/me", token("application/at+jwt", claims(""))).statusCode());
        assertEquals(403, jetty.getWithBearer("/api/admin/x", token("at+jwt", claims(""))).statusCode());
    }

    @Test
    void aTokenOfAnotherTypeIsRefusedAsNotAnAccessToken() throws Exception {
        assertRefused(token("JWT", claims("")), "only RFC 9068 access tokens are accepted");
        assertRefused(TestTokens.rs256("{\"alg\":\"RS256\",\"kid\":\"k1\"}", claims("")),
                "only RFC 9068 access tokens are accepted");
    }

    @Test
    void anIdTokenIsRefusedAsSuchEvenWhenItsTypeIsAtJwt() throws Exception {
        assertRefused(token("at+jwt", claims(",\"nonce\":\"n-0S6_WzA2Mj\"")), "it is an ID token");
        assertRefused(token("at+jwt", claims(",\"at_hash\":\"77QmUPtjPfzWtF2AnpK9RQ\"")), "it is an ID token");
        String audienceIsTheClient = claims("").replace("\"aud\":\"" + TestTokens.AUDIENCE + "\"",
                "\"aud\":[\"" + TestTokens.AUDIENCE + "\",\"spa\"]");
        assertRefused(token("at+jwt", audienceIsTheClient), "the client it was issued to (client_id)");
        assertRefused(token("at+jwt", claims(",\"azp\":\"" + TestTokens.AUDIENCE + "\"")),
                "the client it was issued to (azp)");
        assertEquals(0, jetty.servletCalls());
    }

    @Test
    void eachClaimTheProfileRequiresIsRequired() throws Exception {
        for (String claim : new String[] {"iss", "exp", "aud", "sub", "client_id", "iat", "jti"}) {
            String without = claims("").replaceFirst("\"" + claim + "\":(\"[^\"]*\"|\\d+),?", "")
                    .replace(",}", "}");
            HttpResponse<String> refused = jetty.getWithBearer("/api/me", token("at+jwt", without));
            assertEquals(401, refused.statusCode(), claim + ": " + refused.body());
        }
        assertEquals(0, jetty.servletCalls());
    }

    @Test
    void theProfileWithoutAnAudienceFailsTheStartNamingAudience() {
        ConfigException e = assertThrows(ConfigException.class, () -> JwtConfig.builder()
                .issuer(TestTokens.ISSUER).publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .set("profile", "rfc9068").build());
        assertEquals("audience", e.parameter());
        ConfigException unknown = assertThrows(ConfigException.class, () -> JwtConfig.builder()
                .issuer(TestTokens.ISSUER).audience("a").publicKey(TestKeys.pem(TestKeys.RSA.getPublic()))
                .set("profile", "rfc9069").build());
        assertEquals("profile", unknown.parameter());
    }
}
