package dev.perimeter.example.tokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the {@code example_refresh_token} table. */
final class RefreshTokenTable {

    /**
     * One refresh token, known by its hash only; {@code clientAddress} may be null, and so may
     * {@code dpopJkt}, the thumbprint of the DPoP key its family is bound to.
     */
    record Row(String hash, String familyId, String parentHash, String subject, long issuedMs,
            long expiresMs, Long spentMs, Long revokedMs, String accessJti, long accessExpiresMs,
            String clientAddress, String dpopJkt) {
    }

    /** The longest client address kept (the column's size). */
    static final int MAX_ADDRESS = 64;

    private static final String COLUMNS = "token_hash, family_id, parent_hash, subject, issued_ms,"
            + " expires_ms, spent_ms, revoked_ms, access_jti, access_expires_ms, client_address,"
            + " dpop_jkt";

    private RefreshTokenTable() {
    }

    static void insert(Connection connection, Row row) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO example_refresh_token ("
                + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)")) {
            insert.setString(1, row.hash());
            insert.setString(2, row.familyId());
            insert.setString(3, row.parentHash());
            insert.setString(4, row.subject());
            insert.setLong(5, row.issuedMs());
            insert.setLong(6, row.expiresMs());
            insert.setString(7, row.accessJti());
            insert.setLong(8, row.accessExpiresMs());
            insert.setString(9, row.clientAddress());
            insert.setString(10, row.dpopJkt());
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
        return liveAccess(connection, familyId, nowMs);
    }

    /** The access tokens issued in the family that have not expired. */
    static List<IssuedAccess> liveAccess(Connection connection, String familyId, long nowMs)
            throws SQLException {
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

    /**
     * The tokens of the subject's live families (not revoked, not expired), oldest first: spent
     * ones too, since they tell when the family started and how often it rotated.
     */
    static List<Row> liveOfSubject(Connection connection, String subject, long nowMs)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM example_refresh_token WHERE subject = ? AND revoked_ms IS NULL"
                + " AND expires_ms > ? ORDER BY issued_ms, token_hash")) {
            select.setString(1, subject);
            select.setLong(2, nowMs);
            return rows(select);
        }
    }

    /** Whether the family has a token that is neither revoked nor expired. */
    /** The subject of the family's tokens (all of them have the same), if the family exists. */
    static Optional<String> familySubject(Connection connection, String familyId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT MIN(subject)"
                + " FROM example_refresh_token WHERE family_id = ?")) {
            select.setString(1, familyId);
            try (ResultSet r = select.executeQuery()) {
                return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
            }
        }
    }

    static boolean isLiveFamily(Connection connection, String familyId, long nowMs)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*)"
                + " FROM example_refresh_token WHERE family_id = ? AND revoked_ms IS NULL"
                + " AND expires_ms > ?")) {
            select.setString(1, familyId);
            select.setLong(2, nowMs);
            try (ResultSet r = select.executeQuery()) {
                r.next();
                return r.getLong(1) > 0;
            }
        }
    }

    /**
     * The number of live families per subject: each live family has exactly one unspent token
     * (a refresh spends one and inserts the next in one transaction).
     */
    static Map<String, Integer> liveFamilyCounts(Connection connection, long nowMs)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT subject, COUNT(*)"
                + " FROM example_refresh_token WHERE revoked_ms IS NULL AND spent_ms IS NULL"
                + " AND expires_ms > ? GROUP BY subject")) {
            select.setLong(1, nowMs);
            Map<String, Integer> counts = new HashMap<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    counts.put(r.getString(1), (int) r.getLong(2));
                }
            }
            return counts;
        }
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
            return rows(select);
        }
    }

    private static List<Row> rows(PreparedStatement select) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                rows.add(new Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getLong(5), r.getLong(6), r.getObject(7, Long.class),
                        r.getObject(8, Long.class), r.getString(9), r.getLong(10),
                        r.getString(11), r.getString(12)));
            }
        }
        return rows;
    }
}
