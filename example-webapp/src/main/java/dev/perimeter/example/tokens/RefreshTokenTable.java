package dev.perimeter.example.tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code example_refresh_token} table. */
final class RefreshTokenTable {

    /** One refresh token, known by its hash only. */
    record Row(String hash, String familyId, String parentHash, String subject, long issuedMs,
            long expiresMs, Long spentMs, Long revokedMs, String accessJti, long accessExpiresMs) {
    }

    private static final String COLUMNS = "token_hash, family_id, parent_hash, subject, issued_ms,"
            + " expires_ms, spent_ms, revoked_ms, access_jti, access_expires_ms";

    private RefreshTokenTable() {
    }

    static void insert(Connection connection, Row row) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO example_refresh_token ("
                + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)")) {
            insert.setString(1, row.hash());
            insert.setString(2, row.familyId());
            insert.setString(3, row.parentHash());
            insert.setString(4, row.subject());
            insert.setLong(5, row.issuedMs());
            insert.setLong(6, row.expiresMs());
            insert.setString(7, row.accessJti());
            insert.setLong(8, row.accessExpiresMs());
            insert.executeUpdate();
        }
    }

    /** The row of {@code hash}, locked until the transaction ends when {@code lock}. */
    static Optional<Row> find(Connection connection, String hash, boolean lock) throws SQLException {
        return select(connection, "SELECT " + COLUMNS + " FROM example_refresh_token WHERE token_hash = ?"
                + (lock ? " FOR UPDATE" : ""), hash).stream().findFirst();
    }

    /** The row whose access token has {@code jti}. */
    static Optional<Row> findByAccess(Connection connection, String jti) throws SQLException {
        return select(connection, "SELECT " + COLUMNS + " FROM example_refresh_token WHERE access_jti = ?",
                jti).stream().findFirst();
    }

    static void markSpent(Connection connection, String hash, long nowMs) throws SQLException {
        update(connection, "UPDATE example_refresh_token SET spent_ms = ? WHERE token_hash = ?", nowMs, hash);
    }

    /**
     * Marks every token of the family revoked and returns the access tokens issued with them that
     * have not expired.
     */
    static List<IssuedAccess> revokeFamily(Connection connection, String familyId, long nowMs)
            throws SQLException {
        update(connection, "UPDATE example_refresh_token SET revoked_ms = ? WHERE family_id = ?"
                + " AND revoked_ms IS NULL", nowMs, familyId);
        List<IssuedAccess> live = new ArrayList<>();
        for (Row row : select(connection, "SELECT " + COLUMNS + " FROM example_refresh_token"
                + " WHERE family_id = ?", familyId)) {
            if (row.accessExpiresMs() > nowMs) {
                live.add(new IssuedAccess(row.accessJti(), Instant.ofEpochMilli(row.accessExpiresMs())));
            }
        }
        return live;
    }

    /** Marks every token of the subject revoked; returns how many were live. */
    static int revokeSubject(Connection connection, String subject, long nowMs) throws SQLException {
        return update(connection, "UPDATE example_refresh_token SET revoked_ms = ? WHERE subject = ?"
                + " AND revoked_ms IS NULL", nowMs, subject);
    }

    /** Deletes tokens that have expired: they are refused as unknown from then on. */
    static int purge(Connection connection, long nowMs) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM example_refresh_token WHERE expires_ms <= ?")) {
            delete.setLong(1, nowMs);
            return delete.executeUpdate();
        }
    }

    private static int update(Connection connection, String sql, long nowMs, String key)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, nowMs);
            update.setString(2, key);
            return update.executeUpdate();
        }
    }

    private static List<Row> select(Connection connection, String sql, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, key);
            List<Row> rows = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getLong(5), r.getLong(6), r.getObject(7, Long.class),
                            r.getObject(8, Long.class), r.getString(9), r.getLong(10)));
                }
            }
            return rows;
        }
    }
}
