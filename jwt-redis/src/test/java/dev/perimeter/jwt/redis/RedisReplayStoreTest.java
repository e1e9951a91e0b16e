package dev.perimeter.jwt.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.revocation.MemoryRevocationStore;
import dev.perimeter.jwt.revocation.ReplayStore;
import dev.perimeter.jwt.revocation.RevocationSettings;
import dev.perimeter.jwt.revocation.RevocationStoreException;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisRevocationStore#replayStore()} against the real Redis: two stores stand for two
 * nodes. Each test uses its own key prefix and deletes its keys afterwards; the outage and the
 * silent Redis go through a proxy of the test's own, never by pausing the shared server.
 */
class RedisReplayStoreTest {

    private static final Duration READY = Duration.ofSeconds(15);

    private final OffsetClock clock = new OffsetClock();
    private final RevocationSettings settings =
            new RevocationSettings(clock, Duration.ofSeconds(1), Duration.ofSeconds(1));
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
        RedisRevocationStore store = RedisRevocationStore.builder(uri, settings).prefix(prefix).build();
        stores.add(store);
        Eventually.within(READY, "the store synchronizes", store::isReady);
        return store;
    }

    private RedisRevocationStore node() {
        return node(TestRedis.URI);
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

    @Test
    void aFirstUseOnOneNodeIsAReplayOnTheOther() {
        ReplayStore a = node().replayStore();
        ReplayStore b = node().replayStore();
        String proof = key("proof-1");
        Instant expires = clock.instant().plusSeconds(300);

        assertTrue(a.firstUse(proof, expires), "first use, on node a");
        assertFalse(b.firstUse(proof, expires), "the same proof on node b is a replay");
        assertFalse(a.firstUse(proof, expires), "and on node a again");
        assertTrue(b.firstUse(key("proof-2"), expires), "another proof is a first use");

        // What is stored: the hash under the prefix, the value 1, and a TTL to the expiry.
        String stored = prefix + "replay:" + proof;
        assertEquals("1", admin.redis().get(stored));
        long ttl = admin.redis().pttl(stored);
        assertTrue(ttl > 295_000 && ttl <= 300_000, "TTL " + ttl + " ms");
        assertEquals(2, admin.keys(prefix + "replay:"));
    }

    @Test
    void anEntryExpiresWithItsValueAndThenNoLongerBlocks() {
        ReplayStore a = node().replayStore();
        ReplayStore b = node().replayStore();
        String proof = key("short-lived");
        assertTrue(a.firstUse(proof, Instant.now().plusMillis(300)));
        assertFalse(b.firstUse(proof, Instant.now().plusMillis(300)));
        Eventually.within(Duration.ofSeconds(3), "Redis expired the key",
                () -> admin.redis().exists(prefix + "replay:" + proof) == 0);
        assertTrue(b.firstUse(proof, Instant.now().plusSeconds(60)), "expired: a first use again");

        // An expiry already past is recorded for a millisecond, not for good.
        String past = key("already-past");
        assertTrue(a.firstUse(past, Instant.now().minusSeconds(5)));
        Eventually.within(Duration.ofSeconds(3), "gone at once",
                () -> admin.redis().exists(prefix + "replay:" + past) == 0);
    }

    @Test
    void theTtlFollowsTheStoresClock() {
        ReplayStore a = node().replayStore();
        clock.advance(Duration.ofSeconds(100));
        String proof = key("clocked");
        // By the store's clock the expiry is 30 s away; by Redis's, 130 s.
        assertTrue(a.firstUse(proof, clock.instant().plusSeconds(30)));
        long ttl = admin.redis().pttl(prefix + "replay:" + proof);
        assertTrue(ttl > 25_000 && ttl <= 30_000, "TTL " + ttl + " ms");
    }

    @Test
    void threadsOnTwoNodesRacingForOneKeyGetExactlyOneFirstUse() throws Exception {
        ReplayStore a = node().replayStore();
        ReplayStore b = node().replayStore();
        int threads = 16;
        int rounds = 50;
        Instant expires = Instant.now().plusSeconds(600);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                String proof = key("race-" + round);
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

    @Test
    void aCheckLeavesNoNettyThreadLocalsOnTheCallersThread() throws Exception {
        ReplayStore a = node().replayStore();
        AtomicReference<Object> left = new AtomicReference<>("not run");
        AtomicReference<Boolean> answer = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            answer.set(a.firstUse(key("from-a-request-thread"), Instant.now().plusSeconds(60)));
            left.set(io.netty.util.internal.InternalThreadLocalMap.getIfSet());
        });
        caller.start();
        caller.join(10_000);
        assertEquals(Boolean.TRUE, answer.get());
        assertNull(left.get(), "Netty thread-locals on the caller's thread");
    }

    @Test
    void aRedisOnAClosedPortFailsTheCheckAtOnce() {
        // Nothing listens on port 1.
        RedisRevocationStore lonely = RedisRevocationStore
                .builder("redis://:hunter2@127.0.0.1:1/0", settings).prefix(prefix).build();
        stores.add(lonely);
        ReplayStore replays = lonely.replayStore();
        assertNotNull(replays, "a Redis store shares one-time values");
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            RevocationStoreException failure = assertThrows(RevocationStoreException.class,
                    () -> replays.firstUse(key("while-down"), Instant.now().plusSeconds(60)));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 100, "took " + tookMillis + " ms");
            assertTrue(failure.getMessage().contains("not connected"), failure.getMessage());
            assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
        }
    }

    @Test
    void aRedisThatStopsAnsweringFailsTheCheckAfterTwoSecondsAndADroppedOneAtOnce() throws Exception {
        RedisURI real = RedisURI.create(TestRedis.URI);
        try (LoopbackProxy proxy = new LoopbackProxy(real.getHost(), real.getPort())) {
            String through = TestRedis.URI.replace(real.getHost() + ":" + real.getPort(),
                    proxy.uri().substring("redis://".length()));
            RedisRevocationStore store = node(through);
            ReplayStore replays = store.replayStore();
            assertTrue(replays.firstUse(key("before"), Instant.now().plusSeconds(60)));

            proxy.freeze();
            long started = System.nanoTime();
            RevocationStoreException silent = assertThrows(RevocationStoreException.class,
                    () -> replays.firstUse(key("frozen"), Instant.now().plusSeconds(60)));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis >= 1_900 && tookMillis < 3_000, "took " + tookMillis + " ms");
            assertTrue(silent.getMessage().contains("did not answer within 2000 ms"), silent.getMessage());
            System.out.println("RedisReplayStoreTest: a silent Redis failed firstUse after "
                    + tookMillis + " ms");

            proxy.close(); // drops every connection
            Eventually.within(Duration.ofSeconds(5), "the store saw the drop", () -> !store.isReady()
                    || store.health().lastError() != null);
            started = System.nanoTime();
            assertThrows(RevocationStoreException.class,
                    () -> replays.firstUse(key("dropped"), Instant.now().plusSeconds(60)));
            tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 100, "took " + tookMillis + " ms");
        }
    }

    @Test
    void aLoadReadsRevocationsButNotOneTimeValues() {
        RedisRevocationStore a = node();
        a.revokeToken("a-token", Instant.now().plusSeconds(600));
        a.revokeSubject("a-subject", Instant.now());
        for (int i = 0; i < 20; i++) {
            assertTrue(a.replayStore().firstUse(key("value-" + i), Instant.now().plusSeconds(600)));
        }
        Set<String> loaded = new HashSet<>();
        ScanArgs args = ScanArgs.Builder.matches(RedisRevocationStore.loadPattern(prefix)).limit(1000);
        KeyScanCursor<String> cursor = admin.redis().scan(args);
        while (true) {
            loaded.addAll(cursor.getKeys());
            if (cursor.isFinished()) {
                break;
            }
            cursor = admin.redis().scan(cursor, args);
        }
        assertEquals(Set.of(prefix + "t:a-token", prefix + "s:a-subject"), loaded);
        RedisRevocationStore restarted = node();
        assertEquals(1, restarted.health().revokedTokens());
        assertEquals(1, restarted.health().revokedSubjects());
        assertTrue(restarted.isRevoked("a-token", null, null));
    }

    @Test
    void aClosedStoreFailsTheCheck() {
        RedisRevocationStore a = node();
        ReplayStore replays = a.replayStore();
        a.close();
        assertThrows(RevocationStoreException.class,
                () -> replays.firstUse(key("after-close"), Instant.now().plusSeconds(60)));
    }

    @Test
    void keysThatAreNotHashesAreACallersBug() {
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
        try (MemoryRevocationStore memory = new MemoryRevocationStore(Clock.systemUTC(), Duration.ofSeconds(1))) {
            assertNull(memory.replayStore());
        }
    }
}
