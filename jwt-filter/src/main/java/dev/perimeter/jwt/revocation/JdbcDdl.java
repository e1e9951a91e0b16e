package dev.perimeter.jwt.revocation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Creating a store's table when several nodes may try at the same moment. */
final class JdbcDdl {

    /** A check that the table is there, which throws when it is not. */
    interface Probe {
        void probe(Connection connection) throws SQLException;
    }

    private JdbcDdl() {
    }

    /**
     * Runs {@code ddl}; when it fails, the table may have been created by another node at the
     * same moment (PostgreSQL can report that race as a duplicate key): if {@code probe} finds
     * it now, all is well, else the DDL's own failure is thrown.
     */
    static void create(Connection connection, String[] ddl, Probe probe) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : ddl) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            try {
                probe.probe(connection);
            } catch (SQLException stillAbsent) {
                throw e;
            }
        }
    }
}
