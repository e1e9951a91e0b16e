package dev.perimeter.example;

import static dev.perimeter.example.RunningExample.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DPoP (RFC 9449) end to end over HTTP, with proofs a Java client makes: a login with a proof
 * gets tokens bound to its key ({@code token_type} {@code DPoP}, {@code cnf.jkt}); the API admits
 * such a token only with a fresh proof of that key, never as a bearer token; bad proofs at the
 * login are 400 {@code invalid_dpop_proof}; a bound refresh token is spent only with a proof of
 * its key, and stays usable when a proof is missing or of another key; logout and revocation
 * work with DPoP tokens, and the admin view tells bound sessions; an unbound family refreshes as
 * before. And with {@code dpop-nonce} on,
 * the login and the API ask for the server's nonce. In both modes (the filter; in container mode
 * the jwt-authentication module).
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleDpopTest {

    private static final String LOGIN = "{\"username\":\"alice\",\"password\":\"alice-password\"}";

    static Path data;
    static RunningExample app;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("perimeter-example-dpop");
        app = RunningExample.start(data);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** The URL a proof names for {@code path}: the server's own, which is its dpop-url. */
    static String htu(RunningExample app, String path) {
        return app.uri(path).toString();
    }

    // --- login ---

    @Test
    void aLoginWithAProofGetsDpopTokensBoundToItsKey() throws Exception {
        DpopProofs key = DpopProofs.newKey();
        HttpResponse<String> response = login(app, key.proof("POST", htu(app, "/auth/login")));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("DPoP", body.get("token_type").asText());
        assertTrue(body.get("expires_in").asLong() > 0);
        assertFalse(body.get("refresh_token").asText().isEmpty());
        Map<String, Object> cnf = JWT.decode(body.get("access_token").asText()).getClaim("cnf").asMap();
        assertEquals(Map.of("jkt", key.thumbprint()), cnf);
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void aLoginWithoutAProofStaysAsItWasBearerTokensWithoutCnf() throws Exception {
        HttpResponse<String> response = app.postJson("/auth/login", LOGIN, null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Bearer", json(response).get("token_type").asText());
        assertTrue(JWT.decode(json(response).get("access_token").asText()).getClaim("cnf").isMissing());
    }

    @Test
    void aLoginWithABadProofIs400InvalidDpopProofAndIssuesNothing() throws Exception {
        DpopProofs key = DpopProofs.newKey();
        String url = htu(app, "/auth/login");
        long now = Instant.now().getEpochSecond();
        Map<String, Function<DpopProofs, List<String>>> bad = new LinkedHashMap<>();
        bad.put("htm GET", k -> List.of(k.proof("GET", url)));
        bad.put("htu of another endpoint", k -> List.of(k.proof("POST", htu(app, "/auth/refresh"))));
        bad.put("htu of another origin (the issuer's)", k -> List.of(k.proof("POST",
                "http://localhost:8080/auth/login")));
        bad.put("iat an hour ago", k -> List.of(k.proof("POST", url, null, h -> { },
                c -> c.put("iat", now - 3600))));
        bad.put("iat an hour ahead", k -> List.of(k.proof("POST", url, null, h -> { },
                c -> c.put("iat", now + 3600))));
        bad.put("no jti", k -> List.of(k.proof("POST", url, null, h -> { }, c -> c.remove("jti"))));
        bad.put("typ JWT", k -> List.of(k.proof("POST", url, null, h -> h.put("typ", "JWT"), c -> { })));
        bad.put("alg HS256", k -> List.of(k.proof("POST", url, null, h -> h.put("alg", "HS256"), c -> { })));
        bad.put("a private key in the jwk", k -> List.of(k.proof("POST", url, null, h -> {
            Map<String, Object> jwk = new LinkedHashMap<>(k.jwk());
            jwk.put("d", "AAAA");
            h.put("jwk", jwk);
        }, c -> { })));
        bad.put("the jwk of another key", k -> List.of(k.proof("POST", url, null,
                h -> h.put("jwk", DpopProofs.newKey().jwk()), c -> { })));
        bad.put("a signature of other claims", k -> {
            String[] one = k.proof("POST", url).split("\\.");
            String[] other = k.proof("POST", url).split("\\.");
            return List.of(one[0] + "." + one[1] + "." + other[2]);
        });
        bad.put("not a JWS", k -> List.of("not-a-proof"));
        bad.put("two proofs", k -> List.of(k.proof("POST", url), k.proof("POST", url)));
        for (Map.Entry<String, Function<DpopProofs, List<String>>> proof : bad.entrySet()) {
            HttpResponse<String> refused = login(app, proof.getValue().apply(key));
            assertEquals(400, refused.statusCode(), proof.getKey() + ": " + refused.body());
            JsonNode body = json(refused);
            assertEquals("invalid_dpop_proof", body.get("error").asText(), proof.getKey());
            assertFalse(body.get("error_description").asText().isEmpty(), proof.getKey());
            assertNull(body.get("access_token"), proof.getKey());
            assertEquals("no-store", refused.headers().firstValue("Cache-Control").orElse(null));
        }
        // A valid proof once; the same proof again is a replay.
        String once = key.proof("POST", url);
        assertEquals(200, login(app, once).statusCode());
        HttpResponse<String> replayed = login(app, once);
        assertEquals(400, replayed.statusCode(), replayed.body());
        assertEquals("invalid_dpop_proof", json(replayed).get("error").asText());
    }

    @Test
    void aWrongPasswordIsInvalidGrantWithAGoodProofAndABadProofIsRefusedBeforeThePassword()
            throws Exception {
        DpopProofs key = DpopProofs.newKey();
        String wrongPassword = "{\"username\":\"alice\",\"password\":\"wrong\"}";
        HttpResponse<String> wrong = app.send(app.request("/auth/login")
                .header("Content-Type", "application/json")
                .header("DPoP", key.proof("POST", htu(app, "/auth/login")))
                .POST(HttpRequest.BodyPublishers.ofString(wrongPassword)));
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals("invalid_grant", json(wrong).get("error").asText());
        HttpResponse<String> badProof = app.send(app.request("/auth/login")
                .header("Content-Type", "application/json")
                .header("DPoP", key.proof("GET", htu(app, "/auth/login")))
                .POST(HttpRequest.BodyPublishers.ofString(wrongPassword)));
        assertEquals(400, badProof.statusCode(), badProof.body());
        assertEquals("invalid_dpop_proof", json(badProof).get("error").asText());
    }

    @Test
    void cookieModeWithAProofIs400AndSetsNoCookie() throws Exception {
        DpopProofs key = DpopProofs.newKey();
        HttpResponse<String> refused = app.send(app.request("/auth/login?mode=cookie")
                .header("Content-Type", "application/json")
                .header("DPoP", key.proof("POST", htu(app, "/auth/login")))
                .POST(HttpRequest.BodyPublishers.ofString(LOGIN)));
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("invalid_request", json(refused).get("error").asText());
        assertTrue(json(refused).get("error_description").asText().contains("DPoP"));
        assertTrue(refused.headers().allValues("Set-Cookie").isEmpty(), refused.headers().map().toString());
    }

    // --- the API ---

    @Test
    void theApiAdmitsABoundTokenOnlyWithAFreshProofOfItsKey() throws Exception {
        DpopProofs key = DpopProofs.newKey();
        String token = dpopLogin(app, key).get("access_token").asText();
        String me = htu(app, "/api/me");

        String proof = key.proof("GET", me, token);
        HttpResponse<String> admitted = dpopGet(app, "/api/me", token, proof);
        assertEquals(200, admitted.statusCode(), admitted.body());
        assertEquals("alice", json(admitted).get("sub").asText());

        assertRefused(dpopGet(app, "/api/me", token, proof), "the same proof again (a replay)");
        assertRefused(app.get("/api/me", token), "the bound token as a bearer token");
        assertRefused(dpopGet(app, "/api/me", token,
                DpopProofs.newKey().proof("GET", me, token)), "a proof of another key");
        assertRefused(dpopGet(app, "/api/me", token, key.proof("GET", me)), "a proof without ath");
        assertRefused(dpopGet(app, "/api/me", token, key.proof("GET", htu(app, "/api/admin/ping"),
                token)), "a proof for another URL");
        assertRefused(dpopGet(app, "/api/me", token, key.proof("POST", me, token)),
                "a proof for another method");
        assertRefused(dpopGet(app, "/api/me", token, null), "the DPoP scheme without a proof");
        HttpResponse<String> bearer = app.get("/api/me", token);
        assertTrue(bearer.headers().allValues("WWW-Authenticate").toString().contains("DPoP"),
                bearer.headers().map().toString());

        assertEquals(200, dpopGet(app, "/api/me", token, key.proof("GET", me, token)).statusCode(),
                "the holder of the key goes on");
    }

    // --- refresh ---

    @Test
    void aBoundRefreshTokenNeedsAProofOfItsKeyAndStaysUnspentWithout() throws Exception {
        DpopProofs key = DpopProofs.newKey();
        String refreshToken = dpopLogin(app, key).get("refresh_token").asText();
        String url = htu(app, "/auth/refresh");

        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("no proof", null);
        bad.put("a proof of another key", DpopProofs.newKey().proof("POST", url));
        bad.put("a proof of its key for the login", key.proof("POST", htu(app, "/auth/login")));
        for (Map.Entry<String, String> proof : bad.entrySet()) {
            HttpResponse<String> refused = refresh(app, refreshToken, proof.getValue());
            assertEquals(400, refused.statusCode(), proof.getKey() + ": " + refused.body());
            assertEquals("invalid_dpop_proof", json(refused).get("error").asText(), proof.getKey());
            assertNull(json(refused).get("access_token"));
        }

        HttpResponse<String> rotated = refresh(app, refreshToken, key.proof("POST", url));
        assertEquals(200, rotated.statusCode(), "the token was not spent: " + rotated.body());
        JsonNode pair = json(rotated);
        assertEquals("DPoP", pair.get("token_type").asText());
        String access = pair.get("access_token").asText();
        assertEquals(Map.of("jkt", key.thumbprint()), JWT.decode(access).getClaim("cnf").asMap());
        assertNotEquals(refreshToken, pair.get("refresh_token").asText());
        assertEquals(200, dpopGet(app, "/api/me", access,
                key.proof("GET", htu(app, "/api/me"), access)).statusCode());
        assertRefused(app.get("/api/me", access), "the new token as a bearer token");

        // The next token of the family is bound too.
        HttpResponse<String> withoutProof = refresh(app, pair.get("refresh_token").asText(), null);
        assertEquals(400, withoutProof.statusCode(), withoutProof.body());

        // The spent one, with a proof of its key: a reuse, which ends the family.
        HttpResponse<String> reused = refresh(app, refreshToken, key.proof("POST", url));
        assertEquals(401, reused.statusCode(), reused.body());
        assertEquals("invalid_grant", json(reused).get("error").asText());
        assertRefused(dpopGet(app, "/api/me", access, key.proof("GET", htu(app, "/api/me"), access)),
                "the family's access token after the reuse");
    }

    @Test
    void aSpentBoundRefreshTokenWithoutItsKeyRevokesNothing() throws Exception {
        DpopProofs key = DpopProofs.newKey();
        String first = dpopLogin(app, key).get("refresh_token").asText();
        String url = htu(app, "/auth/refresh");
        JsonNode pair = json(refresh(app, first, key.proof("POST", url)));
        // A thief with the spent token but not the key: refused for the proof, no reuse alarm.
        HttpResponse<String> thief = refresh(app, first, DpopProofs.newKey().proof("POST", url));
        assertEquals(400, thief.statusCode(), thief.body());
        assertEquals("invalid_dpop_proof", json(thief).get("error").asText());
        HttpResponse<String> owner = refresh(app, pair.get("refresh_token").asText(),
                key.proof("POST", url));
        assertEquals(200, owner.statusCode(), "the family is still live: " + owner.body());
    }

    @Test
    void anUnboundFamilyRefreshesAsBeforeAndAProofBesideItIsNotRead() throws Exception {
        RunningExample.Pair pair = app.login("alice", "alice-password");
        DpopProofs key = DpopProofs.newKey();
        HttpResponse<String> withProof = refresh(app, pair.refresh(),
                key.proof("POST", htu(app, "/auth/refresh")));
        assertEquals(200, withProof.statusCode(), withProof.body());
        assertEquals("Bearer", json(withProof).get("token_type").asText());
        String access = json(withProof).get("access_token").asText();
        assertTrue(JWT.decode(access).getClaim("cnf").isMissing(), "not bound halfway");
        assertEquals(200, app.get("/api/me", access).statusCode());

        HttpResponse<String> withBadProof = refresh(app,
                json(withProof).get("refresh_token").asText(), "not-a-proof");
        assertEquals(200, withBadProof.statusCode(), withBadProof.body());
        assertEquals("Bearer", json(withBadProof).get("token_type").asText());
    }

    // --- logout and revocation ---

    @Test
    void logoutWithADpopTokenRevokesItAndItsFamily() throws Exception {
        DpopProofs key = DpopProofs.newKey();
        JsonNode pair = dpopLogin(app, key);
        String access = pair.get("access_token").asText();
        HttpResponse<String> withoutProof = app.send(app.request("/auth/logout")
                .header("Authorization", "DPoP " + access).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, withoutProof.statusCode(), "the filter wants the proof at logout too");

        HttpResponse<String> logout = app.send(app.request("/auth/logout")
                .header("Authorization", "DPoP " + access)
                .header("DPoP", key.proof("POST", htu(app, "/auth/logout"), access))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, logout.statusCode(), logout.body());

        HttpResponse<String> after = dpopGet(app, "/api/me", access,
                key.proof("GET", htu(app, "/api/me"), access));
        assertEquals(401, after.statusCode());
        assertTrue(after.headers().firstValue("WWW-Authenticate").orElse("").contains("revoked"),
                after.headers().map().toString());
        HttpResponse<String> refresh = refresh(app, pair.get("refresh_token").asText(),
                key.proof("POST", htu(app, "/auth/refresh")));
        assertEquals(401, refresh.statusCode(), refresh.body());
        assertEquals("invalid_grant", json(refresh).get("error").asText());
    }

    @Test
    void revocationWithADpopCallerRevokesItsRefreshFamily() throws Exception {
        DpopProofs key = DpopProofs.newKey();
        JsonNode pair = dpopLogin(app, key);
        String access = pair.get("access_token").asText();
        String refreshToken = pair.get("refresh_token").asText();
        HttpResponse<String> revoked = app.send(app.request("/auth/revoke")
                .header("Authorization", "DPoP " + access)
                .header("DPoP", key.proof("POST", htu(app, "/auth/revoke"), access))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(RunningExample.form(
                        Map.of("token", refreshToken)))));
        assertEquals(200, revoked.statusCode(), revoked.body());
        HttpResponse<String> refresh = refresh(app, refreshToken,
                key.proof("POST", htu(app, "/auth/refresh")));
        assertEquals(401, refresh.statusCode(), refresh.body());
        assertEquals("the session was revoked", json(refresh).get("error_description").asText());
        assertRefused(dpopGet(app, "/api/me", access, key.proof("GET", htu(app, "/api/me"), access)),
                "the access token of the revoked family");
    }

    @Test
    void theAdminViewTellsDpopBoundSessionsAndAnswersADpopCaller() throws Exception {
        DpopProofs key = DpopProofs.newKey();
        HttpResponse<String> login = app.send(app.request("/auth/login")
                .header("Content-Type", "application/json")
                .header("DPoP", key.proof("POST", htu(app, "/auth/login")))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"admin-password\"}")));
        assertEquals(200, login.statusCode(), login.body());
        String bound = json(login).get("access_token").asText();
        String path = "/admin/users/admin/sessions";
        HttpResponse<String> sessions = dpopGet(app, path, bound, key.proof("GET", htu(app, path), bound));
        assertEquals(200, sessions.statusCode(), sessions.body());
        assertEquals(List.of(true), currentSessionsDpop(sessions));

        String bearer = app.login("admin", "admin-password").access();
        HttpResponse<String> unbound = app.get(path, bearer);
        assertEquals(200, unbound.statusCode(), unbound.body());
        assertEquals(List.of(false), currentSessionsDpop(unbound));
    }

    /** The {@code dpop} field of the caller's own sessions in a sessions answer. */
    private static List<Boolean> currentSessionsDpop(HttpResponse<String> sessions) throws Exception {
        List<Boolean> dpop = new java.util.ArrayList<>();
        for (JsonNode session : json(sessions).get("sessions")) {
            if (session.get("current").asBoolean()) {
                dpop.add(session.get("dpop").asBoolean());
            }
        }
        return dpop;
    }

    // --- nonces ---

    @Test
    void withNoncesTheLoginAndTheApiAskForTheServersNonce() throws Exception {
        Path nonceData = Files.createTempDirectory("perimeter-example-dpop-nonce");
        try (RunningExample nonces = RunningExample.start(nonceData,
                Map.of("perimeter.jwt.dpop-nonce", "true"))) {
            DpopProofs key = DpopProofs.newKey();
            String url = htu(nonces, "/auth/login");
            HttpResponse<String> asked = login(nonces, key.proof("POST", url));
            assertEquals(400, asked.statusCode(), asked.body());
            assertEquals("use_dpop_nonce", json(asked).get("error").asText());
            String nonce = asked.headers().firstValue("DPoP-Nonce").orElseThrow();

            HttpResponse<String> loggedIn = login(nonces, key.proof("POST", url, null, h -> { },
                    c -> c.put("nonce", nonce)));
            assertEquals(200, loggedIn.statusCode(), loggedIn.body());
            assertEquals("DPoP", json(loggedIn).get("token_type").asText());
            assertTrue(loggedIn.headers().firstValue("DPoP-Nonce").isPresent());
            String access = json(loggedIn).get("access_token").asText();

            String me = htu(nonces, "/api/me");
            HttpResponse<String> withoutNonce = dpopGet(nonces, "/api/me", access,
                    key.proof("GET", me, access));
            assertEquals(401, withoutNonce.statusCode());
            assertTrue(withoutNonce.headers().firstValue("WWW-Authenticate").orElse("")
                    .contains("use_dpop_nonce"), withoutNonce.headers().map().toString());
            String apiNonce = withoutNonce.headers().firstValue("DPoP-Nonce").orElseThrow();
            assertEquals(200, dpopGet(nonces, "/api/me", access, key.proof("GET", me, access,
                    h -> { }, c -> c.put("nonce", apiNonce))).statusCode());
            HttpResponse<String> staleNonce = login(nonces, key.proof("POST", url, null, h -> { },
                    c -> c.put("nonce", "not-a-nonce")));
            assertEquals(400, staleNonce.statusCode());
            assertEquals("use_dpop_nonce", json(staleNonce).get("error").asText());
        }
    }

    // --- helpers ---

    /** POST /auth/login as alice with JSON and the {@code DPoP} header(s) {@code proofs}. */
    static HttpResponse<String> login(RunningExample app, String proof) throws Exception {
        return login(app, List.of(proof));
    }

    static HttpResponse<String> login(RunningExample app, List<String> proofs) throws Exception {
        HttpRequest.Builder request = app.request("/auth/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LOGIN));
        proofs.forEach(proof -> request.header("DPoP", proof));
        return app.send(request);
    }

    /** Logs alice in with a proof of {@code key}; the answer's body, failing unless 200. */
    static JsonNode dpopLogin(RunningExample app, DpopProofs key) throws Exception {
        HttpResponse<String> response = login(app, key.proof("POST", htu(app, "/auth/login")));
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    static HttpResponse<String> dpopGet(RunningExample app, String path, String token, String proof)
            throws Exception {
        HttpRequest.Builder request = app.request(path).GET().header("Authorization", "DPoP " + token);
        if (proof != null) {
            request.header("DPoP", proof);
        }
        return app.send(request);
    }

    static HttpResponse<String> refresh(RunningExample app, String refreshToken, String proof)
            throws Exception {
        HttpRequest.Builder request = app.request("/auth/refresh")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"" + refreshToken + "\"}"));
        if (proof != null) {
            request.header("DPoP", proof);
        }
        return app.send(request);
    }

    static void assertRefused(HttpResponse<String> response, String what) {
        assertEquals(401, response.statusCode(), what + ": " + response.body());
        assertFalse(response.body().contains("\"sub\""), what);
    }
}
