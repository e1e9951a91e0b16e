package dev.perimeter.jwt.revocation;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Where {@link JdbcRevocationStore} gets its connections: a HikariCP pool when HikariCP is on
 * the class path, else one connection of its own; or a DataSource it was given (a container's
 * pool, found through JNDI), which it does not close.
 */
interface JdbcConnections extends AutoCloseable {

    /** Borrows a connection in auto-commit mode; give it back with {@link #release}. */
    Connection open() throws SQLException;

    /** Gives a connection back; {@code failed} when a statement on it failed. */
    void release(Connection connection, boolean failed);

    /** What kind of source this is, for the store's description. */
    String kind();

    @Override
    void close();

    /**
     * Connections for a JDBC URL: pooled by HikariCP if {@code pooled} and HikariCP is on the
     * class path, else one connection kept open and reopened when it breaks.
     *
     * @throws IllegalArgumentException when no driver accepts the URL
     */
    static JdbcConnections forUrl(String url, boolean pooled) {
        Driver registered = registeredDriver(url);
        Driver driver = requireDriver(url);
        if (pooled && hikariAvailable()) {
            return HikariPools.create(url, registered == null ? driver.getClass().getName() : null);
        }
        return new Single(url, driver);
    }

    /**
     * The driver that accepts {@code url}: registered with DriverManager, else found in the
     * application's class loader.
     *
     * @throws IllegalArgumentException when there is none
     */
    static Driver requireDriver(String url) {
        Driver registered = registeredDriver(url);
        Driver driver = registered != null ? registered : discoveredDriver(url);
        if (driver == null) {
            throw new IllegalArgumentException("no JDBC driver on the class path accepts "
                    + CredentialMask.mask(url));
        }
        return driver;
    }

    /** Connections from a DataSource that someone else owns and closes. */
    static JdbcConnections forDataSource(DataSource dataSource, String kind) {
        return new FromDataSource(dataSource, kind, null);
    }

    private static Driver registeredDriver(String url) {
        try {
            return DriverManager.getDriver(url);
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * A driver in the application's own class loader: DriverManager may not see drivers in a web
     * application's {@code WEB-INF/lib} when it was first used by another class loader.
     */
    private static Driver discoveredDriver(String url) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (ClassLoader candidate : new ClassLoader[] {loader, JdbcConnections.class.getClassLoader()}) {
            if (candidate == null) {
                continue;
            }
            for (Driver driver : ServiceLoader.load(Driver.class, candidate)) {
                try {
                    if (driver.acceptsURL(url)) {
                        return driver;
                    }
                } catch (SQLException e) {
                    // not this one
                }
            }
        }
        return null;
    }

    private static boolean hikariAvailable() {
        try {
            Class.forName("com.zaxxer.hikari.HikariDataSource", false,
                    JdbcConnections.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Closes without throwing: the connection is being thrown away. */
    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            Logger.getLogger(JdbcConnections.class.getName()).log(Level.FINE, "closing failed", e);
        }
    }

    /** A DataSource's connections, each closed (returned to its pool) after use. */
    final class FromDataSource implements JdbcConnections {
        private final DataSource dataSource;
        private final String kind;
        private final AutoCloseable owned;

        FromDataSource(DataSource dataSource, String kind, AutoCloseable owned) {
            this.dataSource = dataSource;
            this.kind = kind;
            this.owned = owned;
        }

        @Override
        public Connection open() throws SQLException {
            Connection connection = dataSource.getConnection();
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return connection;
        }

        @Override
        public void release(Connection connection, boolean failed) {
            closeQuietly(connection);
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public void close() {
            closeQuietly(owned);
        }
    }

    /**
     * One connection, used by one caller at a time (the sync thread or a revoking request), and
     * reopened when a failure has left it invalid. Enough for a store that polls every few
     * seconds and writes now and then; a pool is better where revocations are frequent.
     */
    final class Single implements JdbcConnections {
        private static final long WAIT_SECONDS = 15;
        private final ReentrantLock lock = new ReentrantLock();
        private final String url;
        private final Driver driver;
        /** Guarded by lock. */
        private Connection connection;

        Single(String url, Driver driver) {
            this.url = url;
            this.driver = driver;
        }

        @Override
        public Connection open() throws SQLException {
            try {
                if (!lock.tryLock(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new SQLException("the revocation store's connection stayed busy for "
                            + WAIT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the connection", e);
            }
            try {
                if (connection == null || connection.isClosed()) {
                    connection = driver.connect(url, new Properties());
                    if (connection == null) {
                        throw new SQLException("the driver " + driver.getClass().getName()
                                + " refused the URL");
                    }
                }
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                return connection;
            } catch (SQLException | RuntimeException e) {
                closeQuietly(connection);
                connection = null;
                lock.unlock();
                throw e;
            }
        }

        @Override
        public void release(Connection used, boolean failed) {
            try {
                if (failed && !isValid(used)) {
                    closeQuietly(used);
                    connection = null;
                }
            } finally {
                lock.unlock();
            }
        }

        private static boolean isValid(Connection connection) {
            try {
                return connection.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        public String kind() {
            return "one connection (no HikariCP on the class path)";
        }

        @Override
        public void close() {
            lock.lock();
            try {
                closeQuietly(connection);
                connection = null;
            } finally {
                lock.unlock();
            }
        }
    }
}
