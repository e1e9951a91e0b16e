package dev.perimeter.jwt.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The real PostgreSQL that tests of the JDBC store run against, and unique names so that runs
 * (and engineers sharing the server) never collide. A missing server fails the test with a
 * message saying what is needed; it is never skipped.
 */
public final class TestDatabases {

    /** Overridable with {@code -Dperimeter.test.postgres=jdbc:postgresql://…}. */
    public static final String POSTGRES = System.getProperty("perimeter.test.postgres",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestDatabases() {
    }

    /** A connection as the administrator, or a failed test saying what is missing. */
    public static Connection postgres() {
        try {
            return DriverManager.getConnection(POSTGRES);
        } catch (SQLException e) {
            return fail("PostgreSQL is not reachable at " + POSTGRES + " (" + e.getMessage()
                    + "). These tests need a running PostgreSQL: database 'test', user 'postgres',"
                    + " trust authentication on 127.0.0.1:5432, as CI machines have. Start it"
                    + " (pg_ctlcluster <version> main start) or point -Dperimeter.test.postgres"
                    + " at one.");
        }
    }

    /** Runs statements as the administrator. */
    public static void execute(String... statements) {
        try (Connection connection = postgres(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            fail("PostgreSQL refused: " + String.join("; ", statements) + ": " + e.getMessage(), e);
        }
    }

    /** A single long from a query, as the administrator. */
    public static long queryLong(String sql) {
        try (Connection connection = postgres(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            return fail("PostgreSQL refused: " + sql + ": " + e.getMessage());
        }
    }

    /** {@code prefix_} and 10 random lower-case letters and digits: a valid, unused identifier. */
    public static String uniqueName(String prefix) {
        StringBuilder name = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 10; i++) {
            name.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }
}
