package dev.perimeter.jwt.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.revocation.ReplayStore;
import dev.perimeter.jwt.revocation.RevocationSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Not part of the build's tests (the name does not end in Test): the time of one
 * {@link ReplayStore#firstUse} on the real Redis, one thread, a loop of
 * {@code -Dperimeter.measure.calls} (default 5000) first uses and as many replays, after 500
 * calls of warm-up. Run with {@code mvn -B -q -pl jwt-redis -am test
 * -Dtest=RedisReplayMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RedisReplayMeasurement {

    private static final int CALLS = Integer.getInteger("perimeter.measure.calls", 5000);

    @Test
    void firstUseOnRedis() {
        String prefix = TestRedis.uniquePrefix();
        RevocationSettings settings = new RevocationSettings(Clock.systemUTC(), Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        try (TestRedis admin = new TestRedis()) {
            try (RedisRevocationStore store = RedisRevocationStore.builder(TestRedis.URI, settings)
                    .prefix(prefix).build()) {
                Eventually.within(Duration.ofSeconds(15), "ready", store::isReady);
                ReplayStore replays = store.replayStore();
                Instant expires = Instant.now().plusSeconds(600);
                for (int i = 0; i < 500; i++) {
                    assertTrue(replays.firstUse(RedisReplayStoreTest.key("warm-" + i), expires));
                }
                for (int round = 0; round < 3; round++) {
                    long started = System.nanoTime();
                    for (int i = 0; i < CALLS; i++) {
                        assertTrue(replays.firstUse(RedisReplayStoreTest.key(round + "-" + i), expires));
                    }
                    long first = System.nanoTime() - started;
                    started = System.nanoTime();
                    for (int i = 0; i < CALLS; i++) {
                        assertFalse(replays.firstUse(RedisReplayStoreTest.key(round + "-" + i), expires));
                    }
                    long replay = System.nanoTime() - started;
                    System.out.printf("RedisReplayMeasurement: Redis, %d calls: first use %.3f ms,"
                            + " replay %.3f ms per call%n", CALLS, first / 1e6 / CALLS,
                            replay / 1e6 / CALLS);
                }
            } finally {
                admin.deleteKeys(prefix);
            }
        }
    }
}
