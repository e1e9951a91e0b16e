package dev.perimeter.example;

import static dev.perimeter.example.RunningExample.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health} when something is wrong, against the packaged WAR on embedded Jetty: a
 * revocation store that never answered (503 {@code DOWN}), one lost after it synchronized
 * ({@code DEGRADED}, and {@code UP} again when it is back), a filter that would refuse the
 * application's own tokens ({@code DEGRADED}), and the {@code memory} store. The lost store is a
 * table in a PostgreSQL schema of its own, renamed away and back (PostgreSQL at 127.0.0.1:5432,
 * database {@code test}, user {@code postgres}, or {@code -Dperimeter.test.postgres}).
 */
@Tag("webapp")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExampleHealthTest {

    private static final String POSTGRES = System.getProperty("perimeter.test.postgres",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    /** How long a store's state may take to show: a few sync intervals of one second. */
    private static final Duration STATE_CHANGE = Duration.ofSeconds(20);

    @TempDir
    Path data;

    @Test
    void aRevocationStoreThatNeverAnsweredIsDown503WithoutItsPassword() throws Exception {
        String password = "health-test-password-" + new SecureRandom().nextInt(1_000_000);
        // Port 1 on the loopback: refused at once, nothing listens there.
        try (RunningExample app = RunningExample.start(data, Map.of("perimeter.jwt.revocation",
                "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=" + password))) {
            HttpResponse<String> response = app.get("/health", null);
            assertEquals(503, response.statusCode(), response.body());
            assertEquals("5", response.headers().firstValue("Retry-After").orElse(null));
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
            JsonNode health = json(response);
            assertEquals("DOWN", health.get("status").asText());
            JsonNode revocation = health.get("revocation");
            assertEquals("DOWN", revocation.get("status").asText());
            assertEquals("jdbc", revocation.get("kind").asText());
            assertEquals("NEVER_SYNCHRONIZED", revocation.get("state").asText());
            assertFalse(revocation.get("synchronized").asBoolean());
            assertFalse(revocation.get("reachable").asBoolean());
            assertTrue(revocation.get("lastSync").isNull());
            assertEquals("UP", health.get("keys").get("status").asText(), "the keys are fine");
            assertFalse(response.body().contains(password), response.body());
            assertFalse(response.body().contains("127.0.0.1"), "no host: " + response.body());

            // What DOWN means: the filter refuses protected requests until the store answers.
            String token = app.login("alice", "alice-password").access();
            assertEquals(503, app.get("/api/me", token).statusCode());
        }
    }

    @Test
    void aRevocationStoreLostAfterItSynchronizedIsDegradedAndUpAgainWhenItIsBack() throws Exception {
        String schema = "health_" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
        execute("CREATE SCHEMA " + schema);
        try (RunningExample app = RunningExample.start(data, Map.of(
                "perimeter.jwt.revocation", POSTGRES + "&currentSchema=" + schema,
                "perimeter.jwt.revocation-sync", "1"))) {
            JsonNode up = awaitStatus(app, "UP");
            assertEquals("SYNCHRONIZED", up.get("revocation").get("state").asText());

            execute("ALTER TABLE " + schema + ".perimeter_revocation RENAME TO away");
            JsonNode degraded = awaitStatus(app, "DEGRADED");
            JsonNode revocation = degraded.get("revocation");
            assertEquals("DEGRADED", revocation.get("status").asText());
            assertEquals("DISCONNECTED", revocation.get("state").asText());
            assertFalse(revocation.get("reachable").asBoolean());
            Instant lastSync = Instant.parse(revocation.get("lastSync").asText());
            assertTrue(revocation.get("lagMillis").asLong() >= 0);
            String token = app.login("alice", "alice-password").access();
            assertEquals(200, app.get("/api/me", token).statusCode(),
                    "a disconnected node keeps serving on its last mirror");
            assertEquals(200, app.get("/health", null).statusCode());

            execute("ALTER TABLE " + schema + ".away RENAME TO perimeter_revocation");
            JsonNode back = awaitStatus(app, "UP");
            assertEquals("SYNCHRONIZED", back.get("revocation").get("state").asText());
            assertTrue(Instant.parse(back.get("revocation").get("lastSync").asText()).isAfter(lastSync));
        } finally {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void aFilterThatWouldRefuseTheApplicationsOwnTokensIsDegraded(@TempDir Path keys) throws Exception {
        // The operator's filter trusts an identity provider only: the example's keys are left
        // out rather than made to vouch for the provider's issuer.
        Path providerKeys = keys.resolve("provider.json");
        java.nio.file.Files.writeString(providerKeys, RunningExample.JSON.writeValueAsString(Map.of(
                "keys", java.util.List.of(dev.perimeter.example.keys.Jwk.of(
                        dev.perimeter.example.keys.SigningAlgorithm.RS256.generate().getPublic(),
                        "provider-1", dev.perimeter.example.keys.SigningAlgorithm.RS256)))));
        try (RunningExample app = RunningExample.start(data,
                Map.of("perimeter.jwt.issuer", "https://sso.example.com",
                        "perimeter.jwt.jwks", "file:" + providerKeys))) {
            HttpResponse<String> response = app.get("/health", null);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode health = json(response);
            assertEquals("DEGRADED", health.get("status").asText());
            assertEquals("DEGRADED", health.get("keys").get("status").asText());
            assertFalse(health.get("keys").get("signingKeyTrusted").asBoolean());
            assertEquals(java.util.List.of("provider-1"),
                    java.util.List.of(health.get("keys").get("kids").get(0).asText()));
            assertEquals(1, health.get("keys").get("kids").size(), health.toString());
            assertEquals("UP", health.get("revocation").get("status").asText());
            assertEquals(401, app.get("/api/me", app.login("alice", "alice-password").access())
                    .statusCode());
        }
    }

    @Test
    void theMemoryStoreIsLocalAndUp() throws Exception {
        try (RunningExample app = RunningExample.start(data,
                Map.of("perimeter.jwt.revocation", "memory"))) {
            JsonNode health = json(app.get("/health", null));
            assertEquals("UP", health.get("status").asText(), health.toString());
            JsonNode revocation = health.get("revocation");
            assertEquals("memory", revocation.get("kind").asText());
            assertEquals("LOCAL", revocation.get("state").asText());
            assertTrue(revocation.get("reachable").asBoolean());
            assertTrue(revocation.get("lastSync").isNull());
            assertEquals(0, revocation.get("lagMillis").asLong());
        }
    }

    /** Asks {@code /health} until its status is {@code status}, for at most {@link #STATE_CHANGE}. */
    private static JsonNode awaitStatus(RunningExample app, String status) throws Exception {
        long deadline = System.nanoTime() + STATE_CHANGE.toNanos();
        JsonNode health;
        do {
            health = json(app.get("/health", null));
            if (status.equals(health.get("status").asText())) {
                return health;
            }
            Thread.sleep(100); // the store's own sync thread changes the state: no clock to move
        } while (System.nanoTime() < deadline);
        return fail("/health did not become " + status + " within " + STATE_CHANGE + ": " + health);
    }

    private static void execute(String sql) throws SQLException {
        Connection connection;
        try {
            connection = new org.postgresql.Driver().connect(POSTGRES, new Properties());
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable at " + POSTGRES + " (" + e.getMessage() + ")");
            return;
        }
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
