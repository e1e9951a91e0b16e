package dev.perimeter.jwt.redis;

import dev.perimeter.jwt.revocation.ReplayStore;
import dev.perimeter.jwt.revocation.RevocationStoreException;
import dev.perimeter.jwt.revocation.SyncThreads;
import dev.perimeter.jwt.revocation.SyncTracker;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one-time values of a {@link RedisRevocationStore}: a first use is one
 * {@code SET <prefix>replay:<key> 1 NX PX <ms until expiry>} on the store's connection, which
 * Redis answers {@code OK} once and nil for every later one from any node, until the key
 * expires. A key holds only the hash the caller gives (never the proof) and the value
 * {@code 1}; Redis drops it by its TTL.
 *
 * <p>The command is sent from a thread of this store's own, {@value #THREAD_NAME}, and the
 * caller waits for the answer: Lettuce leaves Netty thread-locals on whichever thread sends a
 * command (see {@link RedisRevocationStore}), and the caller is a request thread. That thread
 * only hands the command to Lettuce, which pipelines it; it never waits for Redis.
 */
final class RedisReplayStore implements ReplayStore {

    /** The name of the thread that sends the commands. */
    static final String THREAD_NAME = "perimeter-revocation-replay";
    /** On the request path: a Redis that does not answer soon is treated as down. */
    static final long TIMEOUT_MILLIS = 2_000;
    private static final Duration TIMEOUT = Duration.ofMillis(TIMEOUT_MILLIS);
    /** The part of a key after the store's prefix and before the caller's key. */
    static final String KEY_PART = "replay:";
    private static final long STOP_TIMEOUT_MILLIS = 2_000;

    private final Supplier<StatefulRedisConnection<String, String>> connection;
    private final String keyPrefix;
    private final String description;
    private final Clock clock;
    private final ScheduledExecutorService sender = SyncThreads.newScheduler(THREAD_NAME);

    /**
     * @param connection the store's command connection as it is now (null before the first
     *                   connection)
     * @param prefix     the store's key prefix
     */
    RedisReplayStore(Supplier<StatefulRedisConnection<String, String>> connection, String prefix,
            String description, Clock clock) {
        this.connection = connection;
        this.keyPrefix = prefix + KEY_PART;
        this.description = description;
        this.clock = clock;
    }

    /**
     * Sets the key unless it exists, expiring when {@code expiresAt} passes (at least 1 ms
     * from now: an expiry already past is recorded for that long).
     *
     * @throws IllegalArgumentException when {@code key} is empty or longer than
     *         {@link ReplayStore#MAX_KEY_LENGTH}
     * @throws RevocationStoreException at once when the store is not connected, or when Redis
     *         failed or did not answer within {@value #TIMEOUT_MILLIS} ms; no retry, since a command that
     *         failed on a dropped connection may have been applied
     */
    @Override
    public boolean firstUse(String key, Instant expiresAt) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a one-time key must have 1 to " + MAX_KEY_LENGTH
                    + " characters");
        }
        long ttl = Math.max(1, millisUntil(Objects.requireNonNull(expiresAt, "expiresAt")));
        StatefulRedisConnection<String, String> current = connection.get();
        if (current == null || !current.isOpen()) {
            throw failed("is not connected", null);
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Future<RedisFuture<String>> sent;
        try {
            sent = sender.submit(() -> current.async().set(keyPrefix + key, "1",
                    SetArgs.Builder.nx().px(ttl)));
        } catch (RejectedExecutionException e) {
            throw failed("is closed", e);
        }
        RedisFuture<String> reply = null;
        try {
            reply = sent.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            String answer = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return answer != null;
        } catch (ExecutionException e) {
            throw failed("failed", e.getCause());
        } catch (TimeoutException e) {
            sent.cancel(false);
            if (reply != null) {
                reply.cancel(false);
            }
            throw failed("did not answer within " + TIMEOUT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("was interrupted while waiting", e);
        }
    }

    /** Stops the sending thread; checks fail from then on. */
    void close() {
        SyncThreads.stop(sender, STOP_TIMEOUT_MILLIS);
    }

    /** Milliseconds from now until {@code instant}, rounded up, saturating. */
    private long millisUntil(Instant instant) {
        try {
            Duration left = Duration.between(clock.instant(), instant);
            long millis = left.toMillis();
            return left.minusMillis(millis).isZero() ? millis : millis + 1;
        } catch (ArithmeticException e) {
            return instant.isAfter(clock.instant()) ? Long.MAX_VALUE / 2 : 0;
        }
    }

    private RevocationStoreException failed(String what, Throwable cause) {
        String message = "Perimeter: revocation store " + description
                + " could not check a one-time value: it " + what
                + (cause == null ? "" : " (" + SyncTracker.describe(cause) + ")");
        return cause == null ? new RevocationStoreException(message)
                : new RevocationStoreException(message, cause);
    }
}
