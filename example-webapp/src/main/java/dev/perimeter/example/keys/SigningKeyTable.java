package dev.perimeter.example.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code example_signing_key} table: public keys, which one signs, and until when others stay. */
final class SigningKeyTable {

    /** One row. {@code retiredMs} and {@code publishedUntilMs} are null for the signer. */
    record Row(String kid, String alg, String jwk, Long retiredMs, Long publishedUntilMs) {
    }

    private static final String COLUMNS = "kid, alg, jwk, retired_ms, published_until_ms";

    private SigningKeyTable() {
    }

    static Optional<Row> signer(Connection connection) throws SQLException {
        List<Row> rows = select(connection, "SELECT " + COLUMNS + " FROM example_signing_key"
                + " WHERE retired_ms IS NULL", null);
        return rows.stream().findFirst();
    }

    static Optional<Row> find(Connection connection, String kid) throws SQLException {
        return select(connection, "SELECT " + COLUMNS + " FROM example_signing_key WHERE kid = ?",
                kid).stream().findFirst();
    }

    /** Every key: retired ones first, oldest first; the signer last. */
    static List<Row> all(Connection connection) throws SQLException {
        return select(connection, "SELECT " + COLUMNS + " FROM example_signing_key ORDER BY"
                + " CASE WHEN retired_ms IS NULL THEN 1 ELSE 0 END, created_ms, kid", null);
    }

    static void insert(Connection connection, String kid, String alg, String jwk, long nowMs)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO example_signing_key"
                + " (kid, alg, jwk, created_ms) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, kid);
            insert.setString(2, alg);
            insert.setString(3, jwk);
            insert.setLong(4, nowMs);
            insert.executeUpdate();
        }
    }

    /** Retires every signer but {@code keep}: they stay published until {@code untilMs}. */
    static void retireAllBut(Connection connection, String keep, long nowMs, long untilMs)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE example_signing_key"
                + " SET retired_ms = ?, published_until_ms = ? WHERE retired_ms IS NULL AND kid <> ?")) {
            update.setLong(1, nowMs);
            update.setLong(2, untilMs);
            update.setString(3, keep);
            update.executeUpdate();
        }
    }

    /** Makes a retired key the signer again. */
    static void reinstate(Connection connection, String kid) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE example_signing_key"
                + " SET retired_ms = NULL, published_until_ms = NULL WHERE kid = ?")) {
            update.setString(1, kid);
            update.executeUpdate();
        }
    }

    /** Deletes retired keys whose tokens have all expired. */
    static int purge(Connection connection, long nowMs) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM example_signing_key"
                + " WHERE published_until_ms IS NOT NULL AND published_until_ms <= ?")) {
            delete.setLong(1, nowMs);
            return delete.executeUpdate();
        }
    }

    private static List<Row> select(Connection connection, String sql, String kid)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (kid != null) {
                select.setString(1, kid);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), result.getString(3),
                            result.getObject(4, Long.class), result.getObject(5, Long.class)));
                }
            }
            return rows;
        }
    }
}
