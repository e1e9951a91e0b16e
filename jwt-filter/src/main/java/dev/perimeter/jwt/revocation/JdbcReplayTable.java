package dev.perimeter.jwt.revocation;

/**
 * The SQL of {@link JdbcReplayStore}'s table, {@code <revocation table>_replay} (in the same
 * schema), in the dialect that H2 2.x and PostgreSQL share. Each row is one used value: its
 * key (a base64url SHA-256, never the value itself) and until when it must stay refused.
 */
final class JdbcReplayTable {

    /** Appended to the revocation table's name. */
    static final String SUFFIX = "_replay";

    final String name;
    final String probe;
    final String insert;
    final String purge;

    /** @param revocationTable the revocation store's table, already checked by {@link JdbcTable} */
    JdbcReplayTable(JdbcTable revocationTable) {
        this.name = revocationTable.name + SUFFIX;
        probe = "SELECT COUNT(*) FROM " + name + " WHERE expires_ms < 0";
        insert = "INSERT INTO " + name + " (replay_key, expires_ms) VALUES (?, ?)";
        purge = "DELETE FROM " + name + " WHERE expires_ms < ?";
    }

    /** The statements that create the table and its index when absent (also in the docs). */
    String[] ddl() {
        String table = name.substring(name.indexOf('.') + 1);
        return new String[] {
            "CREATE TABLE IF NOT EXISTS " + name + " ("
                    + "replay_key VARCHAR(" + ReplayStore.MAX_KEY_LENGTH + ") NOT NULL PRIMARY KEY, "
                    + "expires_ms BIGINT NOT NULL)",
            // The minute's purge deletes by expiry; without the index it would read every row.
            "CREATE INDEX IF NOT EXISTS " + table + "_expiry ON " + name + " (expires_ms)"
        };
    }
}
