package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestDatabases;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC store against the real PostgreSQL: two stores in one JVM stand for two nodes sharing
 * the database. Every test creates its own table (and, for the outage, its own role and schema)
 * and drops them afterwards.
 */
class JdbcRevocationStorePostgresTest {

    private static final Duration SYNC = Duration.ofSeconds(1);
    private static final Duration READY = Duration.ofSeconds(15);

    private final MutableClock clock = MutableClock.system();
    private final RevocationSettings settings = new RevocationSettings(clock, Duration.ofSeconds(1), SYNC);
    private final List<JdbcRevocationStore> stores = new ArrayList<>();
    private final List<String> cleanup = new ArrayList<>();
    private String table;

    @BeforeAll
    static void postgresIsRunning() throws Exception {
        try (Connection connection = TestDatabases.postgres()) {
            assertTrue(connection.isValid(5));
        }
    }

    @BeforeEach
    void uniqueTable() {
        table = TestDatabases.uniqueName("perimeter_revocation_test");
        cleanup.add("DROP TABLE IF EXISTS " + table + ", " + table + "_replay");
    }

    @AfterEach
    void closeAndDrop() {
        stores.forEach(JdbcRevocationStore::close);
        for (String sql : cleanup) {
            TestDatabases.execute(sql);
        }
    }

    private JdbcRevocationStore node(String url, String tableName) {
        JdbcRevocationStore store = JdbcRevocationStore.builder(settings).url(url).table(tableName).build();
        stores.add(store);
        Eventually.within(READY, "the store synchronizes", store::isReady);
        return store;
    }

    private JdbcRevocationStore node() {
        return node(TestDatabases.POSTGRES, table);
    }

    @Test
    void aRevocationOnOneNodeIsEnforcedByTheOtherWithinTheSyncInterval() {
        JdbcRevocationStore a = node();
        JdbcRevocationStore b = node();
        long slowest = 0;
        for (int i = 0; i < 5; i++) {
            String jti = "jti-" + i;
            a.revokeToken(jti, Instant.now().plusSeconds(600));
            assertTrue(a.isRevoked(jti, null, null), "the revoking node enforces at once");
            Duration took = Eventually.within(SYNC.plusMillis(500), "node b enforces " + jti,
                    () -> b.isRevoked(jti, null, null));
            slowest = Math.max(slowest, took.toMillis());
        }
        System.out.println("JDBC (PostgreSQL) revocation seen by the other node within "
                + slowest + " ms at worst of 5 (sync every " + SYNC.toMillis() + " ms)");
        assertEquals(5, b.health().revokedTokens());
    }

    @Test
    void aRestartedNodeEnforcesEarlierRevocations() {
        Instant now = Instant.now();
        JdbcRevocationStore a = node();
        a.revokeToken("before-restart", now.plusSeconds(600));
        a.revokeSubject("alice", now);
        a.close();
        stores.remove(a);

        JdbcRevocationStore restarted = node();
        assertTrue(restarted.isRevoked("before-restart", "bob", now));
        assertTrue(restarted.isRevoked("x", "alice", now.minusSeconds(5)));
        assertFalse(restarted.isRevoked("x", "alice", now.plusSeconds(5)));
        RevocationHealth health = restarted.health();
        assertEquals(RevocationHealth.Status.SYNCHRONIZED, health.status());
        assertEquals(1, health.revokedTokens());
        assertEquals(1, health.revokedSubjects());
        assertNotNull(health.lastSync());
    }

    @Test
    void aSubjectCutoffRefusesTokensIssuedBeforeItAndAdmitsLaterOnes() {
        JdbcRevocationStore a = node();
        JdbcRevocationStore b = node();
        Instant cutoff = Instant.now();
        a.revokeSubject("alice", cutoff);
        Eventually.within(SYNC.plusMillis(500), "node b knows the cutoff",
                () -> b.isRevoked(null, "alice", null));
        for (JdbcRevocationStore node : List.of(a, b)) {
            assertTrue(node.isRevoked("t1", "alice", cutoff.minusSeconds(60)));
            assertTrue(node.isRevoked("t2", "alice", cutoff.minusMillis(1)));
            assertTrue(node.isRevoked("t3", "alice", null), "no iat: cannot show it is newer");
            assertFalse(node.isRevoked("t4", "alice", cutoff.plusMillis(1)));
            assertFalse(node.isRevoked("t5", "alice", cutoff.plusSeconds(60)));
            assertFalse(node.isRevoked("t6", "bob", cutoff.minusSeconds(60)));
        }
    }

    @Test
    void expiredTokensArePurgedFromMirrorsAndTheTable() {
        JdbcRevocationStore a = node();
        JdbcRevocationStore b = node();
        Instant now = clock.instant();
        a.revokeToken("short-lived", now.plusSeconds(5));
        a.revokeToken("long-lived", now.plusSeconds(3600));
        Eventually.within(SYNC.plusMillis(500), "node b has both",
                () -> b.health().revokedTokens() == 2);
        assertEquals(2, TestDatabases.queryLong("SELECT COUNT(*) FROM " + table + " WHERE kind = 'T'"));

        clock.advance(Duration.ofSeconds(60));
        a.purgeExpired();
        b.purgeExpired();
        assertEquals(1, TestDatabases.queryLong("SELECT COUNT(*) FROM " + table + " WHERE kind = 'T'"));
        assertEquals(1, a.health().revokedTokens());
        assertEquals(1, b.health().revokedTokens());
        assertTrue(b.isRevoked("long-lived", null, null));

        JdbcRevocationStore restarted = node();
        assertEquals(1, restarted.health().revokedTokens(), "purged rows are not loaded again");
    }

