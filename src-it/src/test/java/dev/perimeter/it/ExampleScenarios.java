package dev.perimeter.it;

import static dev.perimeter.it.support.ExampleClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.ContainerUnderTest;
import dev.perimeter.it.support.ExampleClient;
import dev.perimeter.it.support.ForgedTokens;
import dev.perimeter.it.support.Scenario;
import dev.perimeter.it.support.ScenarioSummary;
import dev.perimeter.it.support.SigningKeyFiles;
import dev.perimeter.it.support.SummaryLog;
import dev.perimeter.it.support.TokenPair;
import dev.perimeter.jwt.testing.RawHttp;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scenario set that every container runs: one container process per class, started before
 * the first scenario and stopped after the last, whatever happened in between. A subclass says
 * which container, and how it is configured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ScenarioSummary.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
abstract class ExampleScenarios implements ContainerUnderTest {

    /** The realm the example's {@code web.xml} gives the filter. */
    static final String REALM = "perimeter-example";
    /**
     * The example's challenge without a token: it allows DPoP ({@code FilterDefaults}), so the
     * DPoP scheme, with the algorithms a proof may use, is offered beside Bearer.
     */
    static final String NO_TOKEN_CHALLENGE = "Bearer realm=\"" + REALM + "\", DPoP realm=\""
            + REALM + "\", algs=\"RS256 PS256 ES256 ES384 EdDSA\"";

    private RunningNode node;
    ExampleClient app;

    /** Starts the container with the example deployed, and waits until it is ready. */
    abstract RunningNode startNode();

    /**
     * The system properties that choose the example's mode; none (filter mode) by default, and
     * {@code perimeter.jwt.authentication=container} for the container-mode classes.
     */
    Map<String, String> modeProperties() {
        return Map.of();
    }

    /**
     * Whether the container implements Servlet 6.1 (Jakarta EE 11), whose cookies keep the quotes
     * around a value and whose {@code getParameter} may throw on a malformed query or form.
     */
    boolean servlet61() {
        return false;
    }

    /** The example's data directory, where it generated its signing key: {@code data} in the node's. */
    Path dataDirectory() {
        return Built.containers().resolve(containerName()).resolve("data");
    }

    /** Cleans up after the container has stopped (schemas, keys); nothing by default. */
    void afterStop() {
    }

    @BeforeAll
    void start() {
        long began = System.nanoTime();
        try {
            node = startNode();
        } catch (RuntimeException | Error e) {
            SummaryLog.outcome(containerName(), "start", "FAIL", Duration.ofNanos(System.nanoTime() - began));
            throw e;
        }
        SummaryLog.outcome(containerName(), "start", "PASS", node.startup());
        app = new ExampleClient(node.root());
    }

