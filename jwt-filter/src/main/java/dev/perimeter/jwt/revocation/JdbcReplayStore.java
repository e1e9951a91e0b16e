package dev.perimeter.jwt.revocation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The one-time values of a {@link JdbcRevocationStore}, in its table's sibling
 * {@code <table>_replay} and on its connections: a first use is one auto-committed
 * {@code INSERT} of the key and its expiry, and the primary key on the key makes every later
 * insert of it, from any node, fail with a unique violation (SQL state class 23), which is the
 * answer "replay". Nothing waits for a sync: the database decides at once.
 *
 * <p>The store creates the table when absent as it creates its own, and deletes rows whose
 * expiry passed on its minute's purge. A row only ever holds a hash and an epoch-millisecond
 * expiry.
 */
final class JdbcReplayStore implements ReplayStore {

    /** On the request path: a database that does not answer soon is treated as down. */
    static final int STATEMENT_TIMEOUT_SECONDS = 3;
    private static final Logger LOG = Logger.getLogger(JdbcReplayStore.class.getName());

    private final JdbcConnections connections;
    private final JdbcReplayTable table;
    private final String description;
    private final Object schemaLock = new Object();
    private volatile boolean tableReady;

    JdbcReplayStore(JdbcConnections connections, JdbcTable revocationTable, String description) {
        this.connections = connections;
        this.table = new JdbcReplayTable(revocationTable);
        this.description = description;
    }

    /**
     * Inserts {@code key}; true when the insert succeeded, false when a row with that key is
     * there (from any node, until it is purged after its expiry).
     *
     * @throws IllegalArgumentException when {@code key} is empty or longer than
     *         {@link ReplayStore#MAX_KEY_LENGTH}
     * @throws RevocationStoreException when the database did not answer, or failed otherwise
     */
    @Override
    public boolean firstUse(String key, Instant expiresAt) {
        checkKey(key);
        long expiresMillis = ceilMillis(Objects.requireNonNull(expiresAt, "expiresAt"));
        try {
            ensureTable();
            return insert(key, expiresMillis);
        } catch (SQLException | RuntimeException e) {
            throw new RevocationStoreException("Perimeter: revocation store " + description
                    + " could not check a one-time value (" + SyncTracker.describe(e) + ")", e);
        }
    }

    static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a one-time key must have 1 to " + MAX_KEY_LENGTH
                    + " characters");
        }
    }

    /** The table's name, for descriptions and tests. */
    String tableName() {
        return table.name;
    }

    /**
     * A connection that died since its last use (a restarted database) fails before the insert
     * reached it: one more try on another. Should the first insert have committed all the same,
     * the second says "replay", which refuses one legitimate request rather than admit a replay.
     */
    private boolean insert(String key, long expiresMillis) throws SQLException {
        try {
            return insertOnce(key, expiresMillis);
        } catch (SQLException first) {
            if (!JdbcRevocationStore.isConnectionLoss(first)) {
                throw first;
            }
            try {
                return insertOnce(key, expiresMillis);
            } catch (SQLException second) {
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    private boolean insertOnce(String key, long expiresMillis) throws SQLException {
        Connection connection = connections.open();
        boolean failed = true;
        try (PreparedStatement insert = connection.prepareStatement(table.insert)) {
            insert.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            insert.setString(1, key);
            insert.setLong(2, expiresMillis);
            insert.executeUpdate();
            failed = false;
            return true;
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                failed = false;
                return false;
            }
            throw e;
        } finally {
            connections.release(connection, failed);
        }
    }

    /** Integrity constraint violation: 23505 on H2 and PostgreSQL, 23000 on some others. */
    private static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    /**
     * Deletes the rows whose expiry is before {@code nowMillis}; nothing when the table was
     * never found or made.
     */
    void purge(long nowMillis) throws SQLException {
        if (!tableReady) {
            return;
        }
        Connection connection = connections.open();
        boolean failed = true;
        try (PreparedStatement delete = connection.prepareStatement(table.purge)) {
            delete.setQueryTimeout(JdbcRevocationStore.PURGE_TIMEOUT_SECONDS);
            delete.setLong(1, nowMillis);
            delete.executeUpdate();
            failed = false;
        } finally {
            connections.release(connection, failed);
        }
    }

    /**
     * At start, with the revocation table: makes the table if absent, and if that fails (a role
     * that may not create tables) says so once and leaves it to {@link #firstUse}, which fails
     * until the table is there, so that revocations work meanwhile.
     */
    void prepare(Connection connection) {
        try {
            ensureTable(connection);
        } catch (SQLException e) {
            LOG.warning("Perimeter: revocation store " + description + " cannot use or create"
                    + " the table " + table.name + " (" + SyncTracker.describe(e) + "); DPoP"
                    + " replay checks fail until it exists (see docs/operations.md for its DDL)");
        }
    }

    private void ensureTable() throws SQLException {
        if (tableReady) {
            return;
        }
        Connection connection = connections.open();
        boolean failed = true;
        try {
            ensureTable(connection);
            failed = false;
        } finally {
            connections.release(connection, failed);
        }
    }

    private void ensureTable(Connection connection) throws SQLException {
        if (tableReady) {
            return;
        }
        synchronized (schemaLock) {
            if (tableReady) {
                return;
            }
            try {
                probe(connection);
            } catch (SQLException absent) {
                create(connection);
            }
            tableReady = true;
        }
    }

    private void probe(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery(table.probe)) {
                result.next();
            }
        }
    }

    private void create(Connection connection) throws SQLException {
        JdbcDdl.create(connection, table.ddl(), this::probe);
    }

    /** Rounds up to the millisecond, saturating: an entry never expires earlier than asked. */
    private static long ceilMillis(Instant instant) {
        try {
            long millis = instant.toEpochMilli();
            return Instant.ofEpochMilli(millis).isBefore(instant) && millis < Long.MAX_VALUE
                    ? millis + 1 : millis;
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
