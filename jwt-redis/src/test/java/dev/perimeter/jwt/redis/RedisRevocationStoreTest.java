package dev.perimeter.jwt.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.revocation.RevocationHealth;
import dev.perimeter.jwt.revocation.RevocationSettings;
import dev.perimeter.jwt.revocation.RevocationStoreException;
import dev.perimeter.jwt.revocation.SyncTracker;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.KillArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis store against the real Redis: two stores in one JVM stand for two nodes. Each test
 * uses its own key prefix (and, for the outage, its own ACL user) and removes them afterwards.
 */
class RedisRevocationStoreTest {

    private static final Duration SYNC = Duration.ofSeconds(1);
    private static final Duration READY = Duration.ofSeconds(15);
    private static final Duration PUSH = Duration.ofSeconds(1);

    private final OffsetClock clock = new OffsetClock();
    private final RevocationSettings settings = new RevocationSettings(clock, Duration.ofSeconds(1), SYNC);
    private final List<RedisRevocationStore> stores = new ArrayList<>();
    private TestRedis admin;
    private String prefix;

    @BeforeEach
    void connect() {
        admin = new TestRedis();
        prefix = TestRedis.uniquePrefix();
    }

    @AfterEach
    void cleanUp() {
        stores.forEach(RedisRevocationStore::close);
        admin.deleteKeys(prefix);
        admin.close();
    }

    private RedisRevocationStore node(String uri) {
        return node(RedisRevocationStore.builder(uri, settings).prefix(prefix));
    }

    private RedisRevocationStore node(RedisRevocationStore.Builder builder) {
        RedisRevocationStore store = builder.build();
        stores.add(store);
        Eventually.within(READY, "the store synchronizes", store::isReady);
        return store;
    }

    private RedisRevocationStore node() {
        return node(TestRedis.URI);
    }

    @Test
    void aRevocationOnOneNodeIsEnforcedByTheOtherWithinOneSecond() {
        RedisRevocationStore a = node();
        RedisRevocationStore b = node();
        long slowest = 0;
        for (int i = 0; i < 5; i++) {
            String jti = "jti-" + i;
            a.revokeToken(jti, Instant.now().plusSeconds(600));
            assertTrue(a.isRevoked(jti, null, null), "the revoking node enforces at once");
            Duration took = Eventually.within(PUSH, "node b enforces " + jti,
                    () -> b.isRevoked(jti, null, null));
            slowest = Math.max(slowest, took.toNanos());
        }
        System.out.printf("Redis revocation seen by the other node within %.1f ms at worst of 5%n",
                slowest / 1e6);
        assertEquals(5, admin.keys(prefix + "t:"));
    }

    @Test
    void aRevocationLeavesNoNettyThreadLocalsOnTheCallersThread() throws Exception {
        // A container's request thread outlives the application: Lettuce's Netty thread-locals
        // left on it would pin the application's class loader after a redeploy.
        RedisRevocationStore a = node();
        java.util.concurrent.atomic.AtomicReference<Object> left =
                new java.util.concurrent.atomic.AtomicReference<>("not run");
        Thread caller = new Thread(() -> {
            a.revokeToken("from-a-request-thread", Instant.now().plusSeconds(600));
            a.revokeSubject("someone", Instant.now());
            left.set(io.netty.util.internal.InternalThreadLocalMap.getIfSet());
        });
        caller.start();
        caller.join(10_000);
        assertEquals(null, left.get(), "Netty thread-locals on the caller's thread");
        assertTrue(a.isRevoked("from-a-request-thread", null, null));
        assertNotNull(admin.redis().get(prefix + "t:from-a-request-thread"));
    }

    @Test
    void eachRevokedJtiIsAKeyThatLivesAsLongAsTheToken() {
        RedisRevocationStore a = node();
        Instant expiry = Instant.ofEpochMilli(System.currentTimeMillis()).plusSeconds(600);
        a.revokeToken("with-ttl", expiry);
        String key = prefix + "t:with-ttl";
        assertEquals(Long.toString(expiry.toEpochMilli()), admin.redis().get(key));
        long ttl = admin.redis().pttl(key);
        assertTrue(ttl > 595_000 && ttl <= 601_000, "TTL is the remaining lifetime plus leeway: " + ttl);
        a.revokeToken("with-ttl", expiry.minusSeconds(300));
        assertEquals(Long.toString(expiry.toEpochMilli()), admin.redis().get(key), "the later expiry wins");
    }

