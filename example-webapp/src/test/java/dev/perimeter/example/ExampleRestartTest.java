package dev.perimeter.example;

import static dev.perimeter.example.RunningExample.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.example.RunningExample.Pair;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts on the same data directory: revocations, users and keys are kept; a new signing
 * algorithm rotates the key while the old one keeps verifying the tokens it signed.
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleRestartTest {

    @TempDir
    Path data;

    @Test
    void revocationsUsersAndKeysSurviveARestartAndANewAlgorithmRotatesTheKey() throws Exception {
        Pair revoked;
        Pair loggedOut;
        Pair kept;
        String adminToken;
        String firstKid;
        try (RunningExample app = RunningExample.start(data)) {
            firstKid = onlyKid(app);
            revoked = app.login("alice", "alice-password");
            loggedOut = app.login("alice", "alice-password");
            kept = app.login("alice", "alice-password");
            adminToken = app.login("admin", "admin-password").access();
            assertEquals(200, app.postForm("/auth/revoke", Map.of("token", revoked.access()),
                    revoked.access()).statusCode());
            assertEquals(204, app.post("/auth/logout", loggedOut.access()).statusCode());
            assertEquals(204, app.post("/admin/subjects/admin/revoke", adminToken).statusCode());
        }

        Pair second;
        try (RunningExample app = RunningExample.start(data)) {
            assertEquals(firstKid, onlyKid(app), "the generated key is kept");
            assertRevoked(app.get("/api/me", revoked.access()));
            assertRevoked(app.get("/api/me", loggedOut.access()));
            assertRevoked(app.get("/api/me", adminToken));
            assertEquals(401, app.refresh(loggedOut.refresh()).statusCode());
            assertEquals(200, app.get("/api/me", kept.access()).statusCode(), "not revoked");
            second = app.login("alice", "alice-password");
            assertEquals(firstKid, JWT.decode(second.access()).getKeyId());
        }

        try (RunningExample app = RunningExample.start(data, Map.of("signing-alg", "ES256"))) {
            JsonNode keys = json(app.get("/.well-known/jwks.json", null)).get("keys");
            assertEquals(2, keys.size(), keys.toString());
            assertEquals(firstKid, keys.get(0).get("kid").asText());
            assertEquals("RS256", keys.get(0).get("alg").asText());
            assertEquals("ES256", keys.get(1).get("alg").asText());
            assertEquals(200, app.get("/api/me", second.access()).statusCode(),
                    "the retired key still verifies what it signed");
            assertRevoked(app.get("/api/me", revoked.access()));

            String rotated = app.login("alice", "alice-password").access();
            assertEquals("ES256", JWT.decode(rotated).getAlgorithm());
            assertEquals(keys.get(1).get("kid").asText(), JWT.decode(rotated).getKeyId());
            assertNotEquals(firstKid, JWT.decode(rotated).getKeyId());
            assertEquals(200, app.get("/api/me", rotated).statusCode());
            assertEquals(200, app.refresh(second.refresh()).statusCode(), "sessions survive too");
        }
    }

    private static String onlyKid(RunningExample app) throws Exception {
        JsonNode keys = json(app.get("/.well-known/jwks.json", null)).get("keys");
        assertEquals(1, keys.size(), keys.toString());
        return keys.get(0).get("kid").asText();
    }

    private static void assertRevoked(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals(true, response.headers().firstValue("WWW-Authenticate").orElse("")
                .contains("revoked"), response.headers().map().toString());
    }
}
