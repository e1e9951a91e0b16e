package dev.perimeter.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.perimeter.example.RunningExample.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example on PostgreSQL ({@code database} set): users, keys, refresh tokens and, since the
 * filter's store follows the application's database, revocations all live there. Runs in a
 * schema of its own on the PostgreSQL that CI machines have (database {@code test}, user
 * {@code postgres}, trust, 127.0.0.1:5432, or {@code -Dperimeter.test.postgres}); without one it
 * fails saying so.
 */
@Tag("webapp")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExamplePostgresTest {

    private static final String POSTGRES = System.getProperty("perimeter.test.postgres",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @TempDir
    Path data;

    @Test
    void withPostgresEverythingTheApplicationAndTheFilterKeepLivesInIt() throws Exception {
        String schema = "example_" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
        execute("CREATE SCHEMA " + schema);
        try (RunningExample app = RunningExample.start(data,
                Map.of("database", POSTGRES + "&currentSchema=" + schema))) {
            Pair pair = app.login("alice", "alice-password");
            assertEquals(200, app.refresh(pair.refresh()).statusCode());
            assertEquals(204, app.post("/auth/logout", pair.access()).statusCode());
            assertEquals(401, app.get("/api/me", pair.access()).statusCode());

            assertEquals(2, count("SELECT COUNT(*) FROM " + schema + ".example_user"));
            assertEquals(1, count("SELECT COUNT(*) FROM " + schema + ".example_signing_key"));
            assertEquals(2, count("SELECT COUNT(*) FROM " + schema + ".example_refresh_token"
                    + " WHERE revoked_ms IS NOT NULL"));
            assertTrue(count("SELECT COUNT(*) FROM " + schema + ".perimeter_revocation"
                    + " WHERE kind = 'T'") >= 1);
            assertFalse(Files.exists(data.resolve("perimeter.mv.db")), "no H2 database");
        } finally {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /**
     * A connection from the driver itself: DriverManager's set of drivers depends on which
     * class loader used it first, and the applications started earlier in this JVM were first.
     */
    private static Connection connect() {
        try {
            Connection connection = new org.postgresql.Driver().connect(POSTGRES, new Properties());
            if (connection == null) {
                throw new SQLException("not a PostgreSQL URL");
            }
            return connection;
        } catch (SQLException e) {
            return fail("PostgreSQL is not reachable at " + POSTGRES + " (" + e.getMessage()
                    + "): start it (pg_ctlcluster <version> main start, as .ci/run does) or point"
                    + " -Dperimeter.test.postgres at one");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
