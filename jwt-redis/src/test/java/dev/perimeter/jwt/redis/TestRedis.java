package dev.perimeter.jwt.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * The real Redis that these tests run against, used directly as its administrator, and unique
 * key prefixes so that runs (and engineers sharing the server) never collide. A missing server
 * fails the test with a message saying what is needed; it is never skipped.
 */
final class TestRedis implements AutoCloseable {

    /** Overridable with {@code -Dperimeter.test.redis=redis://…}. */
    static final String URI = System.getProperty("perimeter.test.redis", "redis://127.0.0.1:6379");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    TestRedis() {
        RedisURI uri = RedisURI.create(URI);
        uri.setTimeout(Duration.ofSeconds(5));
        client = RedisClient.create(uri);
        StatefulRedisConnection<String, String> connected = null;
        try {
            connected = client.connect();
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            fail("Redis is not reachable at " + URI + " (" + e.getMessage() + "). These tests need"
                    + " a running Redis 6.2 or later on 127.0.0.1:6379, as CI machines have. Start"
                    + " it (redis-server --daemonize yes --port 6379 --save '' --appendonly no) or"
                    + " point -Dperimeter.test.redis at one.");
        }
        connection = connected;
    }

    RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** {@code perimeter-test:<random>:}, a prefix no other run uses. */
    static String uniquePrefix() {
        StringBuilder prefix = new StringBuilder("perimeter-test:");
        for (int i = 0; i < 10; i++) {
            prefix.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return prefix.append(':').toString();
    }

    /** A user name no other run uses. */
    static String uniqueUser() {
        return uniquePrefix().replace(':', '-') + "user";
    }

    /**
     * Number of keys under {@code prefix}, each counted once: SCAN may return a key more than once
     * (when the keyspace is rehashed during the scan), so the keys are collected, not summed.
     */
    long keys(String prefix) {
        java.util.Set<String> found = new java.util.HashSet<>();
        ScanArgs args = ScanArgs.Builder.matches(RedisRevocationStore.globEscape(prefix) + "*").limit(1000);
        KeyScanCursor<String> cursor = redis().scan(args);
        while (true) {
            found.addAll(cursor.getKeys());
            if (cursor.isFinished()) {
                return found.size();
            }
            cursor = redis().scan(cursor, args);
        }
    }

    /** Deletes every key under {@code prefix}. */
    void deleteKeys(String prefix) {
        ScanArgs args = ScanArgs.Builder.matches(RedisRevocationStore.globEscape(prefix) + "*").limit(1000);
        KeyScanCursor<String> cursor = redis().scan(args);
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                redis().del(cursor.getKeys().toArray(new String[0]));
            }
            if (cursor.isFinished()) {
                return;
            }
            cursor = redis().scan(cursor, args);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
