package dev.perimeter.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.it.containers.PayaraNode;
import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.PostgresSchemas;
import dev.perimeter.it.support.Scenario;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The scenario set on Payara Micro 6 with {@code perimeter-example-payara.war}, and the filter's
 * revocations in PostgreSQL through a Payara JDBC resource: a connection pool and
 * {@code jdbc/perimeter} created by post-boot asadmin commands, the driver on the server's class
 * path ({@code --addlibs}), and {@code -Dperimeter.jwt.revocation=jndi:jdbc/perimeter}.
 */
class PayaraExampleIT extends ExampleScenarios {

    /** The JNDI name of the JDBC resource. */
    static final String RESOURCE = "jdbc/perimeter";

    private String schema;

    @Override
    public String containerName() {
        return "payara-micro-" + Built.payaraVersion();
    }

    @Override
    RunningNode startNode() {
        schema = PostgresSchemas.create("payara");
        Path directory = Built.containers().resolve(containerName());
        PayaraNode.Builder builder = PayaraNode.builder(Built.payaraJar(), Built.payaraVersion(), Built.payaraWar(), directory)
                .systemProperty("perimeter.example.data-dir", directory.resolve("data").toString())
                .systemProperty("perimeter.jwt.revocation", "jndi:" + RESOURCE)
                .library(Built.postgresDriver())
                .environment("PERIMETER_DB_USER", PostgresSchemas.USER)
                // PostgreSQL here trusts local connections; a real password is given the same way.
                .environment("PERIMETER_DB_PASSWORD", "unused-with-trust")
                .postBootCommand(createPool(schema))
                .postBootCommand("create-jdbc-resource --connectionpoolid perimeter-pool " + RESOURCE);
        modeProperties().forEach(builder::systemProperty);
        configure(builder);
        return builder.start();
    }

    /** What a subclass adds to the node before it starts; nothing here. */
    void configure(PayaraNode.Builder builder) {
    }

    /**
     * The pool's asadmin command. The credentials are not in it: Payara replaces
     * {@code ${ENV=NAME}} with the environment variable of its process (Payara refuses a pool
     * without a password property, even where the database asks for none).
     */
    static String createPool(String schema) {
        URI server = URI.create(PostgresSchemas.SERVER.substring("jdbc:".length()));
        return "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource"
                + " --restype javax.sql.DataSource --property"
                + " serverName=" + server.getHost() + ":portNumber=" + server.getPort()
                + ":databaseName=" + server.getPath().substring(1) + ":user=${ENV=PERIMETER_DB_USER}"
                + ":password=${ENV=PERIMETER_DB_PASSWORD}:currentSchema=" + schema
                + " perimeter-pool";
    }

    @Override
    void afterStop() {
        PostgresSchemas.drop(schema);
    }

    @Test
    @Scenario("jdbc-resource")
    void revocationsGoToTheTableBehindPayarasJdbcResource() {
        String token = app.login("alice", "alice-password").access();
        long before = PostgresSchemas.count("SELECT COUNT(*) FROM " + schema + ".perimeter_revocation WHERE kind = 'T'");
        app.post("/auth/logout", token);
        long after = PostgresSchemas.count("SELECT COUNT(*) FROM " + schema + ".perimeter_revocation WHERE kind = 'T'");
        assertTrue(after > before, "the logout's revocation is in " + schema + ": " + before + " -> " + after);
        assertRevoked(app.get("/api/me", token));
    }
}