    @AfterAll
    void stop() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            afterStop();
        }
    }

    /** The running node, for subclasses' own checks. */
    RunningNode node() {
        return node;
    }

    // --- the scenarios ---

    @Test
    @Scenario("login")
    void aJsonLoginIssuesASignedBearerPairAndAWrongPasswordIsAnInvalidGrant() {
        HttpResponse<String> response = app.postJson("/auth/login",
                "{\"username\":\"alice\",\"password\":\"alice-password\"}", null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        JsonNode body = json(response);
        assertEquals("Bearer", body.get("token_type").asText());
        assertTrue(body.get("refresh_token").asText().matches("[A-Za-z0-9_-]{43}"), "a refresh token");
        DecodedJWT access = JWT.decode(body.get("access_token").asText());
        assertEquals("RS256", access.getAlgorithm());
        assertEquals("at+jwt", access.getType());
        assertEquals("alice", access.getSubject());
        assertEquals(List.of("user"), access.getClaim("groups").asList(String.class));

        HttpResponse<String> wrong = app.postJson("/auth/login",
                "{\"username\":\"alice\",\"password\":\"not-her-password\"}", null);
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals("invalid_grant", json(wrong).get("error").asText());
    }

    @Test
    @Scenario("me")
    void meShowsTheCallerOfAValidToken() {
        TokenPair alice = app.login("alice", "alice-password");
        HttpResponse<String> me = app.get("/api/me", alice.access());
        assertEquals(200, me.statusCode(), me.body());
        JsonNode body = json(me);
        assertEquals("alice", body.get("sub").asText());
        assertEquals("[\"user\"]", body.get("roles").toString());
        assertEquals(JWT.decode(alice.access()).getId(), body.get("jti").asText());
    }

    @Test
    @Scenario("admin-ping")
    void theAdminPingAnswersAnAdminAndRefusesAlice() {
        HttpResponse<String> admin = app.get("/api/admin/ping", app.login("admin", "admin-password").access());
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals("{\"pong\":true,\"sub\":\"admin\"}", admin.body());

        HttpResponse<String> alice = app.get("/api/admin/ping", app.login("alice", "alice-password").access());
        assertEquals(403, alice.statusCode(), alice.body());
        assertEquals("insufficient_scope", json(alice).get("error").asText());
    }

    @Test
    @Scenario("annotated-resource")
    void theRolesAllowedResourceAnswers401403And200WithPerimetersContract() {
        HttpResponse<String> none = app.get("/api/admin/ping", null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals(NO_TOKEN_CHALLENGE, challenge(none));

        HttpResponse<String> alice = app.get("/api/admin/ping", app.login("alice", "alice-password").access());
        assertEquals(403, alice.statusCode(), alice.body());
        assertTrue(challenge(alice).contains("error=\"insufficient_scope\""), challenge(alice));
        assertTrue(challenge(alice).contains("scope=\"admin\""), challenge(alice));
        assertTrue(alice.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "Perimeter's JSON, not the container's error page: " + alice.headers().map());
        assertEquals("no-store", alice.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("insufficient_scope", json(alice).get("error").asText());

        HttpResponse<String> admin = app.get("/api/admin/ping", app.login("admin", "admin-password").access());
        assertEquals(200, admin.statusCode(), admin.body());
    }

    @Test
    @Scenario("refresh-rotation")
    void aRefreshRotatesThePairAndTheNewAccessTokenWorks() {
        TokenPair first = app.login("alice", "alice-password");
        HttpResponse<String> refreshed = app.refresh(first.refresh());
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        TokenPair second = app.pairOf(refreshed);
        assertNotEquals(first.refresh(), second.refresh());
        assertNotEquals(first.access(), second.access());
        assertEquals(200, app.get("/api/me", second.access()).statusCode());
        assertEquals(200, app.refresh(second.refresh()).statusCode(), "the new refresh token works");
    }

    @Test
    @Scenario("refresh-reuse")
    void reusingASpentRefreshTokenRevokesItsWholeFamily() {
        TokenPair first = app.login("alice", "alice-password");
        TokenPair second = app.pairOf(app.refresh(first.refresh()));
        assertEquals(200, app.get("/api/me", second.access()).statusCode());

        HttpResponse<String> reuse = app.refresh(first.refresh());
        assertEquals(401, reuse.statusCode(), reuse.body());
        assertEquals("invalid_grant", json(reuse).get("error").asText());
        assertRevoked(app.get("/api/me", first.access()));
        assertRevoked(app.get("/api/me", second.access()));
        assertEquals(401, app.refresh(second.refresh()).statusCode(), "the family's newest token too");
    }

    @Test
    @Scenario("logout")
    void afterLogoutTheAccessTokenIsRefusedWith401AndItsRefreshTokenToo() {
        TokenPair pair = app.login("alice", "alice-password");
        assertEquals(200, app.get("/api/me", pair.access()).statusCode());
        HttpResponse<String> logout = app.post("/auth/logout", pair.access());
        assertEquals(204, logout.statusCode(), logout.body());
        assertRevoked(app.get("/api/me", pair.access()));
        assertEquals(401, app.refresh(pair.refresh()).statusCode());
        assertEquals(401, app.post("/auth/logout", null).statusCode(), "logout needs a token");
    }

    @Test
    @Scenario("subject-revocation")
    void anAdminRevokesEveryTokenOfASubjectAndOnlyAnAdminMay() {
        TokenPair admin = app.login("admin", "admin-password");
        TokenPair one = app.login("alice", "alice-password");
        TokenPair two = app.login("alice", "alice-password");
        HttpResponse<String> byAlice = app.post("/admin/subjects/alice/revoke", two.access());
        assertEquals(403, byAlice.statusCode(), byAlice.body());
        assertEquals("insufficient_scope", json(byAlice).get("error").asText());

        HttpResponse<String> byAdmin = app.post("/admin/subjects/alice/revoke", admin.access());
        assertEquals(204, byAdmin.statusCode(), byAdmin.body());
        assertRevoked(app.get("/api/me", one.access()));
        assertRevoked(app.get("/api/me", two.access()));
        assertEquals(401, app.refresh(one.refresh()).statusCode());
        assertEquals(200, app.get("/api/me", admin.access()).statusCode(), "other subjects keep theirs");
        TokenPair again = app.login("alice", "alice-password");
        assertEquals(200, app.get("/api/me", again.access()).statusCode(), "a new login works");
    }

    @Test
    @Scenario("jwks")
    void theJwksPublishesThePublicKeyThatVerifiesTheTokens() throws Exception {
        HttpResponse<String> response = app.get("/.well-known/jwks.json", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Cache-Control").orElse("").contains("max-age"),
                response.headers().map().toString());
        String token = app.login("alice", "alice-password").access();
        String kid = JWT.decode(token).getKeyId();
        JsonNode key = null;
        for (JsonNode candidate : json(response).get("keys")) {
            if (kid.equals(candidate.get("kid").asText())) {
                key = candidate;
            }
        }
        assertTrue(key != null, "the signing key " + kid + " is published: " + response.body());
        assertEquals("RSA", key.get("kty").asText());
        assertEquals("RS256", key.get("alg").asText());
        assertEquals("sig", key.get("use").asText());
        assertNull(key.get("d"), "no private part");
        Base64.Decoder base64url = Base64.getUrlDecoder();
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(new BigInteger(1, base64url.decode(key.get("n").asText())),
                        new BigInteger(1, base64url.decode(key.get("e").asText()))));
        JWT.require(Algorithm.RSA256(publicKey, null)).build().verify(token);
    }

    @Test
    @Scenario("health")
    void healthIsUpWithTheStoreSynchronizedAndShowsNoStoreAddress() {
        HttpResponse<String> response = app.get("/health", null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        JsonNode health = json(response);
        assertEquals("UP", health.get("status").asText(), response.body());
        assertEquals(expectedStoreKind(), health.get("revocation").get("kind").asText());
        assertTrue(health.get("revocation").get("synchronized").asBoolean(), response.body());
        assertTrue(health.get("keys").get("signingKeyTrusted").asBoolean(), response.body());
        assertFalse(response.body().contains("jdbc:") || response.body().contains("5432"),
                "no store address: " + response.body());
    }

    /** The {@code revocation.kind} that {@code /health} reports for this container's store. */
    String expectedStoreKind() {
        return "jdbc"; // the example's default: H2 in its data directory
    }

    @Test
    @Scenario("no-token")
    void aProtectedPathWithoutATokenIs401WithABareBearerChallenge() {
        HttpResponse<String> response = app.get("/api/me", null);
        assertEquals(401, response.statusCode(), response.body());
        assertEquals(NO_TOKEN_CHALLENGE, challenge(response));
        assertEquals(401, app.post("/auth/revoke", null).statusCode());
    }

    @Test
    @Scenario("forged-signature")
    void forgedSignaturesAndGarbageAre401InvalidToken() {
        String token = app.login("alice", "alice-password").access();
        assertInvalidToken(app.get("/api/admin/ping", ForgedTokens.withRaisedGroups(token)));
        assertInvalidToken(app.get("/api/me", ForgedTokens.signedByAnotherKey(token)));
        assertInvalidToken(app.get("/api/me", "not-a-jwt"));
        assertInvalidToken(app.get("/api/me", token.substring(0, token.length() - 4)));
        assertEquals(200, app.get("/api/me", token).statusCode(), "the genuine token still works");
    }

    @Test
    @Scenario("case-flipped-token")
    void aTokenDifferingOnlyInCaseIsRefusedOnTheConnectionThatCarriedTheValidOne()
            throws Exception {
        // What docs/security.md says of containers: this one hands the filter the header as
        // sent, even on a kept-alive connection whose earlier request carried the valid token.
        String token = app.login("alice", "alice-password").access();
        List<String> flips = RawHttp.signatureCaseFlips(token, 4);
        List<String> sent = new ArrayList<>(List.of(token, token));
        sent.addAll(flips);
        List<Integer> expected = new ArrayList<>(List.of(200, 200));
        expected.addAll(Collections.nCopies(flips.size(), 401));
        // The path under the application's context path: a deployment need not be the root one.
        assertEquals(expected, RawHttp.getOnOneConnection(app.root().getPort(),
                app.root().resolve("api/me").getRawPath(), sent));
    }

    @Test
    @Scenario("alg-none")
    void anUnsignedTokenIs401WhateverItsAlgSays() {
        String token = app.login("admin", "admin-password").access();
        assertInvalidToken(app.get("/api/me", ForgedTokens.unsigned(token, "none")));
        assertInvalidToken(app.get("/api/admin/ping", ForgedTokens.unsigned(token, "None")));
        assertInvalidToken(app.get("/api/me", ForgedTokens.unsigned(token, "RS256")));
    }

    @Test
    @Scenario("empty-bearer")
    void anEmptyBearerIs400InvalidRequest() {
        HttpResponse<String> empty = app.getWithAuthorization("/api/me", "Bearer");
        assertEquals(400, empty.statusCode(), empty.body());
        assertTrue(challenge(empty).contains("error=\"invalid_request\""), challenge(empty));
        assertEquals("invalid_request", json(empty).get("error").asText());
        HttpResponse<String> two = app.getWithAuthorization("/api/me", "Bearer a.b.c d.e.f");
        assertEquals(400, two.statusCode(), two.body());
    }

    @Test
    @Scenario("expired")
    void aTokenOfTheExamplesOwnKeyThatHasExpiredIs401InvalidToken() {
        DecodedJWT genuine = JWT.decode(app.login("alice", "alice-password").access());
        Instant expiry = Instant.now().minusSeconds(600); // beyond the 30 s leeway
        String expired = JWT.create()
                .withKeyId(genuine.getKeyId())
                .withHeader(Map.of("typ", genuine.getType()))
                .withIssuer(genuine.getIssuer())
                .withAudience(genuine.getAudience().toArray(String[]::new))
                .withSubject(genuine.getSubject())
                .withClaim("groups", genuine.getClaim("groups").asList(String.class))
                .withJWTId(UUID.randomUUID().toString())
                .withIssuedAt(expiry.minusSeconds(300))
                .withExpiresAt(expiry)
                .sign(Algorithm.RSA256(null,
                        SigningKeyFiles.readRsa(dataDirectory().resolve("signing-key.pem"))));
        HttpResponse<String> response = app.get("/api/me", expired);
        assertInvalidToken(response);
        assertTrue(challenge(response).contains("the token has expired"), challenge(response));
    }

    @Test
    @Scenario("malformed-parameters")
    void aQueryOrFormThatCannotBeParsedIsNeverA500() throws Exception {
        // Servlet 6.1 lets getParameter throw on these; whoever parses (the container, JAX-RS,
        // the example) must answer 400 or ignore them, never let the exception make a 500.
        String token = app.login("admin", "admin-password").access();
        String[] malformed = {"%zz", "a=%", "a=%C3%28", "a=1&a=%ZZ"};
        for (String query : malformed) {
            for (String path : List.of("api/me", "api/admin/ping", "admin/users", "health")) {
                // Sent as is: java.net.URI refuses a malformed escape.
                String target = app.root().getPath() + path + "?" + query;
                String answer = RawHttp.exchangeFrom("127.0.0.1", app.root().getPort(), target, token);
                int status = Integer.parseInt(answer.substring(9, 12));
                assertTrue(status < 500 && !answer.contains("Exception"), target + ": " + answer);
            }
            HttpResponse<String> form = app.send(app.request("/api/admin/ping")
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(query)));
            assertNotServerError(form, "a form " + query + " to JAX-RS");
            HttpResponse<String> login = app.send(app.request("/auth/login")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=alice&" + query)));
            assertEquals(400, login.statusCode(), "login form " + query + ": " + login.body());
        }
    }

    @Test
    @Scenario("quoted-cookie")
    void aTokenCookieInQuotesIsRefusedCleanlyOrReadAsTheContainerUnquotesIt() {
        String token = app.login("alice", "alice-password").access();
        HttpResponse<String> quoted = app.send(app.request("/api/me")
                .header("Cookie", "access_token=\"" + token + "\"").GET());
        if (servlet61()) {
            // Servlet 6.1 hands over the value with its quotes: not a token.
            assertInvalidToken(quoted);
        } else {
            assertTrue(quoted.statusCode() == 200 || quoted.statusCode() == 401, quoted.statusCode()
                    + " " + quoted.body());
            assertNotServerError(quoted, "a quoted cookie");
        }
        assertFalse(quoted.body().contains(token), "the token in the answer");
    }

    @Test
    @Scenario("no-empty-headers")
    void noAnswerCarriesAHeaderSetEmpty() {
        // Servlet 6.1 removes a header set to null; one set to "" would still be sent.
        String token = app.login("alice", "alice-password").access();
        List<HttpResponse<String>> answers = List.of(app.get("/", null), app.get("/api/me", token),
                app.get("/api/me", null), app.get("/api/me", "not-a-jwt"),
                app.get("/api/admin/ping", token), app.get("/static/missing.css", null),
                app.get("/health", null), app.post("/auth/logout", token));
        for (HttpResponse<String> answer : answers) {
            answer.headers().map().forEach((name, values) -> values.forEach(value ->
                    assertFalse(value.isBlank(), name + " is empty on " + answer.request().uri()
                            + " (" + answer.statusCode() + ")")));
        }
    }

    @Test
    @Scenario("query-token")
    void aTokenInTheQueryStringIsNeverTakenNorEchoed() {
        String token = app.login("alice", "alice-password").access();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        for (String path : List.of("/api/me", "/api/nothing-here", "/static/missing.css",
                "/admin/users", "/auth/logout")) {
            HttpResponse<String> answer = app.get(path + "?access_token=" + token, null);
            assertNotEquals(200, answer.statusCode(), path + ": a token in the query is no credential");
            assertNotServerError(answer, path);
            assertFalse(answer.body().contains(signature), path + " echoes the token: " + answer.body());
            assertFalse(answer.headers().map().toString().contains(signature), path + " headers");
        }
        HttpResponse<String> login = app.send(app.request("/auth/login?access_token=" + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"x\"}")));
        assertNotServerError(login, "a login with a token in its query");
        assertFalse(login.body().contains(signature), login.body());
    }

    /**
     * A valid access token of the example's issuer and key for {@code subject}, with
     * {@code groups}: the example issues tokens only to its own users, so it is signed here with
     * the key the example generated, its header and claims copied from one the example issued.
     */
    String signedByTheExample(String subject, List<String> groups) {
        DecodedJWT genuine = JWT.decode(app.login("alice", "alice-password").access());
        Instant now = Instant.now();
        return JWT.create()
                .withKeyId(genuine.getKeyId())
                .withHeader(Map.of("typ", genuine.getType()))
                .withIssuer(genuine.getIssuer())
                .withAudience(genuine.getAudience().toArray(String[]::new))
                .withSubject(subject)
                .withClaim("groups", groups)
                .withJWTId(UUID.randomUUID().toString())
                .withIssuedAt(now)
                .withExpiresAt(now.plusSeconds(300))
                .sign(Algorithm.RSA256(null, SigningKeyFiles.readRsa(dataDirectory().resolve("signing-key.pem"))));
    }

    // --- assertions ---

    static String challenge(HttpResponse<?> response) {
        return response.headers().firstValue("WWW-Authenticate").orElse("");
    }

    @Test
    @Scenario("headers")
    void theApplicationsHeadersAndErrorPagesHoldOnThisContainer() {
        HttpResponse<String> page = app.get("/", null);
        assertEquals(200, page.statusCode());
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'")
                && !policy.contains("unsafe-inline"), policy);
        String admin = app.login("admin", "admin-password").access();
        for (String path : List.of("/api/me", "/api/admin/ping")) {
            HttpResponse<String> answer = app.get(path, admin);
            assertEquals(200, answer.statusCode(), path);
            assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(null), path);
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        }
        assertEquals("nosniff", app.get("/api/me", null).headers()
                .firstValue("X-Content-Type-Options").orElse(null), "the filter's 401 too");
        HttpResponse<String> missing = app.get("/static/missing.css", null);
        assertEquals(404, missing.statusCode());
        assertEquals("{\"error\":\"not_found\"}", missing.body(), "the WAR's error page, not the container's");
        assertEquals("nosniff", missing.headers().firstValue("X-Content-Type-Options").orElse(null));
    }

    static void assertInvalidToken(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(challenge(response).contains("error=\"invalid_token\""), challenge(response));
        assertEquals("invalid_token", json(response).get("error").asText());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    static void assertNotServerError(HttpResponse<String> response, String what) {
        assertTrue(response.statusCode() < 500, what + ": " + response.statusCode() + " " + response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("\tat "),
                what + ": " + response.body());
    }

    static void assertRevoked(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(challenge(response).contains("the token has been revoked"), challenge(response));
    }
}