    @Test
    void aRestartedNodeLoadsEarlierRevocations() {
        Instant now = Instant.now();
        RedisRevocationStore a = node();
        for (int i = 0; i < 2500; i++) {
            a.revokeToken("bulk-" + i, now.plusSeconds(600));
        }
        a.revokeSubject("alice", now);
        a.close();
        stores.remove(a);

        RedisRevocationStore restarted = node();
        assertTrue(restarted.isRevoked("bulk-0", "bob", now));
        assertTrue(restarted.isRevoked("bulk-2499", "bob", now));
        assertTrue(restarted.isRevoked("x", "alice", now.minusSeconds(5)));
        assertFalse(restarted.isRevoked("x", "alice", now.plusSeconds(5)));
        RevocationHealth health = restarted.health();
        assertEquals(RevocationHealth.Status.SYNCHRONIZED, health.status());
        assertEquals(2500, health.revokedTokens());
        assertEquals(1, health.revokedSubjects());
    }

    @Test
    void aStartingNodeLoadsEveryKeyThroughManyPipelinedScanRounds() {
        long exp = Instant.now().plusSeconds(600).toEpochMilli();
        int count = 42_001;
        Map<String, String> chunk = new HashMap<>();
        for (int i = 0; i < count; i++) {
            chunk.put(prefix + "t:many-" + i, Long.toString(exp));
            if (chunk.size() == 1000 || i == count - 1) {
                admin.redis().mset(chunk);
                chunk.clear();
            }
        }
        Instant cutoff = Instant.now();
        admin.redis().set(prefix + "s:carol", Long.toString(cutoff.toEpochMilli()));

        RedisRevocationStore started = node();
        assertEquals(count, started.health().revokedTokens());
        assertEquals(1, started.health().revokedSubjects());
        for (int i = 0; i < count; i += 997) {
            assertTrue(started.isRevoked("many-" + i, null, null), "many-" + i);
        }
        assertTrue(started.isRevoked("many-" + (count - 1), null, null));
        assertTrue(started.isRevoked(null, "carol", cutoff.minusSeconds(1)));
        assertFalse(started.isRevoked("other", "carol", cutoff.plusSeconds(1)));
    }

    @Test
    void aSubjectCutoffRefusesTokensIssuedBeforeItAndAdmitsLaterOnes() {
        RedisRevocationStore a = node();
        RedisRevocationStore b = node();
        Instant cutoff = Instant.now();
        a.revokeSubject("alice", cutoff);
        Eventually.within(PUSH, "node b knows the cutoff", () -> b.isRevoked(null, "alice", null));
        for (RedisRevocationStore node : List.of(a, b)) {
            assertTrue(node.isRevoked("t1", "alice", cutoff.minusSeconds(60)));
            assertTrue(node.isRevoked("t2", "alice", cutoff.minusMillis(1)));
            assertTrue(node.isRevoked("t3", "alice", null), "no iat: cannot show it is newer");
            assertFalse(node.isRevoked("t4", "alice", cutoff.plusMillis(1)));
            assertFalse(node.isRevoked("t5", "bob", cutoff.minusSeconds(60)));
        }
    }

    @Test
    void withMaxAgeASubjectKeyLivesAsLongAsItsCutoffCanRefuseATokenAndNoLonger() {
        RevocationSettings withMaxAge = new RevocationSettings(clock, Duration.ofSeconds(1), SYNC,
                Duration.ofSeconds(600));
        RedisRevocationStore a = node(RedisRevocationStore.builder(TestRedis.URI, withMaxAge).prefix(prefix));
        RedisRevocationStore b = node(RedisRevocationStore.builder(TestRedis.URI, withMaxAge).prefix(prefix));
        Instant cutoff = clock.instant();
        a.revokeSubject("alice", cutoff);
        long ttl = admin.redis().pttl(prefix + "s:alice");
        // the cutoff is rounded up to the millisecond as stored, so the TTL may be 1 ms longer
        assertTrue(ttl > 595_000 && ttl <= 601_001, "TTL is max-age plus leeway: " + ttl);
        Eventually.within(PUSH, "b knows the cutoff", () -> b.health().revokedSubjects() == 1);

        clock.advance(Duration.ofSeconds(602));
        a.purgeExpired();
        b.purgeExpired();
        assertEquals(0, a.health().revokedSubjects());
        assertEquals(0, b.health().revokedSubjects());
    }