    @Test
    void killedConnectionsAreReplacedWithoutLosingRevocations() {
        JdbcRevocationStore a = node();
        JdbcRevocationStore b = node();
        a.revokeToken("before", Instant.now().plusSeconds(600));
        Eventually.within(SYNC.plusMillis(500), "b has it", () -> b.isRevoked("before", null, null));
        long killed = TestDatabases.queryLong("SELECT COUNT(pg_terminate_backend(pid)) FROM"
                + " pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND query LIKE '%" + table + "%'");
        assertTrue(killed >= 1, "the stores' connections were found and terminated");
        assertTrue(b.isRevoked("before", null, null));
        a.revokeToken("after", Instant.now().plusSeconds(600));
        Eventually.within(SYNC.multipliedBy(3), "b catches up after its connection was killed",
                () -> b.isRevoked("after", null, null));
    }

    @Test
    void whenTheDatabaseGoesAwayTheMirrorHoldsWritesFailLoudlyAndRecoveryCatchesUp() {
        String role = TestDatabases.uniqueName("perimeter_node");
        String schema = TestDatabases.uniqueName("perimeter_schema");
        TestDatabases.execute("CREATE ROLE " + role + " LOGIN",
                "CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
        cleanup.add(0, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        cleanup.add("DROP ROLE IF EXISTS " + role);
        String shared = schema + ".perimeter_revocation";
        // Node a logs in as its own role, so the test can lock it out alone; node b is unaffected.
        JdbcRevocationStore a = node(TestDatabases.POSTGRES.replace("user=postgres", "user=" + role), shared);
        JdbcRevocationStore b = node(TestDatabases.POSTGRES, shared);
        a.revokeToken("known", Instant.now().plusSeconds(600));
        Eventually.within(SYNC.plusMillis(500), "b has it", () -> b.isRevoked("known", null, null));

        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()
                        && record.getMessage().contains(role)) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(SyncTracker.class.getName());
        logger.addHandler(capture);
        try {
            TestDatabases.execute("ALTER ROLE " + role + " NOLOGIN");
            TestDatabases.queryLong("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE usename = '" + role + "'");

            Eventually.within(SYNC.multipliedBy(10), "a reports the loss in its health",
                    () -> a.health().status() == RevocationHealth.Status.DISCONNECTED);
            RevocationHealth lost = a.health();
            assertNotNull(lost.lastError());
            assertTrue(a.isReady(), "a node that lost its store keeps enforcing its mirror");
            assertTrue(a.isRevoked("known", null, null));

            RevocationStoreException failure = assertThrows(RevocationStoreException.class,
                    () -> a.revokeToken("during-outage", Instant.now().plusSeconds(600)));
            assertTrue(failure.getMessage().contains("did not accept"), failure.getMessage());
            assertTrue(a.isRevoked("during-outage", null, null), "still enforced on this node");

            b.revokeToken("from-b-during-outage", Instant.now().plusSeconds(600));
            b.revokeSubject("mallory", Instant.now());
            // Several polls have failed by now (the write alone waited 5 s); one warning only.
            assertEquals(1, warnings.size(), "logged once, not per poll: " + warnings.size());
            assertTrue(a.health().lag().compareTo(SYNC.multipliedBy(3)) > 0, "lag grows");

            TestDatabases.execute("ALTER ROLE " + role + " LOGIN");
            Eventually.within(Duration.ofSeconds(20), "a synchronizes again",
                    () -> a.health().status() == RevocationHealth.Status.SYNCHRONIZED);
            assertTrue(a.isRevoked("from-b-during-outage", null, null), "a caught up");
            assertTrue(a.isRevoked(null, "mallory", null), "a caught up");
            assertFalse(b.isRevoked("during-outage", null, null),
                    "the failed write never reached the store, as its exception said");
            assertEquals(1, warnings.size());
        } finally {
            logger.removeHandler(capture);
            TestDatabases.execute("ALTER ROLE " + role + " LOGIN");
            a.close();
            b.close();
            TestDatabases.queryLong("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE usename = '" + role + "'");
        }
    }

    @Test
    void aNodeThatNeverReachedTheDatabaseIsNotReadyAndRefusesWrites() {
        String url = "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter2";
        JdbcRevocationStore lonely = JdbcRevocationStore.builder(settings).url(url).table(table).build();
        stores.add(lonely);
        Eventually.within(Duration.ofSeconds(10), "the failure shows in health",
                () -> lonely.health().lastError() != null);
        assertFalse(lonely.isReady());
        assertEquals(RevocationHealth.Status.NEVER_SYNCHRONIZED, lonely.health().status());
        assertThrows(RevocationStoreException.class,
                () -> lonely.revokeSubject("alice", Instant.now()));
        assertFalse(lonely.describe().contains("hunter2"), lonely.describe());
        assertFalse(lonely.health().lastError().contains("hunter2"));
    }
}
