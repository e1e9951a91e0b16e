package dev.perimeter.jwt.revocation;

import java.util.regex.Pattern;

/**
 * The SQL of {@link JdbcRevocationStore}'s one table, in the dialect that H2 2.x and PostgreSQL
 * share. Each row is a revocation event: a token ({@code kind} 'T', {@code target} its
 * {@code jti}, {@code instant_ms} its {@code exp}) or a subject cutoff ('S', the subject, the
 * cutoff). Row 0 ('N') is the id counter: writers take the next id by updating it, so ids are
 * handed out and committed in one order and "every row above the last id seen" is exact.
 */
final class JdbcTable {

    static final char TOKEN = 'T';
    static final char SUBJECT = 'S';
    static final char COUNTER = 'N';
    static final int BATCH = 5000;

    private static final Pattern NAME =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,50}");

    final String name;
    final String countCounter;
    final String initCounter;
    final String bumpCounter;
    final String readCounter;
    final String insert;
    final String selectAfter;
    final String purge;

    JdbcTable(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the table name must be an SQL identifier,"
                    + " optionally schema-qualified (letters, digits, _)");
        }
        this.name = name;
        countCounter = "SELECT COUNT(*) FROM " + name + " WHERE id = 0";
        initCounter = "INSERT INTO " + name + " (id, kind, target, instant_ms, created_ms)"
                + " SELECT 0, '" + COUNTER + "', '', COALESCE(MAX(id), 0), ? FROM " + name;
        bumpCounter = "UPDATE " + name + " SET instant_ms = instant_ms + 1 WHERE id = 0";
        readCounter = "SELECT instant_ms FROM " + name + " WHERE id = 0";
        insert = "INSERT INTO " + name + " (id, kind, target, instant_ms, created_ms)"
                + " VALUES (?, ?, ?, ?, ?)";
        selectAfter = "SELECT id, kind, target, instant_ms FROM " + name
                + " WHERE id > ? ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY";
        purge = "DELETE FROM " + name + " WHERE kind = '" + TOKEN + "' AND instant_ms < ?";
    }

    /** The statements that create the table and its index when absent (also in the docs). */
    String[] ddl() {
        String table = name.substring(name.indexOf('.') + 1);
        return new String[] {
            "CREATE TABLE IF NOT EXISTS " + name + " ("
                    + "id BIGINT NOT NULL PRIMARY KEY, "
                    + "kind CHAR(1) NOT NULL, "
                    + "target VARCHAR(8192) NOT NULL, "
                    + "instant_ms BIGINT NOT NULL, "
                    + "created_ms BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS " + table + "_expiry ON " + name + " (kind, instant_ms)"
        };
    }
}
