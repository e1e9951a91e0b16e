package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC store on H2 in file mode, the example application's embedded default. */
class JdbcRevocationStoreH2Test {

    private static final Duration SYNC = Duration.ofSeconds(1);
    private static final Duration READY = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.system();
    private final RevocationSettings settings = new RevocationSettings(clock, Duration.ofSeconds(1), SYNC);
    private final List<JdbcRevocationStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(JdbcRevocationStore::close);
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("revocations").toAbsolutePath() + ";USER=sa;PASSWORD=s3cret";
    }

    private JdbcRevocationStore open(boolean pooled) {
        JdbcRevocationStore store = JdbcRevocationStore.builder(settings).url(url()).pooled(pooled).build();
        stores.add(store);
        Eventually.within(READY, "the store synchronizes", store::isReady);
        return store;
    }

    @Test
    void revocationsSurviveClosingAndReopeningTheDatabase() {
        Instant now = Instant.now();
        JdbcRevocationStore first = open(true);
        first.revokeToken("jti-1", now.plusSeconds(600));
        first.revokeSubject("alice", now);
        first.close();

        JdbcRevocationStore reopened = open(true);
        assertTrue(reopened.isRevoked("jti-1", "bob", now));
        assertTrue(reopened.isRevoked("other", "alice", now.minusSeconds(1)));
        assertFalse(reopened.isRevoked("other", "alice", now.plusSeconds(1)));
        assertFalse(reopened.isRevoked("jti-2", "bob", now));
        assertEquals(RevocationHealth.Status.SYNCHRONIZED, reopened.health().status());
    }

    @Test
    void twoStoresOnTheSameFileShareRevocationsWithinTheSyncInterval() {
        JdbcRevocationStore a = open(true);
        JdbcRevocationStore b = open(true);
        a.revokeToken("shared", Instant.now().plusSeconds(600));
        assertTrue(a.isRevoked("shared", null, null), "the revoking node enforces at once");
        Duration took = Eventually.within(SYNC.plusSeconds(1), "the other node enforces it",
                () -> b.isRevoked("shared", null, null));
        System.out.println("JDBC (H2 file) revocation seen by the other node after "
                + took.toMillis() + " ms (sync every " + SYNC.toMillis() + " ms)");
    }

    @Test
    void withoutAPoolOneConnectionServesPollsAndWrites() {
        JdbcRevocationStore a = open(false);
        JdbcRevocationStore b = open(false);
        assertTrue(a.describe().contains("one connection"), a.describe());
        b.revokeSubject("carol", Instant.now());
        Eventually.within(SYNC.plusSeconds(1), "the cutoff reaches the other node",
                () -> a.isRevoked(null, "carol", null));
    }

    @Test
    void expiredTokensArePurgedFromTheMirrorAndTheTable() throws Exception {
        JdbcRevocationStore store = open(true);
        Instant now = clock.instant();
        store.revokeToken("short", now.plusSeconds(5));
        store.revokeToken("long", now.plusSeconds(3600));
        assertEquals(2, tokenRows());
        clock.advance(Duration.ofSeconds(60));
        store.purgeExpired();
        assertEquals(1, store.health().revokedTokens());
        assertEquals(1, tokenRows());
        assertTrue(store.isRevoked("long", null, null));
    }

    @Test
    void theDescriptionMasksThePassword() {
        JdbcRevocationStore store = open(true);
        assertFalse(store.describe().contains("s3cret"), store.describe());
        assertTrue(store.describe().contains("PASSWORD=****"), store.describe());
    }

    @Test
    void aSchemaQualifiedTableIsCreatedInItsSchema() throws Exception {
        try (Connection connection = DriverManager.getConnection(url());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS perimeter");
        }
        JdbcRevocationStore store = JdbcRevocationStore.builder(settings).url(url())
                .table("perimeter.revoked").build();
        stores.add(store);
        Eventually.within(READY, "the store synchronizes", store::isReady);
        store.revokeToken("in-schema", Instant.now().plusSeconds(60));
        try (Connection connection = DriverManager.getConnection(url());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT COUNT(*) FROM perimeter.revoked WHERE target = 'in-schema'")) {
            result.next();
            assertEquals(1, result.getLong(1));
        }
    }

    private long tokenRows() throws Exception {
        try (Connection connection = DriverManager.getConnection(url());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT COUNT(*) FROM perimeter_revocation WHERE kind = 'T'")) {
            result.next();
            return result.getLong(1);
        }
    }
}
