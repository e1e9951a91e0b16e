package dev.perimeter.jwt.revocation;

import dev.perimeter.jwt.internal.CredentialMask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Revocations in a relational database (H2 2.x and PostgreSQL are tested), shared by every node
 * that uses the same table and kept across restarts. Each node holds a {@link RevocationMirror}
 * that its {@value SyncThreads#NAME} thread keeps current by reading the rows above the last id
 * it saw, every {@code revocation-sync}; the request path reads only the mirror.
 *
 * <p>The store creates its table when absent (see {@code docs/operations.md} for the DDL), and
 * purges the rows of expired tokens every minute. Connections come from a HikariCP pool when
 * HikariCP is on the class path, else from one connection of its own, or from a container's
 * DataSource ({@code jndi:}).
 *
 * <p>A node that cannot reach the database at start answers 503 until it has read the table
 * once; a node that loses it keeps enforcing what it has read, reports so in {@link #health()},
 * logs it once, and catches up from its last id when the database is back.
 */
public final class JdbcRevocationStore extends MirroredRevocationStore {

    /** The table used unless another is given. */
    public static final String DEFAULT_TABLE = "perimeter_revocation";
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);
    private static final int STATEMENT_TIMEOUT_SECONDS = 10;
    private static final long STOP_TIMEOUT_MILLIS = 15_000;

    private final JdbcConnections connections;
    private final JdbcTable table;
    private final ScheduledExecutorService sync;
    private final Object schemaLock = new Object();
    private volatile boolean schemaReady;
    /** The highest id applied to the mirror; read and written by the sync thread only. */
    private long watermark;
    /** When the sync thread purges next (clock millis); sync thread only. */
    private long nextPurge;

    private JdbcRevocationStore(Builder builder, JdbcConnections connections) {
        super(builder.label + " (table " + builder.table.name + ", " + connections.kind()
                + ", sync every " + seconds(builder.settings.syncInterval()) + ")",
                builder.settings);
        this.connections = connections;
        this.table = builder.table;
        Duration interval = builder.settings.syncInterval();
        this.sync = SyncThreads.newScheduler();
        sync.scheduleWithFixedDelay(this::synchronize, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts building a store with {@code settings}; give it a URL or a DataSource. */
    public static Builder builder(RevocationSettings settings) {
        return new Builder(settings);
    }

    @Override
    protected void storeToken(String jti, long expiryMillis, long ttlMillis) {
        write(JdbcTable.TOKEN, jti, expiryMillis);
    }

    @Override
    protected void storeSubject(String subject, long cutoffMillis) {
        write(JdbcTable.SUBJECT, subject, cutoffMillis);
    }

    /**
     * Drops expired tokens from the mirror and deletes their rows.
     *
     * @throws RevocationStoreException when the database could not be purged
     */
    @Override
    public void purgeExpired() {
        mirror.purgeExpired();
        try {
            ensureSchema();
            deleteExpiredRows();
        } catch (SQLException | RuntimeException e) {
            throw new RevocationStoreException("Perimeter: revocation store " + description
                    + " could not be purged: " + SyncTracker.describe(e), e);
        }
    }

    /** Stops the sync thread (after a running sync ends) and closes the connections it owns. */
    @Override
    public void close() {
        SyncThreads.stop(sync, STOP_TIMEOUT_MILLIS);
        connections.close();
    }

    // --- the sync thread ---

    private void synchronize() {
        try {
            try {
                ensureSchema();
                readNewRows();
            } catch (DeadConnectionException e) {
                // A pooled connection that died since its last use: one more try on a fresh one
                // before calling the store lost.
                try {
                    readNewRows();
                } catch (DeadConnectionException again) {
                    throw again.getCause();
                }
            }
            tracker.succeeded();
        } catch (Exception e) {
            tracker.failed(e);
            return;
        }
        long now = clock.millis();
        if (now >= nextPurge) {
            nextPurge = now + PURGE_INTERVAL.toMillis();
            try {
                mirror.purgeExpired();
                deleteExpiredRows();
            } catch (Exception e) {
                tracker.failed(e);
            }
        }
    }

    /** Applies every row above the watermark, in id order, a batch at a time. */
    private void readNewRows() throws SQLException {
        Connection connection = connections.open();
        boolean failed = true;
        try (PreparedStatement select = connection.prepareStatement(table.selectAfter)) {
            select.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            int rows;
            do {
                rows = 0;
                select.setLong(1, watermark);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        apply(result.getString(2), result.getString(3), result.getLong(4));
                        watermark = result.getLong(1);
                        rows++;
                    }
                }
            } while (rows == JdbcTable.BATCH);
            failed = false;
        } catch (SQLException e) {
            throw isConnectionLoss(e) ? new DeadConnectionException(e) : e;
        } finally {
            connections.release(connection, failed);
        }
    }

    private void apply(String kind, String target, long instantMillis) {
        if (kind == null || kind.isEmpty()) {
            return;
        }
        Instant instant = Instant.ofEpochMilli(instantMillis);
        switch (kind.charAt(0)) {
            case JdbcTable.TOKEN:
                // Rows not yet purged whose tokens are dead need no room in the mirror.
                if (!instant.plus(leeway).isBefore(clock.instant())) {
                    mirror.revokeToken(target, instant);
                }
                break;
            case JdbcTable.SUBJECT:
                mirror.revokeSubject(target, instant);
                break;
            default:
                break; // the counter row, or a kind of a later version
        }
    }

    private void deleteExpiredRows() throws SQLException {
        Connection connection = connections.open();
        boolean failed = true;
        try (PreparedStatement delete = connection.prepareStatement(table.purge)) {
            delete.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS * 6);
            delete.setLong(1, clock.instant().minus(leeway).toEpochMilli());
            delete.executeUpdate();
            failed = false;
        } finally {
            connections.release(connection, failed);
        }
    }

    // --- writes ---

    private void write(char kind, String target, long instantMillis) {
        try {
            ensureSchema();
            insert(kind, target, instantMillis);
        } catch (SQLException | RuntimeException e) {
            throw new RevocationStoreException("Perimeter: revocation store " + description
                    + " did not accept the revocation (" + SyncTracker.describe(e)
                    + "); it holds on this node only, until restart", e);
        }
    }

    /**
     * Inserts the event; once more on a fresh connection if the first one turns out to be dead
     * (a pooled connection whose server process was terminated fails on first use). A retried
     * commit may leave a duplicate row, which is harmless: applying an event twice changes
     * nothing.
     */
    private void insert(char kind, String target, long instantMillis) throws SQLException {
        try {
            insertOnce(kind, target, instantMillis);
        } catch (DeadConnectionException e) {
            try {
                insertOnce(kind, target, instantMillis);
            } catch (DeadConnectionException again) {
                again.getCause().addSuppressed(e.getCause());
                throw again.getCause();
            }
        }
    }

    /**
     * Takes the next id from the counter row and inserts the event in one transaction. The
     * counter's row lock makes writers commit in id order, so a reader that has seen id n has
     * seen every committed id below it.
     */
    private void insertOnce(char kind, String target, long instantMillis) throws SQLException {
        Connection connection = connections.open();
        boolean failed = true;
        try {
            connection.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement bump = connection.prepareStatement(table.bumpCounter)) {
                    bump.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                    if (bump.executeUpdate() != 1) {
                        throw new SQLException("the counter row (id 0) of " + table.name
                                + " is missing");
                    }
                }
                try (PreparedStatement read = connection.prepareStatement(table.readCounter);
                        ResultSet result = read.executeQuery()) {
                    result.next();
                    id = result.getLong(1);
                }
                try (PreparedStatement insert = connection.prepareStatement(table.insert)) {
                    insert.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                    insert.setLong(1, id);
                    insert.setString(2, String.valueOf(kind));
                    insert.setString(3, target);
                    insert.setLong(4, instantMillis);
                    insert.setLong(5, clock.millis());
                    insert.executeUpdate();
                }
                connection.commit();
                failed = false;
            } catch (SQLException e) {
                if (isConnectionLoss(e)) {
                    throw new DeadConnectionException(e);
                }
                throw e;
            } finally {
                if (failed) {
                    rollbackQuietly(connection);
                }
                restoreAutoCommit(connection);
            }
        } finally {
            connections.release(connection, failed);
        }
    }

    /**
     * Whether the connection itself failed (SQL state class 08, or PostgreSQL's 57P01-57P03 for
     * a terminated server process), as opposed to the statement.
     */
    private static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    /** A borrowed connection turned out dead: worth one more try on another. */
    private static final class DeadConnectionException extends SQLException {
        private static final long serialVersionUID = 1L;

        DeadConnectionException(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    // --- schema ---

    /** Creates the table and its counter row once, if absent. */
    private void ensureSchema() throws SQLException {
        if (schemaReady) {
            return;
        }
        synchronized (schemaLock) {
            if (schemaReady) {
                return;
            }
            Connection connection = connections.open();
            boolean failed = true;
            try {
                long counters;
                try {
                    counters = countCounterRows(connection);
                } catch (SQLException absent) {
                    createTable(connection);
                    counters = countCounterRows(connection);
                }
                if (counters == 0) {
                    initCounter(connection);
                }
                failed = false;
                schemaReady = true;
            } finally {
                connections.release(connection, failed);
            }
        }
    }

    private long countCounterRows(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(table.countCounter)) {
            result.next();
            return result.getLong(1);
        }
    }

    private void createTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : table.ddl()) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            // Another node may have created it at the same moment (PostgreSQL can report that
            // race as a duplicate key); if the table is there now, all is well.
            try {
                countCounterRows(connection);
            } catch (SQLException stillAbsent) {
                throw e;
            }
        }
    }

    private void initCounter(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(table.initCounter)) {
            insert.setLong(1, clock.millis());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (countCounterRows(connection) == 0) {
                throw e; // not a concurrent insert of the same row
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is broken; release() finds out
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // the connection is broken; release() finds out
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.getSeconds() + " s"
                : duration.toMillis() + " ms";
    }

    /** Builds a {@link JdbcRevocationStore}. */
    public static final class Builder {
        private final RevocationSettings settings;
        private String url;
        private DataSource dataSource;
        private String label;
        private JdbcTable table = new JdbcTable(DEFAULT_TABLE);
        private boolean pooled = true;

        private Builder(RevocationSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** The database by JDBC URL; the store owns its connections and closes them. */
        public Builder url(String jdbcUrl) {
            this.url = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            this.dataSource = null;
            this.label = CredentialMask.mask(jdbcUrl);
            return this;
        }

        /**
         * The database through a DataSource that someone else owns (a container's pool); the
         * store never closes it.
         *
         * @param label how to name it in descriptions and logs, without credentials
         */
        public Builder dataSource(DataSource dataSource, String label) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.url = null;
            this.label = Objects.requireNonNull(label, "label");
            return this;
        }

        /**
         * The table, default {@value JdbcRevocationStore#DEFAULT_TABLE}; may be qualified by a
         * schema.
         *
         * @throws IllegalArgumentException when it is not a plain SQL identifier
         */
        public Builder table(String name) {
            this.table = new JdbcTable(name);
            return this;
        }

        /**
         * Whether a URL's connections are pooled by HikariCP when it is on the class path
         * (default true); false keeps one connection.
         */
        public Builder pooled(boolean pooled) {
            this.pooled = pooled;
            return this;
        }

        /**
         * Builds the store and starts its sync thread; returns at once, before the first sync.
         *
         * @throws IllegalArgumentException when neither URL nor DataSource was given, or no
         *         driver accepts the URL
         */
        public JdbcRevocationStore build() {
            JdbcConnections connections;
            if (dataSource != null) {
                connections = JdbcConnections.forDataSource(dataSource, "container DataSource");
            } else if (url != null) {
                connections = JdbcConnections.forUrl(url, pooled);
            } else {
                throw new IllegalArgumentException("a JDBC URL or a DataSource is needed");
            }
            return new JdbcRevocationStore(this, connections);
        }
    }
}