    @Test
    void withoutMaxAgeASubjectKeyHasNoTtl() {
        RedisRevocationStore a = node();
        a.revokeSubject("alice", clock.instant());
        assertEquals(-1L, admin.redis().pttl(prefix + "s:alice"));
    }

    @Test
    void withMaxAgeALoadDeletesObsoleteCutoffsLeftWithoutTtlAndKeepsTheOthers() {
        long now = clock.millis();
        admin.redis().set(prefix + "s:obsolete", Long.toString(now - 602_000));
        admin.redis().set(prefix + "s:current", Long.toString(now - 590_000));
        RevocationSettings withMaxAge = new RevocationSettings(clock, Duration.ofSeconds(1), SYNC,
                Duration.ofSeconds(600));
        RedisRevocationStore a = node(RedisRevocationStore.builder(TestRedis.URI, withMaxAge).prefix(prefix));
        assertEquals(1, a.health().revokedSubjects());
        assertTrue(a.isRevoked(null, "current", null));
        assertEquals(0, admin.redis().exists(prefix + "s:obsolete"));
        assertEquals(1, admin.redis().exists(prefix + "s:current"));
    }

    @Test
    void expiredTokensLeaveRedisByTheirTtlAndTheMirrorsByPurging() {
        RedisRevocationStore a = node();
        RedisRevocationStore b = node();
        Instant now = clock.instant();
        a.revokeToken("short-lived", now.plusMillis(500));
        a.revokeToken("long-lived", now.plusSeconds(3600));
        Eventually.within(PUSH, "b has both", () -> b.health().revokedTokens() == 2);
        Eventually.within(Duration.ofSeconds(5), "Redis expires the short-lived entry",
                () -> admin.redis().exists(prefix + "t:short-lived") == 0);
        assertEquals(1, admin.keys(prefix + "t:"));

        clock.advance(Duration.ofSeconds(60));
        a.purgeExpired();
        b.purgeExpired();
        assertEquals(1, a.health().revokedTokens());
        assertEquals(1, b.health().revokedTokens());
        assertTrue(b.isRevoked("long-lived", null, null));
    }

    @Test
    void whenRedisGoesAwayTheMirrorHoldsWritesFailLoudlyAndRecoveryReloads() {
        String user = TestRedis.uniqueUser();
        admin.redis().aclSetuser(user, new AclSetuserArgs().on().addPassword("node-password")
                .keyPattern(prefix + "*").channelPattern(prefix + "*").allCommands());
        try {
            // Node a logs in as its own user, so the test can lock it out alone.
            RedisRevocationStore a = node("redis://" + user + ":node-password@127.0.0.1:6379");
            RedisRevocationStore b = node();
            assertFalse(a.describe().contains("node-password"), a.describe());
            a.revokeToken("known", Instant.now().plusSeconds(600));
            Eventually.within(PUSH, "b has it", () -> b.isRevoked("known", null, null));

            List<LogRecord> warnings = captureWarnings(prefix);
            admin.redis().aclSetuser(user, new AclSetuserArgs().off());
            admin.redis().clientKill(KillArgs.Builder.user(user));

            Eventually.within(Duration.ofSeconds(5), "a reports the loss in its health",
                    () -> a.health().status() == RevocationHealth.Status.DISCONNECTED);
            assertNotNull(a.health().lastError());
            assertTrue(a.isReady(), "a node that lost its store keeps enforcing its mirror");
            assertTrue(a.isRevoked("known", null, null));
            RevocationStoreException failure = assertThrows(RevocationStoreException.class,
                    () -> a.revokeToken("during-outage", Instant.now().plusSeconds(600)));
            assertTrue(failure.getMessage().contains("holds on this node only"), failure.getMessage());
            assertTrue(a.isRevoked("during-outage", null, null), "still enforced on this node");

            b.revokeToken("from-b-during-outage", Instant.now().plusSeconds(600));
            b.revokeSubject("mallory", Instant.now());
            Eventually.within(SYNC.multipliedBy(4), "a has tried again a few times",
                    () -> a.health().lag().compareTo(SYNC.multipliedBy(3)) > 0);
            assertFalse(a.isRevoked("from-b-during-outage", null, null), "a is cut off");
            assertEquals(1, warnings.size(), "logged once, not per retry: " + warnings);

            admin.redis().aclSetuser(user, new AclSetuserArgs().on());
            Duration back = Eventually.within(Duration.ofSeconds(15), "a synchronizes again",
                    () -> a.health().status() == RevocationHealth.Status.SYNCHRONIZED);
            assertTrue(a.isRevoked("from-b-during-outage", null, null), "reloaded after reconnecting");
            assertTrue(a.isRevoked(null, "mallory", null), "reloaded after reconnecting");
            assertFalse(b.isRevoked("during-outage", null, null),
                    "the failed write never reached Redis, as its exception said");
            System.out.println("Redis store resynchronized " + back.toMillis()
                    + " ms after its user was enabled again");

            a.revokeToken("after-recovery", Instant.now().plusSeconds(600));
            Eventually.within(PUSH, "b hears a again", () -> b.isRevoked("after-recovery", null, null));
            assertEquals(1, warnings.size(), "still one warning: " + warnings);
        } finally {
            stopCapturing();
            admin.redis().aclDeluser(user);
        }
    }

