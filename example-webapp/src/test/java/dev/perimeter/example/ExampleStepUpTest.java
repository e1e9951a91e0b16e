package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.example.users.SecondFactor;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step-up (RFC 9470) in the running example, in filter and container mode alike: a login with the
 * TOTP second factor issues tokens with {@code acr} {@code mfa} and {@code auth_time}, kept by
 * refreshes; a password-only login's tokens ({@code acr} {@code pwd}) get 401 {@code
 * insufficient_user_authentication} at {@code GET /api/payments}, with the exact challenge.
 */
@Tag("webapp")
class ExampleStepUpTest {

    private static final String CHALLENGE = "error=\"insufficient_user_authentication\","
            + " error_description=\"a stronger authentication is required\","
            + " acr_values=\"mfa\", max_age=\"300\"";

    @TempDir
    static Path data;

    private static RunningExample app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningExample.start(data);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String code(String user) {
        return new SecondFactor(Clock.systemUTC()).codeAt(user, Instant.now()).orElseThrow();
    }

    private static HttpResponse<String> login(String user, String password, String otp)
            throws Exception {
        return app.postJson("/auth/login", "{\"username\":\"" + user + "\",\"password\":\""
                + password + "\"" + (otp == null ? "" : ",\"otp\":\"" + otp + "\"") + "}", null);
    }

    private static JsonNode claims(String token) throws Exception {
        return RunningExample.JSON.readTree(new String(Base64.getUrlDecoder()
                .decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void aPasswordOnlyLoginIsAskedToStepUpAtPayments() throws Exception {
        String access = app.login("alice", "alice-password").access();
        JsonNode claims = claims(access);
        assertEquals("pwd", claims.get("acr").asText());
        long authTime = claims.get("auth_time").asLong();
        assertTrue(Math.abs(Instant.now().getEpochSecond() - authTime) < 60, claims.toString());

        HttpResponse<String> refused = app.get("/api/payments", access);
        assertEquals(401, refused.statusCode(), refused.body());
        String challenge = refused.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer ") && challenge.endsWith(CHALLENGE), challenge);
        assertEquals("{\"error\":\"insufficient_user_authentication\",\"error_description\":"
                + "\"a stronger authentication is required\"}", refused.body());
        assertEquals("no-store", refused.headers().firstValue("Cache-Control").orElse(null));
        // the same token is good where no step-up is asked
        assertEquals(200, app.get("/api/me", access).statusCode());
    }

    @Test
    void aLoginWithTheSecondFactorIsAdmittedAndRefreshesKeepItsAcrAndAuthTime() throws Exception {
        HttpResponse<String> response = login("alice", "alice-password", code("alice"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode pair = RunningExample.json(response);
        String access = pair.get("access_token").asText();
        JsonNode claims = claims(access);
        assertEquals("mfa", claims.get("acr").asText());

        HttpResponse<String> payments = app.get("/api/payments", access);
        assertEquals(200, payments.statusCode(), payments.body());
        JsonNode body = RunningExample.json(payments);
        assertEquals("alice", body.get("sub").asText());
        assertEquals("mfa", body.get("acr").asText());

        Thread.sleep(1100); // a refresh in a later second: its iat moves, auth_time must not
        HttpResponse<String> refreshed = app.refresh(pair.get("refresh_token").asText());
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String next = RunningExample.json(refreshed).get("access_token").asText();
        JsonNode nextClaims = claims(next);
        assertNotEquals(claims.get("jti").asText(), nextClaims.get("jti").asText());
        assertNotEquals(claims.get("iat").asLong(), nextClaims.get("iat").asLong());
        assertEquals("mfa", nextClaims.get("acr").asText(), "a refresh keeps the login's acr");
        assertEquals(claims.get("auth_time").asLong(), nextClaims.get("auth_time").asLong(),
                "a refresh is no new authentication");
        assertEquals(200, app.get("/api/payments", next).statusCode());
    }

    @Test
    void aWrongCodeFailsTheLoginAsAWrongPasswordDoes() throws Exception {
        String right = code("alice");
        String wrong = right.equals("000000") ? "111111" : "000000";
        HttpResponse<String> response = login("alice", "alice-password", wrong);
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("invalid_grant", RunningExample.json(response).get("error").asText());
        assertEquals(401, login("alice", "alice-password", "12345678901234567890").statusCode(),
                "an overlong code is refused as a wrong one, never a 500");
    }

    @Test
    void withoutTheRoleOrATokenPaymentsAnswerAsTheErrorContractSays() throws Exception {
        HttpResponse<String> none = app.get("/api/payments", null);
        assertEquals(401, none.statusCode(), none.body());
        assertTrue(none.body().contains("\"unauthorized\""), none.body());
    }
}
