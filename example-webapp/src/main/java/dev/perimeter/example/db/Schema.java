package dev.perimeter.example.db;

import java.sql.Statement;
import java.util.List;

/**
 * The application's tables, created when absent. The same DDL serves H2 2.x and PostgreSQL. The
 * filter's revocation table ({@code perimeter_revocation}) is the revocation store's own.
 */
public final class Schema {

    /** Users and their salted password hashes; roles separated by spaces. */
    public static final String USERS = "CREATE TABLE IF NOT EXISTS example_user ("
            + " username VARCHAR(64) NOT NULL PRIMARY KEY,"
            + " password_hash VARCHAR(255) NOT NULL,"
            + " roles VARCHAR(255) NOT NULL,"
            + " created_ms BIGINT NOT NULL)";

    /**
     * Public halves of the signing keys. The row without {@code retired_ms} is the signer; retired
     * keys stay published until {@code published_until_ms}, when every token they signed has
     * expired.
     */
    public static final String SIGNING_KEYS = "CREATE TABLE IF NOT EXISTS example_signing_key ("
            + " kid VARCHAR(64) NOT NULL PRIMARY KEY,"
            + " alg VARCHAR(8) NOT NULL,"
            + " jwk VARCHAR(4096) NOT NULL,"
            + " created_ms BIGINT NOT NULL,"
            + " retired_ms BIGINT,"
            + " published_until_ms BIGINT)";

    /**
     * Refresh tokens, only as SHA-256 hashes. A family is everything rotated from one login (a
     * session, as the admin view shows it); {@code access_jti} is the access token issued with
     * each one, revoked with its family; {@code client_address} is the address of the login or
     * refresh that issued it; {@code dpop_jkt} the RFC 7638 thumbprint of the DPoP key the family
     * is bound to (null: unbound), the same in every row of a family.
     */
    public static final String REFRESH_TOKENS = "CREATE TABLE IF NOT EXISTS example_refresh_token ("
            + " token_hash VARCHAR(64) NOT NULL PRIMARY KEY,"
            + " family_id VARCHAR(64) NOT NULL,"
            + " parent_hash VARCHAR(64),"
            + " subject VARCHAR(255) NOT NULL,"
            + " issued_ms BIGINT NOT NULL,"
            + " expires_ms BIGINT NOT NULL,"
            + " spent_ms BIGINT,"
            + " revoked_ms BIGINT,"
            + " access_jti VARCHAR(64) NOT NULL,"
            + " access_expires_ms BIGINT NOT NULL,"
            + " client_address VARCHAR(64),"
            + " dpop_jkt VARCHAR(64))";

    /**
     * Brings a table created by an earlier version up to date: {@code client_address} came later
     * (its rows keep no address). Both H2 2.x and PostgreSQL know {@code ADD COLUMN IF NOT EXISTS}.
     */
    public static final String REFRESH_TOKENS_ADDRESS = "ALTER TABLE example_refresh_token"
            + " ADD COLUMN IF NOT EXISTS client_address VARCHAR(64)";

    /**
     * Likewise for {@code dpop_jkt}, which came with DPoP: the rows of an earlier version are of
     * unbound families.
     */
    public static final String REFRESH_TOKENS_DPOP = "ALTER TABLE example_refresh_token"
            + " ADD COLUMN IF NOT EXISTS dpop_jkt VARCHAR(64)";

    private static final List<String> STATEMENTS = List.of(USERS, SIGNING_KEYS, REFRESH_TOKENS,
            REFRESH_TOKENS_ADDRESS, REFRESH_TOKENS_DPOP,
            "CREATE INDEX IF NOT EXISTS example_refresh_token_family"
                    + " ON example_refresh_token (family_id)",
            "CREATE INDEX IF NOT EXISTS example_refresh_token_subject"
                    + " ON example_refresh_token (subject)",
            "CREATE INDEX IF NOT EXISTS example_refresh_token_access"
                    + " ON example_refresh_token (access_jti)");

    private Schema() {
    }

    /** Creates the tables, columns and indexes that do not exist yet. */
    public static void create(Database database) {
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : STATEMENTS) {
                    statement.execute(sql);
                }
            }
            return null;
        });
    }
}
