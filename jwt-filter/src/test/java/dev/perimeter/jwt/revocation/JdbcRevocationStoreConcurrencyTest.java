package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writers that do not wait for each other, and readers that miss none of their rows, on H2 (file
 * mode) and the real PostgreSQL; and the conversion of an earlier version's table. Each test
 * uses its own table (PostgreSQL) or file (H2).
 */
class JdbcRevocationStoreConcurrencyTest {

    private static final Duration SYNC = Duration.ofMillis(500);
    private static final Duration READY = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.system();
    private final RevocationSettings settings = new RevocationSettings(clock, Duration.ofSeconds(1), SYNC);
    private final List<JdbcRevocationStore> stores = new ArrayList<>();
    private final List<String> drops = new ArrayList<>();
    private String url;
    private String table;

    @AfterEach
    void closeAndDrop() {
        stores.forEach(JdbcRevocationStore::close);
        for (String sql : drops) {
            TestDatabases.execute(sql);
        }
    }

    private void use(String database) {
        if (database.equals("postgres")) {
            url = TestDatabases.POSTGRES;
            table = TestDatabases.uniqueName("perimeter_concurrency");
            drops.add("DROP TABLE IF EXISTS " + table + ", " + table + "_replay");
        } else {
            url = "jdbc:h2:file:" + dir.resolve("revocations").toAbsolutePath();
            table = "perimeter_revocation";
        }
    }

    private Connection connect() throws SQLException {
        return url.startsWith("jdbc:postgresql") ? TestDatabases.postgres() : DriverManager.getConnection(url);
    }

    private JdbcRevocationStore node(JdbcRevocationStore.Builder builder) {
        JdbcRevocationStore store = builder.url(url).table(table).build();
        stores.add(store);
        Eventually.within(READY, "the store synchronizes", store::isReady);
        return store;
    }

