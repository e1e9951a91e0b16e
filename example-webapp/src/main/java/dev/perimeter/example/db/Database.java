package dev.perimeter.example.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The application's database (H2 or PostgreSQL): a small HikariCP pool, and transactions. Users,
 * signing keys and refresh tokens live here; {@link Schema} creates their tables. The filter's
 * revocation store keeps its own connections, by default to this same database.
 */
public final class Database implements AutoCloseable {

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource pool;
    private final String url;

    private Database(HikariDataSource pool, String url) {
        this.pool = pool;
        this.url = url;
    }

    /**
     * Opens a pool on {@code url} ({@code jdbc:h2:…} or {@code jdbc:postgresql:…}) and checks
     * that a connection can be had.
     *
     * @throws DatabaseException when it cannot
     */
    public static Database open(String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("perimeter-example");
        config.setJdbcUrl(url);
        // Named, so that a driver inside the WAR is found whatever DriverManager has seen.
        config.setDriverClassName(url.startsWith("jdbc:h2:") ? "org.h2.Driver" : "org.postgresql.Driver");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        try {
            return new Database(new HikariDataSource(config), url);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot open the database " + DatabaseUrls.mask(url) + ": "
                    + DatabaseUrls.mask(String.valueOf(e.getMessage())), e);
        }
    }

    /** The JDBC URL, credentials included: never log it unmasked. */
    public String url() {
        return url;
    }

    /** Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("database operation failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