    @Test
    void killedConnectionsAreReopenedAndTheMirrorReloaded() {
        RedisRevocationStore a = node();
        RedisRevocationStore b = node();
        a.revokeToken("before", Instant.now().plusSeconds(600));
        Eventually.within(PUSH, "b has it", () -> b.isRevoked("before", null, null));
        long killed = admin.redis().clientKill(KillArgs.Builder.skipme());
        assertTrue(killed >= 4, "the stores' connections were killed: " + killed);
        a.revokeSubject("eve", Instant.now().plusSeconds(1));
        Eventually.within(Duration.ofSeconds(5), "b is synchronized again",
                () -> b.health().status() == RevocationHealth.Status.SYNCHRONIZED
                        && b.isRevoked(null, "eve", null));
        assertTrue(b.isRevoked("before", null, null));
    }

    @Test
    void aNodeThatNeverReachedRedisIsNotReadyAndRefusesWrites() {
        // Nothing listens on port 1.
        RedisRevocationStore lonely = RedisRevocationStore
                .builder("redis://:hunter2@127.0.0.1:1/0", settings).prefix(prefix).build();
        stores.add(lonely);
        Eventually.within(Duration.ofSeconds(10), "the failure shows in health",
                () -> lonely.health().lastError() != null);
        assertFalse(lonely.isReady());
        assertEquals(RevocationHealth.Status.NEVER_SYNCHRONIZED, lonely.health().status());
        assertThrows(RevocationStoreException.class,
                () -> lonely.revokeToken("x", Instant.now().plusSeconds(60)));
        assertFalse(lonely.describe().contains("hunter2"), lonely.describe());
        assertFalse(lonely.health().lastError().contains("hunter2"), lonely.health().lastError());
    }

    @Test
    void garbageOnTheChannelIsIgnored() {
        RedisRevocationStore a = node();
        admin.redis().publish(prefix + "events", "nonsense");
        admin.redis().publish(prefix + "events", "t:not-a-number:jti");
        admin.redis().publish(prefix + "events", "t:" + Instant.now().plusSeconds(60).toEpochMilli() + ":pushed");
        Eventually.within(PUSH, "a valid message still applies", () -> a.isRevoked("pushed", null, null));
        assertEquals(RevocationHealth.Status.SYNCHRONIZED, a.health().status());
    }

    // --- log capture ---

    private Handler capture;

    private List<LogRecord> captureWarnings(String containing) {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()
                        && record.getMessage().contains(containing)) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger(SyncTracker.class.getName()).addHandler(capture);
        return records;
    }

    private void stopCapturing() {
        if (capture != null) {
            Logger.getLogger(SyncTracker.class.getName()).removeHandler(capture);
        }
    }
}
