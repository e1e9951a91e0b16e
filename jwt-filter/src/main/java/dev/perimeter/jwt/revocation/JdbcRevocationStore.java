package dev.perimeter.jwt.revocation;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Revocations in a relational database (H2 2.x and PostgreSQL are tested), shared by every node
 * that uses the same table and kept across restarts. Each node holds a {@link RevocationMirror}
 * that its {@value SyncThreads#NAME} thread keeps current by reading, every
 * {@code revocation-sync}, the rows above the highest id it saw and the ids it skipped that may
 * still commit ({@link JdbcIdGaps}); the request path reads only the mirror.
 *
 * <p>The store creates its table when absent (see {@code docs/operations.md} for the DDL), or
 * converts an earlier version's table (ids from a counter row) to an identity column, and
 * purges the rows of expired tokens, and of subject cutoffs that can no longer refuse anything
 * ({@link RevocationMirror#subjectHorizon()}), every minute. Its {@link #replayStore()} keeps
 * one-time values (DPoP proofs) in a second table, {@code <table>_replay}, created and purged
 * alongside. Connections come from a HikariCP pool when
 * HikariCP is on the class path, else from one connection of its own, or from a container's
 * DataSource ({@code jndi:}).
 *
 * <p>A node that cannot reach the database at start answers 503 until it has read the table
 * once; a node that loses it keeps enforcing what it has read, reports so in {@link #health()},
 * logs it once, and catches up from its last id when the database is back.
 *
 * <p>Writers do not wait for each other: a revocation is one auto-committed {@code INSERT} that
 * takes its id from the identity column. One whose insert took 15 s or longer (half of
 * {@link JdbcIdGaps#IN_FLIGHT_LIMIT_NANOS}) is written again, since other nodes may have
 * stopped looking for its id by the time it committed (a duplicate row is harmless).
 */
public final class JdbcRevocationStore extends MirroredRevocationStore {

    /** The table used unless another is given. */
    public static final String DEFAULT_TABLE = "perimeter_revocation";
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);
    private static final int STATEMENT_TIMEOUT_SECONDS = 10;
    /** For the minute's purges, which may delete many rows. */
    static final int PURGE_TIMEOUT_SECONDS = STATEMENT_TIMEOUT_SECONDS * 6;
    private static final long STOP_TIMEOUT_MILLIS = 15_000;
    private static final int INSERT_ATTEMPTS = 3;
    private static final long FIRST_READ_TAIL = 1_000;
    private static final Logger LOG = Logger.getLogger(JdbcRevocationStore.class.getName());

    private final JdbcConnections connections;
    private final JdbcTable table;
    /** The one-time values (DPoP proofs), in the table's {@code _replay} sibling. */
    private final JdbcReplayStore replays;
    private final ScheduledExecutorService sync;
    /** How long readers look for a skipped id; see {@link JdbcIdGaps}. */
    private final long inFlightLimitNanos;
    /** An insert slower than this is written again: half of {@link #inFlightLimitNanos}. */
    private final long slowInsertNanos;
    /** How many of the last ids of the first read are read again as by a poll. */
    private final long firstReadTail;
    private final Object schemaLock = new Object();
    private volatile boolean schemaReady;
    /** The highest id of the first full read, while it is under way; sync thread only. */
    private long firstReadUpTo;
    /** Ids read and looked for, once the first full read is done; sync thread only. */
    private JdbcIdGaps gaps;
    /**
     * The highest id of the first full read, which is read once more when
     * {@link #inFlightLimitNanos} has passed (rows still in flight then may have
     * had any lower id), or -1 once done; sync thread only.
     */
    private long rereadUpTo = -1;
    /** When that second read is due ({@link System#nanoTime()}); sync thread only. */
    private long rereadDue;
    /** When the sync thread purges next (clock millis); sync thread only. */
    private long nextPurge;

    private JdbcRevocationStore(Builder builder, JdbcConnections connections) {
        super(builder.label + " (table " + builder.table.name + ", " + connections.kind()
                + ", sync every " + seconds(builder.settings.syncInterval()) + ")",
                builder.settings);
        this.connections = connections;
        this.table = builder.table;
        this.replays = new JdbcReplayStore(connections, table, description);
        this.inFlightLimitNanos = builder.inFlightLimit.toNanos();
        this.slowInsertNanos = inFlightLimitNanos / 2;
        this.firstReadTail = builder.firstReadTail;
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
    protected void storeSubject(String subject, long cutoffMillis, long ttlMillis) {
        write(JdbcTable.SUBJECT, subject, cutoffMillis);
    }

    /**
     * The one-time values shared through the table {@code <table>_replay}: each first use is
     * one {@code INSERT} that the database accepts once, whichever node makes it (see
     * {@code docs/operations.md}). Its statements time out after
     * {@value JdbcReplayStore#STATEMENT_TIMEOUT_SECONDS} s; waiting for a connection is bounded
     * by the pool (5 s with HikariCP) or by the one connection's lock (15 s).
     */
    @Override
    public ReplayStore replayStore() {
        return replays;
    }

    /**
     * Drops expired tokens from the mirror and deletes their rows, and the one-time values
     * whose expiry passed.
     *
     * @throws RevocationStoreException when the database could not be purged
     */
    @Override
    public void purgeExpired() {
        mirror.purgeExpired();
        try {
            ensureSchema();
            deleteExpiredRows();
            replays.purge(clock.millis());
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
                replays.purge(now);
            } catch (Exception e) {
                tracker.failed(e);
            }
        }
    }

    /**
     * Applies the rows not seen yet: the first time every row, a batch at a time; then the rows
     * above the highest id seen, and those of the gaps still looked for.
     */
    private void readNewRows() throws SQLException {
        Connection connection = connections.open();
        boolean failed = true;
        try {
            long started = System.nanoTime();
            if (gaps == null) {
                firstReadUpTo = readAll(connection, firstReadUpTo, Long.MAX_VALUE);
                rereadUpTo = firstReadUpTo;
                rereadDue = System.nanoTime() + inFlightLimitNanos;
                // Rows still in flight most likely hold the latest ids: read the last ones again
                // as a poll would, so that the ids skipped among them are looked for at once.
                gaps = new JdbcIdGaps(Math.max(0, firstReadUpTo - firstReadTail), inFlightLimitNanos);
                readAbove(connection);
            } else {
                readAbove(connection);
                readGaps(connection);
                gaps.expire(started);
                if (rereadUpTo >= 0 && started - rereadDue >= 0) {
                    readAll(connection, 0, rereadUpTo);
                    rereadUpTo = -1;
                }
            }
            failed = false;
        } catch (SQLException e) {
            throw isConnectionLoss(e) ? new DeadConnectionException(e) : e;
        } finally {
            connections.release(connection, failed);
        }
    }

    /**
     * Applies the rows with ids above {@code after}, a batch at a time, until a batch ends at or
     * above {@code upTo} (rows past it are applied too, which is harmless); returns the highest
     * id read. One bound only: PostgreSQL plans a range badly on a table without statistics.
     */
    private long readAll(Connection connection, long after, long upTo) throws SQLException {
        long last = after;
        try (PreparedStatement select = connection.prepareStatement(table.selectAfter)) {
            select.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            int rows;
            do {
                rows = 0;
                select.setLong(1, last);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        apply(result.getString(2), result.getString(3), result.getLong(4));
                        last = result.getLong(1);
                        rows++;
                    }
                }
            } while (rows == JdbcTable.BATCH && last < upTo);
        }
        return last;
    }

    /** Applies the rows above the highest id seen, noting the ids skipped as gaps. */
    private void readAbove(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(table.selectAfter)) {
            select.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            int rows;
            do {
                select.setLong(1, gaps.highest());
                rows = applyRows(select);
            } while (rows == JdbcTable.BATCH);
        }
    }

    /** Applies the rows that filled gaps since the last poll. */
    private void readGaps(Connection connection) throws SQLException {
        List<long[]> ranges = gaps.ranges();
        if (ranges.isEmpty()) {
            return;
        }
        try (PreparedStatement select = connection.prepareStatement(table.selectGaps)) {
            select.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            for (int from = 0; from < ranges.size(); from += JdbcTable.GAPS_PER_QUERY) {
                for (int i = 0; i < JdbcTable.GAPS_PER_QUERY; i++) {
                    long[] range = ranges.get(Math.min(from + i, ranges.size() - 1));
                    select.setLong(2 * i + 1, range[0]);
                    select.setLong(2 * i + 2, range[1]);
                }
                applyRows(select);
            }
        }
    }

    /** Runs {@code select}, applies its rows and records their ids; returns how many. */
    private int applyRows(PreparedStatement select) throws SQLException {
        int rows = 0;
        try (ResultSet result = select.executeQuery()) {
            // After the answer arrived, hence after the snapshot it was read from.
            long now = System.nanoTime();
            while (result.next()) {
                apply(result.getString(2), result.getString(3), result.getLong(4));
                gaps.seen(result.getLong(1), now);
                rows++;
            }
        }
        return rows;
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
            delete.setQueryTimeout(PURGE_TIMEOUT_SECONDS);
            delete.setLong(1, clock.instant().minus(leeway).toEpochMilli());
            Instant subjectHorizon = mirror.subjectHorizon();
            delete.setLong(2, subjectHorizon == null ? Long.MIN_VALUE : subjectHorizon.toEpochMilli());
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
     * Inserts the event; again on a fresh connection if the first one turns out to be dead (a
     * pooled connection whose server process was terminated fails on first use), and again if
     * the insert was so slow that other nodes may have stopped looking for its id. A repeated
     * event leaves a duplicate row, which is harmless: applying an event twice changes nothing.
     */
    private void insert(char kind, String target, long instantMillis) throws SQLException {
        SQLException dead = null;
        for (int attempt = 1; attempt <= INSERT_ATTEMPTS; attempt++) {
            long started = System.nanoTime();
            try {
                insertOnce(kind, target, instantMillis);
            } catch (DeadConnectionException e) {
                if (dead != null) {
                    e.getCause().addSuppressed(dead);
                }
                dead = e.getCause();
                continue;
            }
            long took = System.nanoTime() - started;
            if (took < slowInsertNanos) {
                return;
            }
            LOG.warning("Perimeter: revocation store " + description + " took " + took / 1_000_000
                    + " ms to insert a revocation; writing it again so that every node reads it");
        }
        if (dead != null) {
            throw dead;
        }
        throw new SQLException("every insert took longer than " + slowInsertNanos / 1_000_000
                + " ms, so other nodes may not read it");
    }

    /** One auto-committed insert; the identity column gives the id. */
    private void insertOnce(char kind, String target, long instantMillis) throws SQLException {
        Connection connection = connections.open();
        boolean failed = true;
        try (PreparedStatement insert = connection.prepareStatement(table.insert)) {
            insert.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            insert.setString(1, String.valueOf(kind));
            insert.setString(2, target);
            insert.setLong(3, instantMillis);
            insert.setLong(4, clock.millis());
            insert.executeUpdate();
            failed = false;
        } catch (SQLException e) {
            if (isConnectionLoss(e)) {
                throw new DeadConnectionException(e);
            }
            throw e;
        } finally {
            connections.release(connection, failed);
        }
    }

    /**
     * Whether the connection itself failed (SQL state class 08, or PostgreSQL's 57P01-57P03 for
     * a terminated server process), as opposed to the statement.
     */
    static boolean isConnectionLoss(SQLException e) {
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

    /**
     * Once: creates the table if absent, or converts an earlier version's table (ids from a
     * counter row) to an identity column and deletes the counter row; and creates the replay
     * table if absent.
     */
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
                try {
                    probe(connection);
                } catch (SQLException absent) {
                    createTable(connection);
                }
                if (!hasIdentity(connection)) {
                    convert(connection);
                }
                if (count(connection, table.countCounter) > 0) {
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate(table.deleteCounter);
                    }
                }
                // Its failure is logged and left to the replay checks: revocations work without it.
                replays.prepare(connection);
                failed = false;
                schemaReady = true;
            } finally {
                connections.release(connection, failed);
            }
        }
    }

    private void probe(Connection connection) throws SQLException {
        count(connection, table.probe);
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private void createTable(Connection connection) throws SQLException {
        JdbcDdl.create(connection, table.ddl(), this::probe);
    }

    /**
     * Whether {@code id} is an identity column, by the driver's metadata: in the table's schema
     * if its name has one, else in the connection's current schema (other schemas may hold
     * tables of the same name), else in any.
     */
    private boolean hasIdentity(Connection connection) throws SQLException {
        int dot = table.name.indexOf('.');
        String name = table.name.substring(dot + 1);
        String current = null;
        try {
            current = connection.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            // a driver before JDBC 4.1: look in every schema
        }
        String[] schemas = dot >= 0 ? new String[] {table.name.substring(0, dot)}
                : current != null ? new String[] {current, null} : new String[] {null};
        DatabaseMetaData meta = connection.getMetaData();
        for (String schema : schemas) {
            // As given, then as H2 (upper case) and PostgreSQL (lower case) store unquoted names.
            for (int variant = 0; variant < 3; variant++) {
                Boolean identity = identityIn(meta, cased(schema, variant), cased(name, variant));
                if (identity != null) {
                    return identity;
                }
            }
        }
        throw new SQLException("the column id of " + table.name + " is not in the database's"
                + " metadata");
    }

    private static String cased(String name, int variant) {
        if (name == null || variant == 0) {
            return name;
        }
        return variant == 1 ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
    }

    /** Whether the table's {@code id} is an identity column, or null when no such column is seen. */
    private static Boolean identityIn(DatabaseMetaData meta, String schema, String name)
            throws SQLException {
        try (ResultSet columns = meta.getColumns(null, schema, name, null)) {
            while (columns.next()) {
                if ("id".equalsIgnoreCase(columns.getString("COLUMN_NAME"))) {
                    return "YES".equalsIgnoreCase(columns.getString("IS_AUTOINCREMENT"));
                }
            }
        }
        return null;
    }

    /**
     * Makes {@code id} an identity column that continues above every id handed out. On
     * PostgreSQL under an exclusive lock on the table, so that nodes starting together convert
     * it once and writers of the earlier version finish first; they fail from then on, since
     * the counter row they need is gone (stop them before starting this version).
     */
    private void convert(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        boolean done = false;
        try {
            boolean postgres = connection.getMetaData().getDatabaseProductName()
                    .toLowerCase(Locale.ROOT).contains("postgres");
            try (Statement statement = connection.createStatement()) {
                if (postgres) {
                    statement.execute("LOCK TABLE " + table.name + " IN ACCESS EXCLUSIVE MODE");
                    if (hasIdentity(connection)) {
                        connection.commit();
                        done = true;
                        return;
                    }
                }
                long next = count(connection, table.highestId) + 1;
                statement.execute(postgres ? table.identityForPostgres(next)
                        : table.identityForH2(next));
                statement.executeUpdate(table.deleteCounter);
            }
            connection.commit();
            done = true;
            LOG.info("Perimeter: revocation store " + description + " converted the table to an"
                    + " identity column; writers of earlier versions can no longer write to it");
        } catch (SQLException e) {
            throw new SQLException("the table " + table.name + " of an earlier version could not"
                    + " be converted (" + e.getMessage() + "); run, as its owner: "
                    + table.identityForPostgres(0).replace("START WITH 0", "START WITH <highest id"
                    + " + 1>") + "; " + table.deleteCounter, e.getSQLState(), e);
        } finally {
            if (!done) {
                rollbackQuietly(connection);
            }
            restoreAutoCommit(connection);
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
        private Duration inFlightLimit = Duration.ofNanos(JdbcIdGaps.IN_FLIGHT_LIMIT_NANOS);
        private long firstReadTail = FIRST_READ_TAIL;

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
         * How long readers look for an id they skipped, and twice how long an insert may take
         * before it is written again (default 30 s); shorter only in tests.
         */
        Builder inFlightLimit(Duration limit) {
            this.inFlightLimit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * How many of the highest ids of the first read are read again at once, so that rows
         * in flight among them are found at the next poll (default 1,000);
         * rows in flight below them are found by the second full read. Tests only.
         */
        Builder firstReadTail(long ids) {
            this.firstReadTail = ids;
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
