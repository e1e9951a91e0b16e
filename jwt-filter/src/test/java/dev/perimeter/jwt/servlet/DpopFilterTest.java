package dev.perimeter.jwt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.DpopProofs;
import dev.perimeter.jwt.testing.JettyHarness;
import dev.perimeter.jwt.testing.TestKeys;
import dev.perimeter.jwt.testing.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DPoP (RFC 9449) through the filter on real Jetty: one test per check of section 4.3, each
 * refusal asserted with its answer and with the servlet not having run. Proofs name {@link
 * DpopProofs#URL}, the configured {@code dpop-url}, while requests go to Jetty's own address.
 */
class DpopFilterTest {

    private static final String ALGS = "RS256 PS256 ES256 ES384 EdDSA";

    private JettyHarness jetty;
    private final DpopProofs client = DpopProofs.es256();

    @BeforeEach
    void start() throws Exception {
        jetty = start(Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
    }

    private static JettyHarness start(Map<String, String> more) throws Exception {
        Map<String, String> parameters = new HashMap<>(Map.of(
                "issuer", TestTokens.ISSUER,
                "audience", TestTokens.AUDIENCE,
                "public-key", TestKeys.pem(TestKeys.RSA.getPublic()),
                "dpop", "allowed",
                "dpop-url", DpopProofs.URL));
        parameters.putAll(more);
        return JettyHarness.withInitParameters(parameters);
    }

    private String boundToken() {
        return TestTokens.rs256(TestTokens.header("RS256", "k1"),
                client.boundClaims("alice", Instant.now(), "user"));
    }

    private HttpResponse<String> get(String path, String authorization, String... proofs)
            throws Exception {
        HttpRequest.Builder request = jetty.request(path).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (String proof : proofs) {
            request.header("DPoP", proof);
        }
        return jetty.send(request.build());
    }

    /** The request was refused with 401, {@code challenge} and {@code error}, and the servlet never ran. */
    private void assertRefused(HttpResponse<String> response, String error, String description) {
        assertEquals(401, response.statusCode(), response.body());
        String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("DPoP error=\"" + error + "\""), challenge);
        assertTrue(challenge.contains("algs=\"" + ALGS + "\""), challenge);
        assertTrue(response.body().contains("\"error\":\"" + error + "\""), response.body());
        assertTrue(response.body().contains(description), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(0, jetty.servletCalls());
    }

    private void assertProofRefused(String proof, String description) throws Exception {
        String token = boundToken();
        assertRefused(get("/api/me", "DPoP " + token, proof), "invalid_dpop_proof", description);
    }

    private String proofWith(String claims) {
        return client.sign(client.header(), claims);
    }

    private String claims(String method, String url, Instant iat, String token) {
        return DpopProofs.claims(method, url, iat, token);
    }

    @Test
    void aDpopBoundTokenWithAValidProofReachesTheServletAsItsCaller() throws Exception {
        String token = boundToken();
        HttpResponse<String> ok = get("/api/me", "DPoP " + token, client.proof("GET", "/api/me", token));
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"user\":\"alice\""), ok.body());
        assertFalse(ok.headers().firstValue("DPoP-Nonce").isPresent(), "nonces are off");
        assertEquals(1, jetty.servletCalls());
    }

    @Test
    void aDpopBoundTokenSentAsABearerTokenIsRefused() throws Exception {
        String token = boundToken();
        HttpResponse<String> refused = get("/api/me", "Bearer " + token, client.proof("GET", "/api/me", token));
        assertEquals(401, refused.statusCode());
        String challenge = refused.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("Bearer error=\"invalid_token\""), challenge);
        assertTrue(challenge.endsWith(", DPoP algs=\"" + ALGS + "\""), challenge);
        assertTrue(refused.body().contains("the token is DPoP-bound"), refused.body());
        assertEquals(0, jetty.servletCalls());
    }

    @Test
    void aDpopRequestWithoutAProofIsRefused() throws Exception {
        assertRefused(get("/api/me", "DPoP " + boundToken()), "invalid_dpop_proof",
                "a DPoP proof is required");
    }

    @Test
    void aDpopRequestWithTwoProofsIsRefused() throws Exception {
        String token = boundToken();
        assertRefused(get("/api/me", "DPoP " + token, client.proof("GET", "/api/me", token),
                client.proof("GET", "/api/me", token)), "invalid_dpop_proof", "exactly one DPoP proof");
    }

    @Test
    void aProofThatIsNotAJwsIsRefused() throws Exception {
        assertProofRefused("not-a-proof", "the DPoP proof is malformed");
        assertProofRefused(TestTokens.b64("{\"typ\":") + "." + TestTokens.b64("{}") + ".AAAA",
                "the DPoP proof is malformed");
    }

    @Test
    void aProofLongerThanTheLongestTokenIsRefusedUnparsed() throws Exception {
        jetty.close();
        jetty = start(Map.of("max-token-length", "2048"));
        assertProofRefused("a".repeat(2049), "the DPoP proof is too long");
    }

    @Test
    void aProofWhoseTypIsNotDpopJwtIsRefused() throws Exception {
        String token = boundToken();
        String header = client.header().replace("dpop+jwt", "JWT");
        assertProofRefused(client.sign(header, claims("GET", DpopProofs.URL + "/api/me", Instant.now(), token)),
                "typ is not dpop+jwt");
    }

    @Test
    void aProofSignedWithASymmetricOrNoAlgorithmIsRefused() throws Exception {
        String token = boundToken();
        String claims = claims("GET", DpopProofs.URL + "/api/me", Instant.now(), token);
        String hs256 = TestTokens.hs256("{\"typ\":\"dpop+jwt\",\"alg\":\"HS256\",\"jwk\":"
                + TestKeys.jwkSecret(TestKeys.utf8(TestKeys.SECRET_256), "s", "HS256") + "}", claims,
                TestKeys.utf8(TestKeys.SECRET_256));
        assertProofRefused(hs256, "algorithm is not accepted");
        String none = TestTokens.b64(client.header().replace("ES256", "none")) + "."
                + TestTokens.b64(claims) + ".AAAA";
        assertProofRefused(none, "algorithm is not accepted");
    }

    @Test
    void aProofWhoseAlgorithmIsNotInDpopAlgorithmsIsRefused() throws Exception {
        jetty.close();
        jetty = start(Map.of("dpop-algorithms", "RS256"));
        String token = boundToken();
        HttpResponse<String> refused = get("/api/me", "DPoP " + token, client.proof("GET", "/api/me", token));
        assertEquals(401, refused.statusCode());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElseThrow().contains("algs=\"RS256\""));
        assertTrue(refused.body().contains("algorithm is not accepted"), refused.body());
        assertEquals(0, jetty.servletCalls());
    }

    @Test
    void aProofWhoseJwkHoldsAPrivatePartIsRefused() throws Exception {
        String token = boundToken();
        String header = client.header().replace("\"kty\":\"EC\"", "\"kty\":\"EC\",\"d\":\"AAAA\"");
        assertProofRefused(client.sign(header, claims("GET", DpopProofs.URL + "/api/me", Instant.now(), token)),
                "jwk holds a private key");
    }

    @Test
    void aProofWithoutJwkOrWithAKeyReferenceIsRefused() throws Exception {
        String token = boundToken();
        String claims = claims("GET", DpopProofs.URL + "/api/me", Instant.now(), token);
        assertProofRefused(client.sign("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"kid\":\"k\"}", claims),
                "has no jwk");
        assertProofRefused(client.sign(client.header().replace("{\"typ\"",
                "{\"jku\":\"https://evil.test/keys\",\"typ\""), claims), "not accepted");
    }

    @Test
    void aProofSignedByAnotherKeyThanItsJwkIsRefused() throws Exception {
        String token = boundToken();
        DpopProofs other = DpopProofs.es256();
        String forged = other.sign(client.header(), claims("GET", DpopProofs.URL + "/api/me", Instant.now(), token));
        assertProofRefused(forged, "signature is invalid");
    }

    @Test
    void aProofWhoseJwkIsNotOnItsCurveIsRefused() throws Exception {
        String token = boundToken();
        String header = client.header().replaceFirst("\"y\":\"[^\"]+\"",
                "\"y\":\"" + TestTokens.signatureOf("x." + "x." + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") + "\"");
        assertProofRefused(client.sign(header, claims("GET", DpopProofs.URL + "/api/me", Instant.now(), token)),
                "not a valid public key");
    }

    @Test
    void aKnownKeyMarkedForAnotherUseIsRefusedThoughItsKeyWasParsedBefore() throws Exception {
        String token = boundToken();
        assertEquals(200, get("/api/me", "DPoP " + token, client.proof("GET", "/api/me", token)).statusCode());
        String header = client.header().replace("\"kty\":\"EC\"", "\"kty\":\"EC\",\"use\":\"enc\"");
        String claims = claims("GET", DpopProofs.URL + "/api/me", Instant.now(), token);
        HttpResponse<String> refused = get("/api/me", "DPoP " + token, client.sign(header, claims));
        assertEquals(401, refused.statusCode());
        assertTrue(refused.body().contains("not a valid public key"), refused.body());
        assertEquals(1, jetty.servletCalls());
    }

    @Test
    void aProofForAnotherMethodIsRefused() throws Exception {
        String token = boundToken();
        assertProofRefused(proofWith(claims("POST", DpopProofs.URL + "/api/me", Instant.now(), token)),
                "htm is not this request's method");
    }

    @Test
    void aProofForAnotherUrlIsRefused() throws Exception {
        String token = boundToken();
        assertProofRefused(proofWith(claims("GET", DpopProofs.URL + "/api/other", Instant.now(), token)),
                "htu is not this request's URL");
        assertProofRefused(proofWith(claims("GET", "https://other.example.test/api/me", Instant.now(), token)),
                "htu is not this request's URL");
    }

    @Test
    void aProofNamingTheAddressTheHostHeaderGivesIsRefused() throws Exception {
        // The client controls Host: only the configured dpop-url is trusted.
        String token = boundToken();
        assertProofRefused(proofWith(claims("GET", jetty.uri("/api/me").toString(), Instant.now(), token)),
                "htu is not this request's URL");
    }

    @Test
    void aProofsHtuIsComparedAfterNormalizationAndWithoutTheQuery() throws Exception {
        String token = boundToken();
        String htu = "HTTPS://API.Example.TEST:443/api/./x/../%6De";
        HttpResponse<String> ok = get("/api/me?page=2", "DPoP " + token,
                proofWith(claims("GET", htu, Instant.now(), token)));
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    void aProofTooOldOrFromTheFutureIsRefusedAndOneWithinTheWindowIsAccepted() throws Exception {
        String token = boundToken();
        String url = DpopProofs.URL + "/api/me";
        assertProofRefused(proofWith(claims("GET", url, Instant.now().minusSeconds(65), token)), "too old");
        assertProofRefused(proofWith(claims("GET", url, Instant.now().plusSeconds(35), token)),
                "issued in the future");
        assertProofRefused(proofWith(claims("GET", url, Instant.now(), token).replaceFirst(
                "\"iat\":\\d+", "\"iat\":\"now\"")), "no numeric iat");
        HttpResponse<String> ok = get("/api/me", "DPoP " + token,
                proofWith(claims("GET", url, Instant.now().minusSeconds(50), token)));
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    void aProofWithoutAthOrWithTheHashOfAnotherTokenIsRefused() throws Exception {
        String token = boundToken();
        String url = DpopProofs.URL + "/api/me";
        assertProofRefused(proofWith(claims("GET", url, Instant.now(), null)), "ath is not the hash");
        assertProofRefused(proofWith(claims("GET", url, Instant.now(), boundToken())), "ath is not the hash");
    }

    @Test
    void aProofByAnotherKeyThanTheTokenIsBoundToIsRefused() throws Exception {
        String token = boundToken();
        DpopProofs thief = DpopProofs.es256();
        assertRefused(get("/api/me", "DPoP " + token, thief.proof("GET", "/api/me", token)),
                "invalid_dpop_proof", "not the key the token is bound to");
    }

    @Test
    void aReplayedProofIsRefusedTheSecondTime() throws Exception {
        String token = boundToken();
        String proof = client.proof("GET", "/api/me", token);
        assertEquals(200, get("/api/me", "DPoP " + token, proof).statusCode());
        HttpResponse<String> replay = get("/api/me", "DPoP " + token, proof);
        assertEquals(401, replay.statusCode());
        assertTrue(replay.body().contains("the DPoP proof was used before"), replay.body());
        assertEquals(1, jetty.servletCalls());
    }

    @Test
    void aProofWithoutJtiOrWithAnOversizedOneIsRefused() throws Exception {
        String token = boundToken();
        String claims = claims("GET", DpopProofs.URL + "/api/me", Instant.now(), token);
        assertProofRefused(proofWith(claims.replaceFirst("\"jti\":\"[^\"]+\",", "")), "has no jti");
        assertProofRefused(proofWith(claims.replaceFirst("\"jti\":\"[^\"]+\"",
                "\"jti\":\"" + "j".repeat(257) + "\"")), "jti is too long");
    }

    @Test
    void aTokenNotBoundToAKeyIsRefusedWithTheDpopScheme() throws Exception {
        String token = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", Instant.now(), "user"));
        HttpResponse<String> refused = get("/api/me", "DPoP " + token, client.proof("GET", "/api/me", token));
        assertRefused(refused, "invalid_token", "the token is not DPoP-bound");
        assertEquals(200, get("/api/me", "Bearer " + token).statusCode(), "as a bearer token it passes");
    }

    @Test
    void anInvalidTokenWithTheDpopSchemeIsAnsweredInThatScheme() throws Exception {
        String forged = TestTokens.sign(TestTokens.header("RS256", "k1"),
                client.boundClaims("alice", Instant.now(), "user"), "SHA256withRSA",
                TestKeys.RSA_OTHER.getPrivate());
        assertRefused(get("/api/me", "DPoP " + forged, client.proof("GET", "/api/me", forged)),
                "invalid_token", "signature");
    }

    @Test
    void withDpopAllowedAMissingTokenIsChallengedInBothSchemes() throws Exception {
        HttpResponse<String> none = get("/api/me", null);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer, DPoP algs=\"" + ALGS + "\"",
                none.headers().firstValue("WWW-Authenticate").orElseThrow());
        HttpResponse<String> empty = get("/api/me", "DPoP ");
        assertEquals(400, empty.statusCode());
        assertTrue(empty.body().contains("the DPoP token is empty"), empty.body());
        assertEquals(0, jetty.servletCalls());
    }

    @Test
    void withDpopRequiredBearerTokensAreRefusedAndOnlyDpopIsOffered() throws Exception {
        jetty.close();
        jetty = start(Map.of("dpop", "required", "realm", "api"));
        String bearer = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                TestTokens.claims("alice", Instant.now(), "user"));
        HttpResponse<String> refused = get("/api/me", "Bearer " + bearer);
        assertEquals(401, refused.statusCode());
        String challenge = refused.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("DPoP realm=\"api\", error=\"invalid_token\""), challenge);
        assertEquals("DPoP realm=\"api\", algs=\"" + ALGS + "\"",
                get("/api/me", null).headers().firstValue("WWW-Authenticate").orElseThrow());
        String token = boundToken();
        assertEquals(200, get("/api/me", "DPoP " + token, client.proof("GET", "/api/me", token)).statusCode());
        assertEquals(1, jetty.servletCalls());
    }

    @Test
    void withDpopOffTheSchemeIsNotReadAndABoundBearerTokenIsStillRefused() throws Exception {
        jetty.close();
        jetty = start(Map.of("dpop", "off"));
        String token = boundToken();
        HttpResponse<String> dpop = get("/api/me", "DPoP " + token, client.proof("GET", "/api/me", token));
        assertEquals(401, dpop.statusCode());
        assertEquals("Bearer", dpop.headers().firstValue("WWW-Authenticate").orElseThrow());
        HttpResponse<String> bearer = get("/api/me", "Bearer " + token);
        assertEquals(401, bearer.statusCode());
        assertEquals("Bearer error=\"invalid_token\", error_description=\"the token is DPoP-bound: send"
                + " it with the DPoP scheme and a DPoP proof\"",
                bearer.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(0, jetty.servletCalls());
    }

    @Test
    void withNoncesAProofWithoutTheNonceGetsOneAndTheRetryPasses() throws Exception {
        jetty.close();
        jetty = start(Map.of("dpop-nonce", "true"));
        String token = boundToken();
        HttpResponse<String> first = get("/api/me", "DPoP " + token, client.proof("GET", "/api/me", token));
        assertEquals(401, first.statusCode());
        assertTrue(first.headers().firstValue("WWW-Authenticate").orElseThrow()
                .startsWith("DPoP error=\"use_dpop_nonce\""));
        String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
        assertEquals(0, jetty.servletCalls());

        String url = DpopProofs.URL + "/api/me";
        String withNonce = claims("GET", url, Instant.now(), token).replace("}", ",\"nonce\":\"" + nonce + "\"}");
        HttpResponse<String> retry = get("/api/me", "DPoP " + token, proofWith(withNonce));
        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals(nonce, retry.headers().firstValue("DPoP-Nonce").orElseThrow());

        String forgedNonce = claims("GET", url, Instant.now(), token)
                .replace("}", ",\"nonce\":\"" + nonce.substring(0, 20) + "AAAAAAAAAAAA\"}");
        HttpResponse<String> forged = get("/api/me", "DPoP " + token, proofWith(forgedNonce));
        assertEquals(401, forged.statusCode());
        assertTrue(forged.body().contains("use_dpop_nonce"), forged.body());
        assertEquals(1, jetty.servletCalls());
    }

    @Test
    void aTokenWhoseCnfCannotBeCheckedIsRefused() throws Exception {
        String claims = TestTokens.claims("alice", Instant.now(), "user");
        for (String cnf : new String[] {"\"cnf\":\"x\"", "\"cnf\":{\"jwk\":{}}", "\"cnf\":{\"jkt\":7}"}) {
            String token = TestTokens.rs256(TestTokens.header("RS256", "k1"),
                    claims.substring(0, claims.length() - 1) + "," + cnf + "}");
            HttpResponse<String> refused = get("/api/me", "Bearer " + token);
            assertEquals(401, refused.statusCode(), cnf);
            assertTrue(refused.body().contains("names no binding this server can check"), refused.body());
        }
        assertEquals(0, jetty.servletCalls());
    }
}