    private JdbcRevocationStore node() {
        return node(JdbcRevocationStore.builder(settings));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void everyRevocationOfManyConcurrentWritersOnTwoNodesReachesAThird(String database) throws Exception {
        use(database);
        JdbcRevocationStore a = node();
        JdbcRevocationStore b = node();
        JdbcRevocationStore reader = node();
        int threadsPerNode = 4;
        int perThread = 400;
        Instant exp = Instant.now().plusSeconds(600);
        ExecutorService threads = Executors.newFixedThreadPool(2 * threadsPerNode);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 2 * threadsPerNode; t++) {
                JdbcRevocationStore writer = t % 2 == 0 ? a : b;
                String name = "w" + t + "-";
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        writer.revokeToken(name + i, exp);
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            threads.shutdownNow();
        }
        int total = 2 * threadsPerNode * perThread;
        Eventually.within(Duration.ofSeconds(20), "the reading node has every revocation",
                () -> reader.health().revokedTokens() == total);
        Eventually.within(Duration.ofSeconds(5), "each writing node has the other's",
                () -> a.health().revokedTokens() == total && b.health().revokedTokens() == total);
        for (int t = 0; t < 2 * threadsPerNode; t++) {
            for (int i = 0; i < perThread; i++) {
                assertTrue(reader.isRevoked("w" + t + "-" + i, null, null), "w" + t + "-" + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRowThatCommitsAfterAHigherIdWasReadIsReadAllTheSame(String database) throws Exception {
        use(database);
        JdbcRevocationStore a = node();
        JdbcRevocationStore b = node();
        Instant exp = Instant.now().plusSeconds(600);
        try (Connection slow = connect()) {
            slow.setAutoCommit(false);
            insertToken(slow, "committed-late", exp); // takes its id now, commits below
            a.revokeToken("committed-first", exp);
            Eventually.within(Duration.ofSeconds(5), "b reads the higher id",
                    () -> b.isRevoked("committed-first", null, null));
            assertFalse(b.isRevoked("committed-late", null, null));
            slow.commit();
        }
        Eventually.within(Duration.ofSeconds(5), "b reads the lower id that committed later",
                () -> b.isRevoked("committed-late", null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRowInFlightAmongTheLatestIdsOfTheFirstReadIsReadAtThePollAfterItCommits(String database)
            throws Exception {
        use(database);
        JdbcRevocationStore started = inFlightAtStart(JdbcRevocationStore.builder(settings));
        Eventually.within(SYNC.multipliedBy(4), "the new node reads it at its next poll",
                () -> started.isRevoked("in-flight-at-start", null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRowInFlightBelowTheLatestIdsOfTheFirstReadIsReadByTheSecondRead(String database)
            throws Exception {
        use(database);
        JdbcRevocationStore started = inFlightAtStart(JdbcRevocationStore.builder(settings)
                .inFlightLimit(Duration.ofSeconds(3)).firstReadTail(0));
        Eventually.within(Duration.ofSeconds(10), "the new node reads it by its second read",
                () -> started.isRevoked("in-flight-at-start", null, null));
    }

    /**
     * A node started while an insert is in flight below a committed id, which it reads at
     * start; the insert commits after that.
     */
    private JdbcRevocationStore inFlightAtStart(JdbcRevocationStore.Builder builder) throws Exception {
        JdbcRevocationStore a = node();
        Instant exp = Instant.now().plusSeconds(600);
        try (Connection slow = connect()) {
            slow.setAutoCommit(false);
            insertToken(slow, "in-flight-at-start", exp);
            a.revokeToken("read-at-start", exp);
            JdbcRevocationStore started = node(builder);
            assertTrue(started.isRevoked("read-at-start", null, null));
            assertFalse(started.isRevoked("in-flight-at-start", null, null));
            slow.commit();
            return started;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anEarlierVersionsTableIsConvertedKeepingItsRows(String database) throws Exception {
        use(database);
        Instant exp = Instant.now().plusSeconds(600);
        Instant cutoff = Instant.ofEpochMilli(System.currentTimeMillis());
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY,"
                    + " kind CHAR(1) NOT NULL, target VARCHAR(8192) NOT NULL,"
                    + " instant_ms BIGINT NOT NULL, created_ms BIGINT NOT NULL)");
            // The counter says 50 ids were handed out; the rows above 41 were purged.
            statement.execute("INSERT INTO " + table + " VALUES (0, 'N', '', 50, 0)");
            statement.execute("INSERT INTO " + table + " VALUES (40, 'T', 'old-jti', "
                    + exp.toEpochMilli() + ", 0)");
            statement.execute("INSERT INTO " + table + " VALUES (41, 'S', 'alice', "
                    + cutoff.toEpochMilli() + ", 0)");
        }
        JdbcRevocationStore a = node();
        JdbcRevocationStore b = node();
        assertTrue(a.isRevoked("old-jti", null, null));
        assertTrue(b.isRevoked(null, "alice", cutoff.minusSeconds(1)));
        a.revokeToken("new-jti", exp);
        Eventually.within(Duration.ofSeconds(5), "b reads the new row",
                () -> b.isRevoked("new-jti", null, null));
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertEquals(0, count(statement, "SELECT COUNT(*) FROM " + table + " WHERE id = 0"),
                    "the counter row is gone");
            assertTrue(count(statement, "SELECT id FROM " + table + " WHERE target = 'new-jti'") > 50,
                    "new ids continue above every id the counter handed out");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void withMaxAgeObsoleteSubjectCutoffsLeaveTheTableAndTheMirrors(String database) throws Exception {
        use(database);
        RevocationSettings withMaxAge = new RevocationSettings(clock, Duration.ofSeconds(1), SYNC,
                Duration.ofSeconds(60));
        JdbcRevocationStore a = node(JdbcRevocationStore.builder(withMaxAge));
        JdbcRevocationStore b = node(JdbcRevocationStore.builder(withMaxAge));
        Instant first = clock.instant();
        a.revokeSubject("old", first);
        clock.advance(Duration.ofSeconds(30));
        Instant second = clock.instant();
        a.revokeSubject("recent", second);
        Eventually.within(Duration.ofSeconds(5), "b has both", () -> b.health().revokedSubjects() == 2);

        clock.advance(Duration.ofSeconds(31)); // first + 61 s: older than max-age + leeway
        a.purgeExpired();
        b.purgeExpired();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertEquals(0, count(statement, "SELECT COUNT(*) FROM " + table + " WHERE target = 'old'"));
            assertEquals(1, count(statement, "SELECT COUNT(*) FROM " + table + " WHERE target = 'recent'"));
        }
        for (JdbcRevocationStore node : List.of(a, b)) {
            assertEquals(1, node.health().revokedSubjects());
            assertTrue(node.isRevoked(null, "recent", second.minusSeconds(1)));
        }
        // A restarted node does not bring it back either.
        JdbcRevocationStore restarted = node(JdbcRevocationStore.builder(withMaxAge));
        assertEquals(1, restarted.health().revokedSubjects());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void withoutMaxAgeSubjectCutoffsAreKeptForGood(String database) throws Exception {
        use(database);
        JdbcRevocationStore a = node();
        Instant cutoff = clock.instant();
        a.revokeSubject("kept", cutoff);
        clock.advance(Duration.ofDays(3650));
        a.purgeExpired();
        assertTrue(a.isRevoked(null, "kept", cutoff.minusSeconds(1)));
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertEquals(1, count(statement, "SELECT COUNT(*) FROM " + table + " WHERE target = 'kept'"));
        }
    }

    @Test
    void anEarlierVersionsTableOfTheSameNameInAnotherSchemaIsLeftAlone() throws Exception {
        String mine = TestDatabases.uniqueName("perimeter_z_mine"); // listed after the other
        String other = TestDatabases.uniqueName("perimeter_a_other");
        drops.add("DROP SCHEMA IF EXISTS " + mine + " CASCADE");
        drops.add("DROP SCHEMA IF EXISTS " + other + " CASCADE");
        TestDatabases.execute("CREATE SCHEMA " + mine, "CREATE SCHEMA " + other,
                "CREATE TABLE " + other + ".perimeter_revocation (id BIGINT NOT NULL PRIMARY KEY,"
                        + " kind CHAR(1) NOT NULL, target VARCHAR(8192) NOT NULL,"
                        + " instant_ms BIGINT NOT NULL, created_ms BIGINT NOT NULL)",
                "INSERT INTO " + other + ".perimeter_revocation VALUES (0, 'N', '', 7, 0)");
        url = TestDatabases.POSTGRES + "&currentSchema=" + mine;
        table = JdbcRevocationStore.DEFAULT_TABLE;
        JdbcRevocationStore a = node();
        a.revokeToken("in-my-schema", Instant.now().plusSeconds(600));
        assertEquals(1, TestDatabases.queryLong("SELECT COUNT(*) FROM " + mine
                + ".perimeter_revocation WHERE target = 'in-my-schema'"));
        assertEquals(1, TestDatabases.queryLong("SELECT COUNT(*) FROM " + other
                + ".perimeter_revocation WHERE id = 0"), "the other schema's counter row is untouched");
    }

    @Test
    void aRevocationWhoseInsertWasSlowIsWrittenAgain() throws Exception {
        use("postgres");
        JdbcRevocationStore a = node(JdbcRevocationStore.builder(settings)
                .inFlightLimit(Duration.ofSeconds(2)));
        Instant exp = Instant.now().plusSeconds(600);
        try (Connection blocker = connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1500); // longer than half the limit: the insert is slow
                    blocker.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            a.revokeToken("slow", exp);
            release.join();
        }
        assertEquals(2, TestDatabases.queryLong("SELECT COUNT(*) FROM " + table
                + " WHERE target = 'slow'"), "written once more after the slow insert");
    }

    private void insertToken(Connection connection, String jti, Instant exp) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO " + table + " (kind, target, instant_ms, created_ms)"
                    + " VALUES ('T', '" + jti + "', " + exp.toEpochMilli() + ", 0)");
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
