package dev.perimeter.jwt.revocation;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Builds the HikariCP pool of a {@code jdbc:} store. Loaded only when HikariCP is on the class
 * path (it is an optional dependency), so nothing else may refer to HikariCP's classes.
 */
final class HikariPools {

    private HikariPools() {
    }

    /**
     * @param url             the JDBC URL (credentials in it are fine: HikariCP masks them)
     * @param driverClassName the driver to load when DriverManager does not know it, or null
     */
    static JdbcConnections create(String url, String driverClassName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("perimeter-revocation");
        config.setJdbcUrl(url);
        if (driverClassName != null) {
            config.setDriverClassName(driverClassName);
        }
        // One connection polls; writes come from the few requests that revoke.
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        // A revocation must fail loudly and soon when the database is away, not hang.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        // Start even when the database is down: the store answers "not ready" until it is up.
        config.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(config);
        return new JdbcConnections.FromDataSource(pool, "HikariCP pool", pool);
    }
}
