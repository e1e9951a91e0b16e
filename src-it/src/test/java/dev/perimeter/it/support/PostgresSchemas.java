package dev.perimeter.it.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Schemas of their own on the PostgreSQL that CI machines have (127.0.0.1:5432, database
 * {@code test}, user {@code postgres}, trust; {@code -Dperimeter.test.postgres.server} and
 * {@code -Dperimeter.test.postgres.user} for another), so that a test depends on nothing an
 * earlier run or another test left, and leaves nothing behind.
 */
public final class PostgresSchemas {

    /** The server and database, as a JDBC URL without credentials. */
    public static final String SERVER = System.getProperty("perimeter.test.postgres.server",
            "jdbc:postgresql://127.0.0.1:5432/test");
    /** The user the tests and the containers connect as. */
    public static final String USER = System.getProperty("perimeter.test.postgres.user", "postgres");

    private static final SecureRandom RANDOM = new SecureRandom();

    private PostgresSchemas() {
    }

    /** Creates a new schema named {@code srcit_<purpose>_<random>} and returns its name. */
    public static String create(String purpose) {
        String schema = "srcit_" + purpose + "_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    /** Drops {@code schema} with everything in it; null is ignored. */
    public static void drop(String schema) {
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A JDBC URL with the user whose connections work in {@code schema}. */
    public static String url(String schema) {
        return SERVER + "?user=" + USER + "&currentSchema=" + schema;
    }

    /** The single number that {@code sql} selects. */
    public static long count(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** From the driver itself, whatever DriverManager has seen. */
    private static Connection connect() {
        String url = SERVER + "?user=" + USER;
        try {
            Connection connection = new org.postgresql.Driver().connect(url, new Properties());
            if (connection == null) {
                throw new SQLException("not a PostgreSQL URL: " + url);
            }
            return connection;
        } catch (SQLException e) {
            return fail("PostgreSQL is not reachable at " + url + " (" + e.getMessage() + "):"
                    + " start it (pg_ctlcluster <version> main start, as .ci/run does)");
        }
    }
}
