package dev.perimeter.example.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.example.TestClock;
import dev.perimeter.example.tokens.AccessToken;
import dev.perimeter.example.tokens.ActiveSession;
import dev.perimeter.example.tokens.RefreshTokens;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema code on a database of an earlier version: it starts, and keeps what was there. */
class SchemaTest {

    /** {@code example_refresh_token} as the first version created it, without client_address. */
    private static final String EARLIER_REFRESH_TOKENS = "CREATE TABLE example_refresh_token ("
            + " token_hash VARCHAR(64) NOT NULL PRIMARY KEY,"
            + " family_id VARCHAR(64) NOT NULL,"
            + " parent_hash VARCHAR(64),"
            + " subject VARCHAR(255) NOT NULL,"
            + " issued_ms BIGINT NOT NULL,"
            + " expires_ms BIGINT NOT NULL,"
            + " spent_ms BIGINT,"
            + " revoked_ms BIGINT,"
            + " access_jti VARCHAR(64) NOT NULL,"
            + " access_expires_ms BIGINT NOT NULL)";

    /** {@code example_refresh_token} as the second version created it, without dpop_jkt. */
    private static final String SECOND_REFRESH_TOKENS = EARLIER_REFRESH_TOKENS.replace(
            " access_expires_ms BIGINT NOT NULL)",
            " access_expires_ms BIGINT NOT NULL, client_address VARCHAR(64))");

    @TempDir
    Path data;

    @Test
    void aRefreshTokenTableWithoutTheDpopColumnGainsItAndItsFamiliesStayUnbound() {
        TestClock clock = TestClock.startingNow();
        long now = clock.millis();
        try (Database database = Database.open("jdbc:h2:file:" + data.resolve("db2"))) {
            String token = "an-earlier-refresh-token";
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(SECOND_REFRESH_TOKENS);
                    statement.execute("INSERT INTO example_refresh_token VALUES ('"
                            + sha256(token) + "', 'family-1', NULL, 'alice', " + now
                            + ", " + (now + 3_600_000) + ", NULL, NULL, 'jti-1', " + (now + 300_000)
                            + ", '192.0.2.1')");
                }
                return null;
            });
            Schema.create(database);
            Schema.create(database);

            RefreshTokens tokens = new RefreshTokens(database, clock, Duration.ofHours(1));
            assertEquals(Optional.empty(), tokens.boundKey(token), "an earlier family is unbound");
            RefreshTokens.Rotation rotated = tokens.rotate(token, "192.0.2.2", null,
                    (subject, jkt) -> Optional.of(new AccessToken("jws", "jti-2", subject,
                            clock.instant().plusSeconds(300), jkt)));
            assertTrue(rotated instanceof RefreshTokens.Rotated, rotated.toString());
            RefreshTokens.Issued bound = tokens.start(new AccessToken("jws", "jti-3", "alice",
                    clock.instant().plusSeconds(300), "jkt-a"), "192.0.2.3");
            assertEquals(Optional.of("jkt-a"), tokens.boundKey(bound.token()));
        }
    }

    @Test
    void aRefreshTokenTableOfTheFirstVersionGainsTheAddressColumnAndKeepsItsRows() {
        TestClock clock = TestClock.startingNow();
        long now = clock.millis();
        try (Database database = Database.open("jdbc:h2:file:" + data.resolve("db"))) {
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(EARLIER_REFRESH_TOKENS);
                    statement.execute("INSERT INTO example_refresh_token VALUES ('h1', 'family-1',"
                            + " NULL, 'alice', " + now + ", " + (now + 3_600_000) + ", NULL, NULL,"
                            + " 'jti-1', " + (now + 300_000) + ")");
                }
                return null;
            });
            Schema.create(database);
            Schema.create(database); // and again at the next start

            RefreshTokens tokens = new RefreshTokens(database, clock, Duration.ofHours(1));
            List<ActiveSession> earlier = tokens.liveSessions("alice");
            assertEquals(1, earlier.size());
            assertEquals("family-1", earlier.get(0).id());
            assertNull(earlier.get(0).address(), "the earlier version kept no address");

            tokens.start(new AccessToken("jws", "jti-2", "alice", clock.instant().plusSeconds(300)),
                    "192.0.2.1");
            assertEquals(2, tokens.liveSessions("alice").size());
            assertEquals("192.0.2.1", tokens.liveSessions("alice").stream()
                    .filter(s -> !s.id().equals("family-1")).findFirst().orElseThrow().address());
        }
    }

    /** What the table keeps of a refresh token: its SHA-256, base64url. */
    private static String sha256(String token) {
        try {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(
                            token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
