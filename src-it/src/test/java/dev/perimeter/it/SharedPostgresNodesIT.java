package dev.perimeter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import dev.perimeter.it.containers.RunningNode;
import dev.perimeter.it.containers.TomcatNode;
import dev.perimeter.it.support.Built;
import dev.perimeter.it.support.PostgresSchemas;
import dev.perimeter.it.support.Scenario;
import dev.perimeter.it.support.SigningKeyFiles;
import dev.perimeter.it.support.TokenPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two Tomcat 11 nodes whose filters keep revocations in PostgreSQL through Tomcat's own
 * connection pool: a {@code <Resource>} in {@code conf/context.xml} (with the PostgreSQL driver in
 * the server's {@code lib/}) and {@code revocation=jndi:java:comp/env/jdbc/perimeter}. Everything
 * else the nodes share is given as {@code <Parameter>}s in the same file: the application's
 * database, issuer, signing key file and {@code kid}. The DataSource's credentials come from
 * system properties ({@code ${perimeter.db.user}}), not from the file.
 */
class SharedPostgresNodesIT extends SharedStoreScenarios {

    /** The JNDI name the filter looks the DataSource up by. */
    static final String JNDI_NAME = "java:comp/env/jdbc/perimeter";
    /** How often the nodes poll the table: as fast as allowed, to keep the test short. */
    static final Duration SYNC = Duration.ofSeconds(1);

    private String applicationSchema;
    private String revocationSchema;
    private Path signingKey;

    @Override
    public String containerName() {
        return TomcatNode.versionName(Built.tomcat11()) + "-x2-jndi-postgres";
    }

    @Override
    void prepareShared() {
        applicationSchema = PostgresSchemas.create("app");
        revocationSchema = PostgresSchemas.create("revocation");
        signingKey = SigningKeyFiles.writeRsa(Built.containers().resolve("keys/jndi-postgres-signing-key.pem"));
    }

    @Override
    RunningNode startNode(int number) {
        Path directory = nodeDirectory(number);
        Map<String, String> dataSource = new LinkedHashMap<>();
        dataSource.put("name", "jdbc/perimeter");
        dataSource.put("auth", "Container");
        dataSource.put("type", "javax.sql.DataSource");
        dataSource.put("driverClassName", "org.postgresql.Driver");
        dataSource.put("url", PostgresSchemas.SERVER + "?currentSchema=" + revocationSchema);
        dataSource.put("username", "${perimeter.db.user}");
        dataSource.put("password", "${perimeter.db.password}");
        dataSource.put("maxTotal", "4");
        dataSource.put("maxIdle", "2");
        return TomcatNode.builder(Built.tomcat11(), Built.war(), directory)
                .serverLibrary(Built.postgresDriver())
                .resource(dataSource)
                .systemProperty("perimeter.db.user", PostgresSchemas.USER)
                // PostgreSQL here trusts local connections; a real password goes here the same way.
                .systemProperty("perimeter.db.password", "unused-with-trust")
                .systemProperty("perimeter.example.data-dir", directory.resolve("data").toString())
                .contextParameter("perimeter.example.database", PostgresSchemas.url(applicationSchema))
                .contextParameter("perimeter.example.issuer", ISSUER)
                .contextParameter("perimeter.example.signing-key", "file:" + signingKey)
                .contextParameter("perimeter.example.signing-kid", "srcit-" + storeName())
                .contextParameter("perimeter.jwt.revocation", "jndi:" + JNDI_NAME)
                .contextParameter("perimeter.jwt.revocation-sync", Long.toString(SYNC.toSeconds()))
                .start();
    }

    @Override
    String storeName() {
        return "postgres";
    }

    @Override
    String expectedStoreKind() {
        return "jdbc";
    }

    @Override
    Duration propagationLimit() {
        return SYNC.plusSeconds(1); // one poll interval, plus the poll itself and the request
    }

    @Override
    void cleanUp() {
        try {
            PostgresSchemas.drop(applicationSchema);
        } finally {
            PostgresSchemas.drop(revocationSchema);
        }
    }

    @Test
    @Scenario("jndi-datasource")
    void revocationsGoThroughTheContainersDataSourceToItsSchemaOnly() {
        TokenPair alice = one.login("alice", "alice-password");
        assertEquals(204, one.post("/auth/logout", alice.access()).statusCode());
        String jti = JWT.decode(alice.access()).getId();
        // At least one row: the logout revokes the token, and again as one of its family's.
        assertTrue(PostgresSchemas.count("SELECT COUNT(*) FROM " + revocationSchema
                + ".perimeter_revocation WHERE kind = 'T' AND target = '" + jti + "'") >= 1,
                "the revocation is in " + revocationSchema);
        assertEquals(0, PostgresSchemas.count("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_schema = '" + applicationSchema + "' AND table_name = 'perimeter_revocation'"),
                "the application's database holds no revocations: the DataSource, not its URL, is used");
        assertEquals(2, PostgresSchemas.count("SELECT COUNT(*) FROM " + applicationSchema + ".example_user"),
                "both nodes share one set of users");
    }
}
