package dev.perimeter.jwt.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perimeter.jwt.revocation.RevocationSettings;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Not part of the build's tests (the name does not end in Test): measures how long a node takes
 * to be ready with {@code -Dperimeter.measure.keys} (default 1,000,000) token keys in Redis, on
 * the real Redis, under a prefix of its own that it deletes afterwards. Run with
 * {@code mvn -B -q -pl jwt-redis -am test -Dtest=RedisStartMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RedisStartMeasurement {

    private static final int KEYS = Integer.getInteger("perimeter.measure.keys", 1_000_000);
    private static final int ROUNDS = Integer.getInteger("perimeter.measure.rounds", 3);

    @Test
    void startWithManyKeys() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        RevocationSettings settings = new RevocationSettings(Clock.systemUTC(), Duration.ofSeconds(30),
                Duration.ofSeconds(2));
        String probe = null;
        try (TestRedis admin = new TestRedis()) {
            try {
                probe = fill(prefix);
                for (int round = 0; round < ROUNDS; round++) {
                    long start = System.nanoTime();
                    try (RedisRevocationStore store = RedisRevocationStore.builder(TestRedis.URI, settings)
                            .prefix(prefix).build()) {
                        Eventually.within(Duration.ofSeconds(120), "ready", store::isReady);
                        long millis = (System.nanoTime() - start) / 1_000_000;
                        assertTrue(store.isRevoked(probe, null, null), "the last key written is loaded");
                        assertEquals(KEYS, store.health().revokedTokens(), "every key is loaded");
                        System.out.printf("RedisStartMeasurement: %d keys, ready after %d ms%n", KEYS, millis);
                    }
                }
            } finally {
                admin.deleteKeys(prefix);
            }
        }
    }

    /** Writes the keys as the store would, pipelined; returns the last jti. */
    private static String fill(String prefix) throws Exception {
        RedisClient client = RedisClient.create(TestRedis.URI);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> redis = connection.async();
            long exp = Instant.now().plusSeconds(3600).toEpochMilli();
            SetArgs ttl = SetArgs.Builder.px(3_600_000L);
            String jti = null;
            List<RedisFuture<?>> batch = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                jti = UUID.randomUUID().toString();
                batch.add(redis.set(prefix + "t:" + jti, Long.toString(exp), ttl));
                if (batch.size() == 10_000 || i == KEYS - 1) {
                    connection.flushCommands();
                    assertTrue(LettuceFutures.awaitAll(Duration.ofSeconds(60),
                            batch.toArray(new RedisFuture<?>[0])), "the fill went through");
                    batch.clear();
                }
            }
            return jti;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
