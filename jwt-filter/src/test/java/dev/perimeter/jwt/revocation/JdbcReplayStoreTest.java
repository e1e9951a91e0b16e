package dev.perimeter.jwt.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.testing.Eventually;
import dev.perimeter.jwt.testing.LogRecorder;
import dev.perimeter.jwt.testing.MutableClock;
import dev.perimeter.jwt.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link JdbcRevocationStore#replayStore()} on H2 (file mode) and the real PostgreSQL: two
 * stores on one database stand for two nodes. Each test uses its own table (PostgreSQL) or file
 * (H2) and drops it afterwards.
 */
class JdbcReplayStoreTest {

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
            table = TestDatabases.uniqueName("perimeter_replay_test");
            drops.add("DROP TABLE IF EXISTS " + table + ", " + table + JdbcReplayTable.SUFFIX);
        } else {
            url = "jdbc:h2:file:" + dir.resolve("revocations").toAbsolutePath();
            table = JdbcRevocationStore.DEFAULT_TABLE;
        }
    }

    private JdbcRevocationStore node(JdbcRevocationStore.Builder builder) {
        JdbcRevocationStore store = builder.build();
        stores.add(store);
        Eventually.within(READY, "the store synchronizes", store::isReady);
        return store;
    }

    private JdbcRevocationStore node() {
        return node(JdbcRevocationStore.builder(settings).url(url).table(table));
    }

    private Connection connect() throws SQLException {
        return url.startsWith("jdbc:postgresql") ? TestDatabases.postgres() : DriverManager.getConnection(url);
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** A key as the filter makes them: base64url SHA-256, 43 characters. */
    static String key(String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aFirstUseOnOneNodeIsAReplayOnTheOther(String database) throws Exception {
        use(database);
        ReplayStore a = node().replayStore();
        ReplayStore b = node().replayStore();
        Instant expires = Instant.parse("2099-01-01T00:00:00.000000001Z");
        String proof = key("proof-1");
        assertEquals(43, proof.length());

        assertTrue(a.firstUse(proof, expires), "first use, on node a");
        assertFalse(b.firstUse(proof, expires), "the same proof on node b is a replay");
        assertFalse(a.firstUse(proof, expires), "and on node a again");
        assertTrue(b.firstUse(key("proof-2"), expires), "another proof is a first use");

        // What is stored: the hash and the expiry (rounded up to the millisecond), nothing else.
        String replay = table + JdbcReplayTable.SUFFIX;
        assertEquals(2, count("SELECT COUNT(*) FROM " + replay));
        assertEquals(1, count("SELECT COUNT(*) FROM " + replay + " WHERE replay_key = '" + proof
                + "' AND expires_ms = " + (expires.toEpochMilli() + 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theReplayTableIsCreatedAtStartBesideTheRevocationTable(String database) throws Exception {
        use(database);
        node();
        assertEquals(0, count("SELECT COUNT(*) FROM " + table + JdbcReplayTable.SUFFIX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void expiredEntriesArePurgedAndThenNoLongerBlock(String database) throws Exception {
        use(database);
        JdbcRevocationStore a = node();
        JdbcRevocationStore b = node();
        // Each store purges right after its first sync and then every minute (by its clock):
        // let the first purges pass, so that only the test's purges delete anything.
        afterFirstPurge(a);
        afterFirstPurge(b);
        String replay = table + JdbcReplayTable.SUFFIX;
        Instant now = clock.instant();
        String past = key("expired-already");
        String shortLived = key("short-lived");
        String longLived = key("long-lived");
        assertTrue(a.replayStore().firstUse(past, now.minusSeconds(1)));
        assertTrue(a.replayStore().firstUse(shortLived, now.plusSeconds(5)));
        assertTrue(a.replayStore().firstUse(longLived, now.plusSeconds(3600)));
        assertFalse(b.replayStore().firstUse(past, now.plusSeconds(5)),
                "refused until purged, even past its expiry");

        b.purgeExpired();
        assertEquals(2, count("SELECT COUNT(*) FROM " + replay));
        assertTrue(b.replayStore().firstUse(past, clock.instant().plusSeconds(5)),
                "purged: no longer blocks");
        assertFalse(b.replayStore().firstUse(shortLived, now.plusSeconds(5)));

        // The store's own schedule (every minute, on the sync thread) purges too.
        clock.advance(Duration.ofSeconds(61));
        Eventually.within(Duration.ofSeconds(5), "the minute's purge deleted the expired rows",
                () -> countUnchecked("SELECT COUNT(*) FROM " + replay) == 1);
        assertTrue(a.replayStore().firstUse(shortLived, clock.instant().plusSeconds(5)));
        assertFalse(b.replayStore().firstUse(longLived, clock.instant().plusSeconds(5)),
                "an entry not yet expired stays");
    }

    /**
     * Waits for a sync that began after the first one ended: the first one purged, after
     * reporting ready.
     */
    private static void afterFirstPurge(JdbcRevocationStore store) {
        Instant first = store.health().lastSync();
        assertNotNull(first);
        Eventually.within(Duration.ofSeconds(5), "a second sync",
                () -> store.health().lastSync().isAfter(first));
    }

    private long countUnchecked(String sql) {
        try {
            return count(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres", "h2-one-connection", "postgres-one-connection"})
    void threadsOnTwoNodesRacingForOneKeyGetExactlyOneFirstUse(String variant) throws Exception {
        use(variant.replace("-one-connection", ""));
        boolean pooled = !variant.endsWith("-one-connection");
        ReplayStore a = node(JdbcRevocationStore.builder(settings).url(url).table(table).pooled(pooled))
                .replayStore();
        ReplayStore b = node(JdbcRevocationStore.builder(settings).url(url).table(table).pooled(pooled))
                .replayStore();
        int threads = 16;
        int rounds = 30;
        Instant expires = Instant.now().plusSeconds(600);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                String proof = key(variant + "-race-" + round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    ReplayStore node = t % 2 == 0 ? a : b;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return node.firstUse(proof, expires);
                    }));
                }
                start.countDown();
                int firsts = 0;
                for (Future<Boolean> answer : answers) {
                    if (answer.get(30, TimeUnit.SECONDS)) {
                        firsts++;
                    }
                }
                assertEquals(1, firsts, "round " + round + ": exactly one first use among " + threads);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter2|pooled",
        "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter2|one",
        "jdbc:h2:tcp://127.0.0.1:1/~/nothing;USER=sa;PASSWORD=hunter2|pooled",
        "jdbc:h2:tcp://127.0.0.1:1/~/nothing;USER=sa;PASSWORD=hunter2|one"})
    void aDatabaseThatIsDownFailsTheCheckWithinAFewSeconds(String spec) {
        String[] parts = spec.split("\\|");
        boolean pooled = parts[1].equals("pooled");
        JdbcRevocationStore lonely = JdbcRevocationStore.builder(settings).url(parts[0])
                .table(TestDatabases.uniqueName("never_made")).pooled(pooled).build();
        stores.add(lonely);
        ReplayStore replays = lonely.replayStore();
        assertNotNull(replays, "a JDBC store shares one-time values");
        for (int i = 0; i < 2; i++) {
            long started = System.nanoTime();
            RevocationStoreException failure = assertThrows(RevocationStoreException.class,
                    () -> replays.firstUse(key("while-down"), Instant.now().plusSeconds(60)));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            // HikariCP waits its connection timeout (5 s). One connection fails at the refusal
            // (H2's client retries it for about 1.2 s), perhaps after the sync thread's attempt.
            assertTrue(tookMillis < (pooled ? 8_000 : 5_000), "took " + tookMillis + " ms");
            assertTrue(failure.getMessage().contains("could not check a one-time value"),
                    failure.getMessage());
            assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
            System.out.println("JdbcReplayStoreTest: database down (" + parts[0].split(":")[1] + ", "
                    + parts[1] + "): firstUse failed after " + tookMillis + " ms");
        }
    }

    @Test
    void aStatementThatWaitsOnALockTimesOutAfterThreeSeconds() throws Exception {
        use("postgres");
        ReplayStore a = node().replayStore();
        String proof = key("locked");
        try (Connection other = TestDatabases.postgres()) {
            // Another transaction holds the same key, uncommitted: the insert waits for it.
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.executeUpdate("INSERT INTO " + table + JdbcReplayTable.SUFFIX
                        + " (replay_key, expires_ms) VALUES ('" + proof + "', 0)");
            }
            long started = System.nanoTime();
            RevocationStoreException failure = assertThrows(RevocationStoreException.class,
                    () -> a.firstUse(proof, Instant.now().plusSeconds(60)));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis >= 2_500 && tookMillis < 6_000, "took " + tookMillis + " ms");
            assertTrue(failure.getMessage().contains("57014"), failure.getMessage());
            other.rollback();
        }
        assertTrue(a.firstUse(proof, Instant.now().plusSeconds(60)),
                "the other transaction rolled back: a first use after all");
    }

    @Test
    void withoutTheRightToCreateTablesRevocationsWorkAndReplayChecksFailUntilTheTableIsMade() {
        String role = TestDatabases.uniqueName("perimeter_replay_role");
        String schema = TestDatabases.uniqueName("perimeter_replay_schema");
        String shared = schema + ".perimeter_revocation";
        TestDatabases.execute("CREATE ROLE " + role + " LOGIN", "CREATE SCHEMA " + schema,
                "GRANT USAGE ON SCHEMA " + schema + " TO " + role);
        drops.add("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        drops.add("DROP ROLE IF EXISTS " + role);
        JdbcTable revocations = new JdbcTable(shared);
        TestDatabases.execute(revocations.ddl());
        TestDatabases.execute("GRANT SELECT, INSERT, DELETE ON " + shared + " TO " + role);
        String asRole = TestDatabases.POSTGRES.replace("user=postgres", "user=" + role);
        try (LogRecorder log = LogRecorder.of(JdbcReplayStore.class)) {
            JdbcRevocationStore store = node(JdbcRevocationStore.builder(settings).url(asRole).table(shared));
            Eventually.within(Duration.ofSeconds(5), "the warning", () -> !log.messages().isEmpty());
            assertTrue(log.messages().get(0).contains(shared + "_replay"), log.messages().toString());
            store.revokeToken("still-works", Instant.now().plusSeconds(60));
            assertTrue(store.isRevoked("still-works", null, null));
            RevocationStoreException failure = assertThrows(RevocationStoreException.class,
                    () -> store.replayStore().firstUse(key("no-table"), Instant.now().plusSeconds(60)));
            assertTrue(failure.getMessage().contains("42501"), failure.getMessage());

            TestDatabases.execute(new JdbcReplayTable(revocations).ddl());
            TestDatabases.execute("GRANT SELECT, INSERT, DELETE ON " + shared + "_replay TO " + role);
            assertTrue(store.replayStore().firstUse(key("no-table"), Instant.now().plusSeconds(60)));
            assertFalse(store.replayStore().firstUse(key("no-table"), Instant.now().plusSeconds(60)));
            store.purgeExpired();
            assertEquals(1, log.messages().size(), "one warning: " + log.messages());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aContainersDataSourceByJndiSharesOneTimeValuesToo(String database) {
        use(database);
        DataSource dataSource;
        if (database.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            dataSource = h2;
        } else {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            dataSource = postgres;
        }
        TestNaming.BOUND.put("java:comp/env/jdbc/replay", dataSource);
        String before = System.getProperty(Context.INITIAL_CONTEXT_FACTORY);
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestNaming.class.getName());
        try {
            JdbcRevocationStore a;
            if (database.equals("h2")) {
                // The whole jndi: path; it uses the default table, which only this file holds.
                a = (JdbcRevocationStore) RevocationStores.create("jndi:jdbc/replay", settings);
                stores.add(a);
                Eventually.within(READY, "the store synchronizes", a::isReady);
            } else {
                // The same lookup and DataSource, on this test's own table of the shared database.
                a = node(JdbcRevocationStore.builder(settings)
                        .dataSource(RevocationStores.lookup("jdbc/replay"), "jndi:jdbc/replay").table(table));
            }
            JdbcRevocationStore b = node(JdbcRevocationStore.builder(settings)
                    .dataSource(RevocationStores.lookup("jdbc/replay"), "jndi:jdbc/replay").table(table));
            assertTrue(a.describe().contains("container DataSource"), a.describe());
            String proof = key("via-jndi-" + database);
            assertTrue(a.replayStore().firstUse(proof, Instant.now().plusSeconds(60)));
            assertFalse(b.replayStore().firstUse(proof, Instant.now().plusSeconds(60)));
        } finally {
            TestNaming.BOUND.clear();
            if (before == null) {
                System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
            } else {
                System.setProperty(Context.INITIAL_CONTEXT_FACTORY, before);
            }
        }
    }

    @Test
    void keysThatAreNotHashesAreACallersBug() {
        use("h2");
        ReplayStore a = node().replayStore();
        Instant expires = Instant.now().plusSeconds(60);
        assertThrows(IllegalArgumentException.class, () -> a.firstUse(null, expires));
        assertThrows(IllegalArgumentException.class, () -> a.firstUse("", expires));
        assertThrows(IllegalArgumentException.class,
                () -> a.firstUse("k".repeat(ReplayStore.MAX_KEY_LENGTH + 1), expires));
        assertThrows(NullPointerException.class, () -> a.firstUse(key("x"), null));
        assertTrue(a.firstUse("k".repeat(ReplayStore.MAX_KEY_LENGTH), expires), "the longest key fits");
    }

    @Test
    void theMemoryStoreSharesNoOneTimeValues() {
        try (RevocationStore memory = RevocationStores.create(RevocationStores.MEMORY, settings)) {
            assertInstanceOf(MemoryRevocationStore.class, memory);
            assertEquals(null, memory.replayStore(), "each node checks replays by itself");
        }
    }
}
