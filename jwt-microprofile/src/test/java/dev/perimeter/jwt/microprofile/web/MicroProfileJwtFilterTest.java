package dev.perimeter.jwt.microprofile.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile JWT's authentication and JAX-RS constraints over HTTP, on Perimeter's pipeline:
 * a valid token makes a {@code JsonWebToken} caller with its groups as roles; no token is
 * anonymous and the annotations decide; any refused token is 401 whatever the resource.
 */
class MicroProfileJwtFilterTest {

    private static MpJwtOnJetty app;

    @BeforeAll
    static void start() throws Exception {
        app = new MpJwtOnJetty(Map.of(
                "mp.jwt.verify.publickey.location", "/publicKey.pem",
                "mp.jwt.verify.issuer", TestTokens.ISSUER),
                Map.of("publicKey.pem", TestKeys.pem(TestKeys.RSA.getPublic())));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    static String token(String claims) {
        return TestTokens.sign(TestTokens.header("RS256", null), claims, "SHA256withRSA",
                TestKeys.RSA.getPrivate());
    }

    static String valid(String... groups) {
        return token(TestTokens.claims("jdoe", Instant.now(), groups));
    }

    @Test
    void aValidTokenIsAJsonWebTokenCallerWithItsGroupsAsRoles() throws Exception {
        HttpResponse<String> response = app.get("/api/caller/echoer", valid("Echoer", "group1"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("jdoe MP-JWT true group1=true", response.body());
    }

    @Test
    void aCallerWithoutTheRoleIsForbidden() throws Exception {
        HttpResponse<String> response = app.get("/api/caller/echoer", valid("group1"));
        assertEquals(403, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("")
                .contains("insufficient_scope"), response.headers().toString());
    }

    @Test
    void anyOfTheRolesAdmits() throws Exception {
        assertEquals(200, app.get("/api/caller/tester", valid("Other")).statusCode());
    }

    @Test
    void noTokenWhereARoleIsNeededIsUnauthorizedWithAChallenge() throws Exception {
        HttpResponse<String> response = app.get("/api/caller/echoer", null);
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    @Test
    void noTokenOnAPermittedMethodIsAnonymous() throws Exception {
        HttpResponse<String> response = app.get("/api/caller/permitted", null);
        assertEquals(200, response.statusCode());
        assertEquals("anonymous", response.body());
    }

    @Test
    void denyAllRefusesEvenAValidCaller() throws Exception {
        assertEquals(403, app.get("/api/caller/denied", valid("Echoer")).statusCode());
    }

    @Test
    void aRefusedTokenIsUnauthorizedEvenWherePermitted() throws Exception {
        String forged = TestTokens.sign(TestTokens.header("RS256", null),
                TestTokens.claims("jdoe", Instant.now(), "Echoer"), "SHA256withRSA",
                TestKeys.RSA_OTHER.getPrivate());
        HttpResponse<String> response = app.get("/api/caller/permitted", forged);
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        assertTrue(response.body().contains("\"error\""), response.body());
    }

    @Test
    void expiredWrongIssuerAndGarbageAreUnauthorized() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        assertEquals(401, app.get("/api/caller/permitted",
                token(TestTokens.claims("jdoe", past, "Echoer"))).statusCode());
        assertEquals(401, app.get("/api/caller/permitted", token(TestTokens.claims("jdoe",
                Instant.now(), "Echoer").replace(TestTokens.ISSUER, "https://other.test")))
                .statusCode());
        assertEquals(401, app.get("/api/caller/permitted", "not.a.token").statusCode());
    }

    @Test
    void microProfileRequiredClaimsAreRequired() throws Exception {
        Instant now = Instant.now();
        String withoutIat = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"jdoe\",\"exp\":"
                + (now.getEpochSecond() + 300) + ",\"groups\":[\"Echoer\"]}";
        assertEquals(401, app.get("/api/caller/echoer", token(withoutIat)).statusCode());
        String withoutName = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + (now.getEpochSecond() + 300) + ",\"groups\":[\"Echoer\"]}";
        assertEquals(401, app.get("/api/caller/echoer", token(withoutName)).statusCode());
    }
}
