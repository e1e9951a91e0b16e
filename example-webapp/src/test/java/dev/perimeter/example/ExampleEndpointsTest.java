package dev.perimeter.example;

import static dev.perimeter.example.RunningExample.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.example.RunningExample.Pair;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of the example application's contract (DESIGN.md), over HTTP against the packaged
 * WAR on embedded Jetty.
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleEndpointsTest {

    @TempDir
    static Path data;
    static RunningExample app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningExample.start(data);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    // --- POST /auth/login ---

    @Test
    void aJsonLoginReturnsATokenPairWhoseAccessTokenCarriesTheContractsClaims() throws Exception {
        HttpResponse<String> response = app.postJson("/auth/login",
                "{\"username\":\"alice\",\"password\":\"alice-password\"}", null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        JsonNode body = json(response);
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals(300, body.get("expires_in").asLong(), 2);
        assertTrue(body.get("refresh_token").asText().matches("[A-Za-z0-9_-]{43}"), body.toString());

        DecodedJWT jwt = JWT.decode(body.get("access_token").asText());
        assertEquals("RS256", jwt.getAlgorithm());
        assertEquals("at+jwt", jwt.getType());
        assertTrue(jwt.getKeyId() != null && !jwt.getKeyId().isEmpty());
        assertEquals("http://localhost:8080", jwt.getIssuer());
        assertEquals("alice", jwt.getSubject());
        assertEquals(List.of("perimeter-example"), jwt.getAudience());
        assertEquals(List.of("user"), jwt.getClaim("groups").asList(String.class));
        assertEquals(300, jwt.getExpiresAtAsInstant().getEpochSecond()
                - jwt.getIssuedAtAsInstant().getEpochSecond());
        assertTrue(jwt.getId() != null && !jwt.getId().isEmpty());
    }

    @Test
    void aFormLoginWorksAlike() throws Exception {
        HttpResponse<String> response = app.postForm("/auth/login",
                Map.of("username", "admin", "password", "admin-password"), null);
        assertEquals(200, response.statusCode(), response.body());
        DecodedJWT jwt = JWT.decode(json(response).get("access_token").asText());
        assertEquals(List.of("user", "admin"), jwt.getClaim("groups").asList(String.class));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreAnsweredAlike() throws Exception {
        HttpResponse<String> wrong = app.postJson("/auth/login",
                "{\"username\":\"alice\",\"password\":\"not-her-password\"}", null);
        HttpResponse<String> unknown = app.postJson("/auth/login",
                "{\"username\":\"nobody-at-all\",\"password\":\"alice-password\"}", null);
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals("{\"error\":\"invalid_grant\",\"error_description\":\"wrong user name or password\"}",
                wrong.body());
        assertEquals(wrong.body(), unknown.body());
        assertEquals(headersWithoutDate(wrong), headersWithoutDate(unknown));
    }

    @Test
    void aMalformedLoginIsABadRequestInJson() throws Exception {
        HttpResponse<String> notJson = app.postJson("/auth/login", "{\"username\":", null);
        assertEquals(400, notJson.statusCode());
        assertEquals("invalid_request", json(notJson).get("error").asText());
        HttpResponse<String> missing = app.postJson("/auth/login", "{\"username\":\"alice\"}", null);
        assertEquals(400, missing.statusCode());
        HttpResponse<String> text = app.send(app.request("/auth/login")
                .header("Content-Type", "text/plain").POST(java.net.http.HttpRequest.BodyPublishers
                        .ofString("username=alice")));
        assertEquals(400, text.statusCode());
        HttpResponse<String> get = app.get("/auth/login", null);
        assertEquals(405, get.statusCode());
        assertEquals("invalid_request", json(get).get("error").asText());
        assertFalse(get.body().contains("Exception"), get.body());
    }

    // --- POST /auth/refresh ---

    @Test
    void aRefreshRotatesThePairAndSpendsTheOldRefreshToken() throws Exception {
        Pair first = app.login("alice", "alice-password");
        HttpResponse<String> refreshed = app.refresh(first.refresh());
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonNode body = json(refreshed);
        String access = body.get("access_token").asText();
        String refresh = body.get("refresh_token").asText();
        assertNotEquals(first.refresh(), refresh);
        assertNotEquals(first.access(), access);
        assertEquals(200, app.get("/api/me", access).statusCode());
        assertEquals(200, app.refresh(refresh).statusCode());
    }

    @Test
    void reusingASpentRefreshTokenRevokesItsFamilyAndTheAccessTokensIssuedFromIt() throws Exception {
        Pair first = app.login("alice", "alice-password");
        JsonNode second = json(app.refresh(first.refresh()));
        String secondAccess = second.get("access_token").asText();
        String secondRefresh = second.get("refresh_token").asText();
        assertEquals(200, app.get("/api/me", first.access()).statusCode());

        HttpResponse<String> reuse = app.refresh(first.refresh());
        assertEquals(401, reuse.statusCode());
        assertEquals("invalid_grant", json(reuse).get("error").asText());
        assertTrue(json(reuse).get("error_description").asText().contains("already used"), reuse.body());

        assertRevoked(app.get("/api/me", first.access()));
        assertRevoked(app.get("/api/me", secondAccess));
        HttpResponse<String> later = app.refresh(secondRefresh);
        assertEquals(401, later.statusCode());
        assertEquals("the session was revoked", json(later).get("error_description").asText());
    }

    @Test
    void anUnknownRefreshTokenIsAnInvalidGrant() throws Exception {
        HttpResponse<String> response = app.refresh("bm90LWEtcmVmcmVzaC10b2tlbi1hdC1hbGwtbm8tbm8");
        assertEquals(401, response.statusCode());
        assertEquals("invalid_grant", json(response).get("error").asText());
        assertEquals(400, app.postJson("/auth/refresh", "{}", null).statusCode());
    }

    // --- POST /auth/logout ---

    @Test
    void logoutRevokesTheAccessTokenAndItsRefreshFamily() throws Exception {
        Pair pair = app.login("alice", "alice-password");
        JsonNode rotated = json(app.refresh(pair.refresh()));
        String access = rotated.get("access_token").asText();
        HttpResponse<String> logout = app.post("/auth/logout", access);
        assertEquals(204, logout.statusCode(), logout.body());
        assertRevoked(app.get("/api/me", access));
        assertRevoked(app.get("/api/me", pair.access()));
        assertEquals(401, app.refresh(rotated.get("refresh_token").asText()).statusCode());
        assertEquals(401, app.post("/auth/logout", null).statusCode());
    }

    // --- POST /auth/revoke (RFC 7009) ---

    @Test
    void theOwnerRevokesItsAccessTokenAndUnknownTokensAreAnswered200() throws Exception {
        Pair alice = app.login("alice", "alice-password");
        Pair other = app.login("alice", "alice-password");
        assertEquals(200, app.postForm("/auth/revoke", Map.of("token", other.access()),
                alice.access()).statusCode());
        assertRevoked(app.get("/api/me", other.access()));
        assertEquals(200, app.get("/api/me", alice.access()).statusCode());

        assertEquals(200, app.postForm("/auth/revoke", Map.of("token", "no-such-token"),
                alice.access()).statusCode());
        assertEquals(200, app.postForm("/auth/revoke", Map.of("token", other.access()),
                alice.access()).statusCode(), "an already revoked token");
        assertEquals(400, app.postForm("/auth/revoke", Map.of(), alice.access()).statusCode());
        assertEquals(401, app.postForm("/auth/revoke", Map.of("token", alice.access()), null)
                .statusCode());
    }

    @Test
    void theOwnerRevokesARefreshTokenWithItsFamily() throws Exception {
        Pair alice = app.login("alice", "alice-password");
        Pair other = app.login("alice", "alice-password");
        assertEquals(200, app.postForm("/auth/revoke", Map.of("token", other.refresh(),
                "token_type_hint", "refresh_token"), alice.access()).statusCode());
        assertEquals(401, app.refresh(other.refresh()).statusCode());
        assertRevoked(app.get("/api/me", other.access()));
        assertEquals(200, app.get("/api/me", alice.access()).statusCode());
    }

    @Test
    void onlyTheOwnerOrAnAdminMayRevokeAToken() throws Exception {
        Pair alice = app.login("alice", "alice-password");
        Pair admin = app.login("admin", "admin-password");
        HttpResponse<String> refused = app.postForm("/auth/revoke", Map.of("token", admin.access()),
                alice.access());
        assertEquals(403, refused.statusCode());
        assertEquals("access_denied", json(refused).get("error").asText());
        assertEquals(403, app.postForm("/auth/revoke", Map.of("token", admin.refresh()),
                alice.access()).statusCode());
        assertEquals(200, app.get("/api/me", admin.access()).statusCode());
        assertEquals(200, app.refresh(admin.refresh()).statusCode());

        assertEquals(200, app.postForm("/auth/revoke", Map.of("token", alice.access()),
                admin.access()).statusCode());
        assertRevoked(app.get("/api/me", alice.access()));
    }

    // --- POST /admin/subjects/{sub}/revoke ---

    @Test
    void anAdminRevokesEveryTokenOfASubjectIssuedUntilNow() throws Exception {
        Pair admin = app.login("admin", "admin-password");
        Pair one = app.login("alice", "alice-password");
        Pair two = app.login("alice", "alice-password");
        HttpResponse<String> byAlice = app.post("/admin/subjects/alice/revoke", two.access());
        assertEquals(403, byAlice.statusCode());
        assertEquals("insufficient_scope", json(byAlice).get("error").asText());

        assertEquals(204, app.post("/admin/subjects/alice/revoke", admin.access()).statusCode());
        assertRevoked(app.get("/api/me", one.access()));
        assertRevoked(app.get("/api/me", two.access()));
        assertEquals(401, app.refresh(one.refresh()).statusCode());
        assertEquals(401, app.refresh(two.refresh()).statusCode());
        assertEquals(200, app.get("/api/me", admin.access()).statusCode());

        assertEquals(0, sessionsOf("alice", admin.access()).size(), "every session has ended");

        Pair again = app.login("alice", "alice-password");
        assertEquals(200, app.get("/api/me", again.access()).statusCode(), "a new login works");
    }

    // --- the admin view: GET /admin/users, GET /admin/users/{sub}/sessions,
    //     POST /admin/sessions/{id}/revoke ---

    @Test
    void anAdminSeesAUsersSessionsWithCreatedLastUsedAndAddress() throws Exception {
        String admin = app.login("admin", "admin-password").access();
        Set<String> before = sessionIds(sessionsOf("alice", admin));
        Instant start = Instant.now().minusSeconds(1);
        Pair alice = app.login("alice", "alice-password");
        String rotated = json(app.refresh(alice.refresh())).get("access_token").asText();

        List<JsonNode> added = new ArrayList<>();
        for (JsonNode session : sessionsOf("alice", admin)) {
            if (!before.contains(session.get("id").asText())) {
                added.add(session);
            }
        }
        assertEquals(1, added.size(), added.toString());
        JsonNode session = added.get(0);
        Instant created = Instant.parse(session.get("created").asText());
        Instant lastUsed = Instant.parse(session.get("lastUsed").asText());
        assertTrue(!created.isBefore(start) && !lastUsed.isBefore(created), session.toString());
        assertEquals("127.0.0.1", session.get("address").asText());
        assertEquals("127.0.0.1", session.get("loginAddress").asText());
        assertEquals(1, session.get("refreshes").asInt());
        assertFalse(session.get("current").asBoolean(), "not the admin's own session");
        assertTrue(Instant.parse(session.get("expiresAt").asText()).isAfter(lastUsed));
        String id = session.get("id").asText();
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);

        // The id is no credential: neither the refresh endpoint nor the filter takes it.
        assertEquals(401, app.refresh(id).statusCode());
        assertEquals(401, app.get("/api/me", id).statusCode());
        HttpResponse<String> list = app.get("/admin/users/alice/sessions", admin);
        assertFalse(list.body().contains(alice.refresh()) || list.body().contains(rotated)
                || list.body().contains(alice.access()), "no token in the answer");
        assertEquals("no-store", list.headers().firstValue("Cache-Control").orElse(null));

        JsonNode users = json(app.get("/admin/users", admin)).get("users");
        assertEquals("admin", users.get(0).get("username").asText());
        assertEquals("[\"admin\",\"user\"]", users.get(0).get("roles").toString());
        assertEquals("alice", users.get(1).get("username").asText());
        assertTrue(users.get(1).get("activeSessions").asInt() >= 1, users.toString());
        assertFalse(users.toString().contains("pbkdf2") || users.toString().contains("hash"),
                users.toString());
    }

    @Test
    void theAdminsOwnSessionIsMarkedCurrent() throws Exception {
        String admin = app.login("admin", "admin-password").access();
        long current = 0;
        for (JsonNode session : sessionsOf("admin", admin)) {
            current += session.get("current").asBoolean() ? 1 : 0;
        }
        assertEquals(1, current);
    }

    @Test
    void revokingASessionEndsItsRefreshTokenAndAccessTokensAndNoOtherSession() throws Exception {
        String admin = app.login("admin", "admin-password").access();
        Set<String> before = sessionIds(sessionsOf("alice", admin));
        Pair ended = app.login("alice", "alice-password");
        Set<String> withEnded = sessionIds(sessionsOf("alice", admin));
        withEnded.removeAll(before);
        String id = withEnded.iterator().next();
        Pair kept = app.login("alice", "alice-password");
        JsonNode rotated = json(app.refresh(ended.refresh()));
        String endedAccess = rotated.get("access_token").asText();

        HttpResponse<String> revoke = app.post("/admin/sessions/" + id + "/revoke", admin);
        assertEquals(204, revoke.statusCode(), revoke.body());
        assertRevoked(app.get("/api/me", ended.access()));
        assertRevoked(app.get("/api/me", endedAccess));
        HttpResponse<String> refresh = app.refresh(rotated.get("refresh_token").asText());
        assertEquals(401, refresh.statusCode());
        assertEquals("the session was revoked", json(refresh).get("error_description").asText());
        assertFalse(sessionIds(sessionsOf("alice", admin)).contains(id));

        assertEquals(200, app.get("/api/me", kept.access()).statusCode(), "her other session stays");
        assertEquals(200, app.refresh(kept.refresh()).statusCode());

        HttpResponse<String> again = app.post("/admin/sessions/" + id + "/revoke", admin);
        assertEquals(404, again.statusCode());
        assertEquals("not_found", json(again).get("error").asText());
        assertEquals(404, app.post("/admin/sessions/no-such-session/revoke", admin).statusCode());
        assertEquals(404, app.post("/admin/sessions/a%20b/revoke", admin).statusCode());
        assertEquals(400, app.post("/admin/sessions/" + id, admin).statusCode());
        assertEquals(400, app.post("/admin/sessions//revoke", admin).statusCode());
        assertEquals(405, app.get("/admin/sessions/" + id + "/revoke", admin).statusCode());
    }

    @Test
    void theAdminViewIsForAdminsOnly() throws Exception {
        Pair alice = app.login("alice", "alice-password");
        Pair admin = app.login("admin", "admin-password");
        String adminSession = sessionIds(sessionsOf("admin", admin.access())).iterator().next();
        for (String path : List.of("/admin/users", "/admin/users/alice/sessions")) {
            HttpResponse<String> byAlice = app.get(path, alice.access());
            assertEquals(403, byAlice.statusCode(), path);
            assertEquals("insufficient_scope", json(byAlice).get("error").asText());
            assertEquals(401, app.get(path, null).statusCode(), path);
        }
        String revoke = "/admin/sessions/" + adminSession + "/revoke";
        assertEquals(403, app.post(revoke, alice.access()).statusCode());
        assertEquals(401, app.post(revoke, null).statusCode());
        assertEquals(200, app.get("/api/me", admin.access()).statusCode(), "nothing was revoked");

        HttpResponse<String> unknown = app.get("/admin/users/nobody/sessions", admin.access());
        assertEquals(404, unknown.statusCode());
        assertEquals("not_found", json(unknown).get("error").asText());
        assertEquals(404, app.get("/admin/users/alice", admin.access()).statusCode());
        assertEquals(404, app.get("/admin/users/alice/sessions/x", admin.access()).statusCode());
        assertEquals(405, app.post("/admin/users", admin.access()).statusCode());
    }

    @Test
    void inCookieModeRevokingASessionNeedsTheCsrfProof() throws Exception {
        HttpResponse<String> login = app.postJson("/auth/login?mode=cookie",
                "{\"username\":\"admin\",\"password\":\"admin-password\"}", null);
        Map<String, String> cookies = RunningExample.setCookies(login);
        String xsrf = RunningExample.cookieValue(cookies.get("XSRF-TOKEN"));
        String cookie = "access_token=" + RunningExample.cookieValue(cookies.get("access_token"))
                + "; XSRF-TOKEN=" + xsrf;
        String bearer = app.login("admin", "admin-password").access();
        Set<String> before = sessionIds(sessionsOf("alice", bearer));
        Pair alice = app.login("alice", "alice-password");
        HttpResponse<String> list = app.send(app.request("/admin/users/alice/sessions")
                .header("Cookie", cookie).GET());
        assertEquals(200, list.statusCode(), "reading needs no proof");
        Set<String> added = sessionIds(json(list).get("sessions"));
        added.removeAll(before);
        assertEquals(1, added.size());
        String id = added.iterator().next();
        String path = "/admin/sessions/" + id + "/revoke";

        HttpResponse<String> noProof = app.send(app.request(path).header("Cookie", cookie)
                .POST(noBody()));
        assertEquals(403, noProof.statusCode());
        assertEquals(200, app.get("/api/me", alice.access()).statusCode(), "not revoked");
        HttpResponse<String> proven = app.send(app.request(path).header("Cookie", cookie)
                .header("X-XSRF-TOKEN", xsrf).POST(noBody()));
        assertEquals(204, proven.statusCode(), proven.body());
        assertRevoked(app.get("/api/me", alice.access()));
        assertFalse(sessionIds(sessionsOf("alice", bearer)).contains(id));
    }

    // --- GET /health ---

    @Test
    void healthIsPublicAndShowsTheKeysAndTheRevocationStoreWithoutSecrets() throws Exception {
        HttpResponse<String> response = app.get("/health", null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode health = json(response);
        assertEquals("UP", health.get("status").asText(), health.toString());

        JsonNode keys = health.get("keys");
        String kid = json(app.get("/.well-known/jwks.json", null)).get("keys").get(0).get("kid").asText();
        assertEquals("UP", keys.get("status").asText());
        assertEquals("fixed", keys.get("source").asText());
        assertEquals(1, keys.get("count").asInt());
        assertEquals(kid, keys.get("signingKid").asText());
        assertEquals("[\"" + kid + "\"]", keys.get("kids").toString());
        assertTrue(keys.get("signingKeyTrusted").asBoolean());
        assertTrue(Instant.parse(keys.get("loadedAt").asText()).isBefore(Instant.now()));
        assertTrue(keys.get("ageSeconds").asLong() >= 0);

        JsonNode revocation = health.get("revocation");
        assertEquals("UP", revocation.get("status").asText());
        assertEquals("jdbc", revocation.get("kind").asText());
        assertEquals("SYNCHRONIZED", revocation.get("state").asText());
        assertTrue(revocation.get("synchronized").asBoolean());
        assertTrue(revocation.get("reachable").asBoolean());
        assertTrue(Instant.parse(revocation.get("lastSync").asText()).isAfter(Instant.now().minusSeconds(60)));
        assertTrue(revocation.get("lagMillis").asLong() >= 0);
        assertTrue(revocation.get("revokedTokens").asInt() >= 0);
        assertTrue(revocation.get("revokedSubjects").asInt() >= 0);

        assertFalse(response.body().contains("alice") || response.body().contains("jdbc:")
                || response.body().contains(app.dataDirectory().toString()), response.body());
        HttpResponse<String> withBadToken = app.get("/health", "not-a-token");
        if (RunningExample.containerMode()) {
            // docs/container-mode.md: the module refuses an invalid token on every resource.
            assertEquals(401, withBadToken.statusCode(), "container mode refuses the token everywhere");
            assertTrue(withBadToken.headers().firstValue("WWW-Authenticate").orElse("")
                    .contains("error=\"invalid_token\""), withBadToken.headers().map().toString());
        } else {
            assertEquals(200, withBadToken.statusCode(), "a public path ignores the token");
        }
        assertEquals(405, app.post("/health", null).statusCode());
    }

    // --- GET /.well-known/jwks.json ---

    @Test
    void theJwksHoldsThePublicKeyThatVerifiesTheTokensWithKidAlgAndUse() throws Exception {
        HttpResponse<String> response = app.get("/.well-known/jwks.json", null);
        assertEquals(200, response.statusCode());
        JsonNode keys = json(response).get("keys");
        assertEquals(1, keys.size(), keys.toString());
        JsonNode key = keys.get(0);
        assertEquals("RSA", key.get("kty").asText());
        assertEquals("RS256", key.get("alg").asText());
        assertEquals("sig", key.get("use").asText());
        assertNull(key.get("d"), "no private part");

        String token = app.login("alice", "alice-password").access();
        assertEquals(key.get("kid").asText(), JWT.decode(token).getKeyId());
        Base64.Decoder base64url = Base64.getUrlDecoder();
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(new BigInteger(1, base64url.decode(key.get("n").asText())),
                        new BigInteger(1, base64url.decode(key.get("e").asText()))));
        JWT.require(Algorithm.RSA256(publicKey, null)).build().verify(token);
    }

    // --- GET /api/me and /api/admin/ping ---

    @Test
    void meShowsTheCallerOfAnyValidToken() throws Exception {
        String token = app.login("alice", "alice-password").access();
        HttpResponse<String> response = app.get("/api/me", token);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode me = json(response);
        assertEquals("alice", me.get("sub").asText());
        assertEquals("alice", me.get("name").asText());
        assertEquals("[\"user\"]", me.get("roles").toString());
        assertTrue(me.get("exp").asLong() > Instant.now().getEpochSecond());

        HttpResponse<String> none = app.get("/api/me", null);
        assertEquals(401, none.statusCode());
        // dpop=allowed (FilterDefaults): the DPoP scheme is offered beside Bearer.
        assertEquals("Bearer realm=\"perimeter-example\", DPoP realm=\"perimeter-example\","
                + " algs=\"RS256 PS256 ES256 ES384 EdDSA\"",
                none.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void theAdminPingAnswersAdminsAndRefusesAliceWithInsufficientScope() throws Exception {
        HttpResponse<String> admin = app.get("/api/admin/ping",
                app.login("admin", "admin-password").access());
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals("{\"pong\":true,\"sub\":\"admin\"}", admin.body());

        HttpResponse<String> alice = app.get("/api/admin/ping",
                app.login("alice", "alice-password").access());
        assertEquals(403, alice.statusCode(), alice.body());
        assertEquals("insufficient_scope", json(alice).get("error").asText());
        assertTrue(alice.headers().firstValue("WWW-Authenticate").orElse("")
                .contains("error=\"insufficient_scope\""));
        assertTrue(alice.headers().firstValue("WWW-Authenticate").orElse("").contains("scope=\"admin\""));
        assertEquals(401, app.get("/api/admin/ping", null).statusCode());
    }

    // --- cookie mode ---

    @Test
    void aCookieLoginSetsHttpOnlyStrictCookiesAndNoTokenInTheBody() throws Exception {
        HttpResponse<String> login = app.postJson("/auth/login?mode=cookie",
                "{\"username\":\"alice\",\"password\":\"alice-password\"}", null);
        assertEquals(200, login.statusCode(), login.body());
        assertFalse(login.body().contains("access_token"), login.body());
        assertFalse(login.body().contains("refresh_token\""), login.body());
        Map<String, String> cookies = RunningExample.setCookies(login);
        String access = cookies.get("access_token");
        String refresh = cookies.get("refresh_token");
        String xsrf = cookies.get("XSRF-TOKEN");
        assertTrue(access.contains("; HttpOnly") && access.contains("; SameSite=Strict")
                && access.contains("; Path=/;"), access);
        assertTrue(refresh.contains("; HttpOnly") && refresh.contains("; SameSite=Strict")
                && refresh.contains("; Path=/auth;"), refresh);
        assertTrue(!xsrf.contains("HttpOnly") && xsrf.contains("; SameSite=Strict"), xsrf);
        assertFalse(access.contains("Secure"), "plain http, secure-cookies=auto");

        HttpResponse<String> formLogin = app.postForm("/auth/login?mode=cookie",
                Map.of("username", "alice", "password", "alice-password"), null);
        assertEquals(400, formLogin.statusCode(), "a cross-site form must not log a browser in");
        assertTrue(RunningExample.setCookies(formLogin).isEmpty());

        String accessCookie = "access_token=" + RunningExample.cookieValue(access);
        String xsrfValue = RunningExample.cookieValue(xsrf);
        String xsrfCookie = "XSRF-TOKEN=" + xsrfValue;
        HttpResponse<String> me = app.send(app.request("/api/me").header("Cookie", accessCookie).GET());
        assertEquals(200, me.statusCode(), me.body());

        // Unsafe requests with the cookie need the double-submit proof, at the filter...
        HttpResponse<String> noProof = app.send(app.request("/auth/logout")
                .header("Cookie", accessCookie + "; " + xsrfCookie).POST(noBody()));
        assertEquals(403, noProof.statusCode());
        // ...and at the refresh endpoint, which reads the refresh cookie itself.
        String refreshCookie = "refresh_token=" + RunningExample.cookieValue(refresh);
        HttpResponse<String> refreshNoProof = app.send(app.request("/auth/refresh")
                .header("Cookie", refreshCookie + "; " + xsrfCookie).POST(noBody()));
        assertEquals(403, refreshNoProof.statusCode());
        assertEquals("csrf_failed", json(refreshNoProof).get("error").asText());

        HttpResponse<String> refreshed = app.send(app.request("/auth/refresh")
                .header("Cookie", refreshCookie + "; " + xsrfCookie)
                .header("X-XSRF-TOKEN", xsrfValue).POST(noBody()));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        Map<String, String> renewed = RunningExample.setCookies(refreshed);
        String newAccess = "access_token=" + RunningExample.cookieValue(renewed.get("access_token"));
        String newXsrf = RunningExample.cookieValue(renewed.get("XSRF-TOKEN"));

        HttpResponse<String> logout = app.send(app.request("/auth/logout")
                .header("Cookie", newAccess + "; XSRF-TOKEN=" + newXsrf)
                .header("X-XSRF-TOKEN", newXsrf).POST(noBody()));
        assertEquals(204, logout.statusCode(), logout.body());
        Map<String, String> cleared = RunningExample.setCookies(logout);
        assertTrue(cleared.get("access_token").contains("Max-Age=0"), cleared.toString());
        assertTrue(cleared.get("refresh_token").contains("Max-Age=0"), cleared.toString());
        assertTrue(cleared.get("XSRF-TOKEN").contains("Max-Age=0"), cleared.toString());
        assertEquals(401, app.send(app.request("/api/me").header("Cookie", newAccess).GET()).statusCode());
    }

    @Test
    void thePageAndItsScriptAreServedWithoutAToken() throws Exception {
        HttpResponse<String> page = app.get("/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Perimeter example"));
        assertEquals(200, app.get("/static/app.js", null).statusCode());
    }

    /** The live sessions of {@code user}, as the admin sees them. */
    private static List<JsonNode> sessionsOf(String user, String admin) throws Exception {
        HttpResponse<String> response = app.get("/admin/users/" + user + "/sessions", admin);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(user, body.get("sub").asText());
        List<JsonNode> sessions = new ArrayList<>();
        body.get("sessions").forEach(sessions::add);
        return sessions;
    }

    private static Set<String> sessionIds(Iterable<JsonNode> sessions) {
        Set<String> ids = new HashSet<>();
        sessions.forEach(session -> ids.add(session.get("id").asText()));
        return ids;
    }

    private static java.net.http.HttpRequest.BodyPublisher noBody() {
        return java.net.http.HttpRequest.BodyPublishers.noBody();
    }

    private static void assertRevoked(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("")
                .contains("the token has been revoked"), response.headers().map().toString());
    }

    private static Map<String, List<String>> headersWithoutDate(HttpResponse<?> response) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(response.headers().map());
        headers.remove("date");
        return headers;
    }
}
