package dev.perimeter.jwt.redis;

import dev.perimeter.jwt.revocation.CredentialMask;
import dev.perimeter.jwt.revocation.MirroredRevocationStore;
import dev.perimeter.jwt.revocation.ReplayStore;
import dev.perimeter.jwt.revocation.RevocationMirror;
import dev.perimeter.jwt.revocation.RevocationSettings;
import dev.perimeter.jwt.revocation.RevocationStoreException;
import dev.perimeter.jwt.revocation.SyncThreads;
import dev.perimeter.jwt.revocation.SyncTracker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Revocations in Redis, shared by every node that uses the same server, database and key prefix.
 * Each node holds a {@link RevocationMirror}; a revocation is written to Redis and published on
 * a channel in one script, so every subscribed node applies it within milliseconds. At start and
 * after every reconnection a node subscribes first and then reads all entries with {@code SCAN},
 * so nothing published while it was away is lost.
 *
 * <p>Keys (prefix {@value #DEFAULT_PREFIX} unless given): {@code <prefix>t:<jti>} holds the
 * token's {@code exp} in epoch milliseconds and expires with the token (plus leeway);
 * {@code <prefix>s:<subject>} holds the subject's cutoff in epoch milliseconds, without expiry
 * unless {@code max-age} is set, when it expires once the cutoff can no longer refuse anything
 * ({@link RevocationMirror#subjectHorizon()}; such keys left without TTL are deleted at load);
 * the channel {@code <prefix>events} carries {@code t:<exp ms>:<jti>} and
 * {@code s:<cutoff ms>:<subject>}; {@code <prefix>replay:<hash>} are the one-time values of
 * {@link #replayStore()}, which loads do not read.
 *
 * <p>A node that never reached Redis answers 503; one that loses it keeps enforcing its mirror,
 * reports so in {@link #health()} and logs it once; it reconnects at once and then every
 * {@code revocation-sync}, and reloads everything once Redis is back. Writes while Redis is away fail at once with
 * {@link RevocationStoreException}.
 */
public final class RedisRevocationStore extends MirroredRevocationStore {

    /** The key prefix used unless another is given. */
    public static final String DEFAULT_PREFIX = "perimeter:revocation:";

    private static final Logger LOG = Logger.getLogger(RedisRevocationStore.class.getName());
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** How long a write waits for a dropped connection to come back before failing. */
    private static final Duration WRITE_RECONNECT_WAIT = Duration.ofSeconds(2);
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);
    private static final long STOP_TIMEOUT_MILLIS = 15_000;
    /** Keys a {@code SCAN} round asks for while loading. */
    private static final int SCAN_COUNT = 5000;
    /** {@code MGET} answers a load lets Redis send ahead of the batch being applied. */
    private static final int LOAD_IN_FLIGHT = 4;

    /** Sets the entry unless a later expiry is there, with the remaining lifetime as TTL; publishes. */
    private static final String TOKEN_SCRIPT =
            "local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0\n"
            + "if current < tonumber(ARGV[1]) then\n"
            + "  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\n"
            + "end\n"
            + "redis.call('PUBLISH', ARGV[3], ARGV[4])\n"
            + "return 1";
    /**
     * Sets the cutoff unless a later one is there, with the time it still matters as TTL when
     * there is one (ARGV[4] &gt; 0); publishes.
     */
    private static final String SUBJECT_SCRIPT =
            "local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0\n"
            + "if current < tonumber(ARGV[1]) then\n"
            + "  if tonumber(ARGV[4]) > 0 then\n"
            + "    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])\n"
            + "  else\n"
            + "    redis.call('SET', KEYS[1], ARGV[1])\n"
            + "  end\n"
            + "end\n"
            + "redis.call('PUBLISH', ARGV[2], ARGV[3])\n"
            + "return 1";
    /**
     * Deletes a cutoff that can no longer refuse anything (ARGV[1], the horizon), unless a later
     * one replaced it meanwhile: for keys written without TTL (before {@code max-age} was set,
     * or by an earlier version).
     */
    private static final String OBSOLETE_SUBJECT_SCRIPT =
            "local current = tonumber(redis.call('GET', KEYS[1]) or 'x')\n"
            + "if current and current <= tonumber(ARGV[1]) then\n"
            + "  redis.call('DEL', KEYS[1])\n"
            + "end\n"
            + "return 1";

    /** The name of the thread that runs a store's writes. */
    public static final String WRITER_NAME = "perimeter-revocation-write";
    private static final long WRITE_TIMEOUT_MILLIS = 30_000;

    private final String prefix;
    private final String channel;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService sync;
    /** Runs the writes, see {@link #write}. */
    private final ScheduledExecutorService writer;
    /** The one-time values (DPoP proofs), see {@link #replayStore()}. */
    private final RedisReplayStore replays;
    /** Bumped at every lost connection: a full load is due when it moved since the last one. */
    private final AtomicLong disconnects = new AtomicLong();
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean closed;
    /** The value of {@link #disconnects} when the last full load began; sync thread only. */
    private long loadedAfter = -1;
    /** When the mirror is purged next (clock millis); sync thread only. */
    private long nextPurge;

    private RedisRevocationStore(RedisURI uri, String spec, String prefix, RevocationSettings settings) {
        super(CredentialMask.mask(spec) + " (prefix " + prefix + ", pub/sub)", settings);
        this.prefix = prefix;
        this.channel = prefix + "events";
        Duration interval = settings.syncInterval();
        this.resources = ClientResources.create();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                // The sync thread reconnects, at once after a drop and then every interval, and
                // logs once; Lettuce's own watchdog would log every attempt.
                .autoReconnect(false)
                // Fail a write at once while disconnected, rather than queue it and pretend.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        client.addListener(new ConnectionWatcher());
        this.sync = SyncThreads.newScheduler();
        this.writer = SyncThreads.newScheduler(WRITER_NAME);
        this.replays = new RedisReplayStore(() -> commands, prefix, description, clock);
        sync.scheduleWithFixedDelay(this::synchronize, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts building a store for {@code redis://[[user]:password@]host[:port][/database]} (or
     * {@code rediss://} for TLS).
     */
    public static Builder builder(String uri, RevocationSettings settings) {
        return new Builder(uri, settings);
    }

    @Override
    protected void storeToken(String jti, long expiryMillis, long ttlMillis) {
        write(redis -> redis.eval(TOKEN_SCRIPT, ScriptOutputType.INTEGER,
                new String[] {prefix + "t:" + jti}, Long.toString(expiryMillis),
                Long.toString(ttlMillis), channel, "t:" + expiryMillis + ":" + jti));
    }

    @Override
    protected void storeSubject(String subject, long cutoffMillis, long ttlMillis) {
        String ttl = ttlMillis == Long.MAX_VALUE ? "0" : Long.toString(ttlMillis);
        write(redis -> redis.eval(SUBJECT_SCRIPT, ScriptOutputType.INTEGER,
                new String[] {prefix + "s:" + subject}, Long.toString(cutoffMillis), channel,
                "s:" + cutoffMillis + ":" + subject, ttl));
    }

    /**
     * The one-time values shared through keys {@code <prefix>replay:<key>}: each first use is
     * one {@code SET … NX PX}, which Redis accepts once whichever node sends it; the key
     * expires with the value. Fails at once while disconnected, and after
     * {@value RedisReplayStore#TIMEOUT_MILLIS} ms without an answer.
     */
    @Override
    public ReplayStore replayStore() {
        return replays;
    }

    /** Drops expired tokens from the mirror; Redis expires their keys by itself. */
    @Override
    public void purgeExpired() {
        mirror.purgeExpired();
    }

    /** Stops the writer and sync threads, closes the connections and shuts the client down. */
    @Override
    public void close() {
        closed = true;
        replays.close();
        SyncThreads.stop(writer, STOP_TIMEOUT_MILLIS);
        SyncThreads.stop(sync, STOP_TIMEOUT_MILLIS);
        closeConnections();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /**
     * Runs a write on this store's own writer thread and waits for it: Lettuce leaves Netty
     * thread-locals on whichever thread calls it, and on a container's request thread they would
     * outlive the application (Tomcat reports them as a leak when it is undeployed). If the
     * connection dropped, waits a moment for the sync thread to reconnect
     * (it tries at once) and tries once more before failing.
     */
    private void write(Consumer<RedisCommands<String, String>> command) {
        Future<?> done;
        try {
            done = writer.submit(() -> writeNow(command));
        } catch (RejectedExecutionException e) {
            throw new RevocationStoreException("Perimeter: revocation store " + description
                    + " is closed; the revocation holds on this node only, until restart", e);
        }
        try {
            done.get(WRITE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw failedWrite(new IllegalStateException(e.getCause()));
        } catch (TimeoutException e) {
            done.cancel(true);
            throw failedWrite(new IllegalStateException("no answer within "
                    + WRITE_TIMEOUT_MILLIS + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failedWrite(new IllegalStateException("interrupted while waiting", e));
        }
    }

    /** {@link #write} on the writer thread. */
    private void writeNow(Consumer<RedisCommands<String, String>> command) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection != null && !connection.isOpen()) {
            connection = awaitConnection(null);
        }
        if (connection == null) {
            throw new RevocationStoreException("Perimeter: revocation store " + description
                    + " is not connected; the revocation holds on this node only, until restart");
        }
        try {
            command.accept(connection.sync());
        } catch (RuntimeException first) {
            // A killed connection can fail a command before Lettuce marks it closed: the failure
            // itself then says the connection dropped.
            if (connection.isOpen() && !isClosedChannel(first)) {
                throw failedWrite(first);
            }
            StatefulRedisConnection<String, String> again = awaitConnection(connection);
            if (again == null) {
                throw failedWrite(first);
            }
            try {
                command.accept(again.sync());
            } catch (RuntimeException second) {
                second.addSuppressed(first);
                throw failedWrite(second);
            }
        }
    }

    private static boolean isClosedChannel(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /**
     * An open connection other than {@code failed} (which the sync thread replaces when it
     * reconnects), waiting up to {@link #WRITE_RECONNECT_WAIT} for one; or null.
     */
    private StatefulRedisConnection<String, String> awaitConnection(
            StatefulRedisConnection<String, String> failed) {
        long deadline = System.nanoTime() + WRITE_RECONNECT_WAIT.toNanos();
        while (!closed) {
            StatefulRedisConnection<String, String> connection = commands;
            if (connection != null && connection != failed && connection.isOpen()) {
                return connection;
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private RevocationStoreException failedWrite(RuntimeException e) {
        return new RevocationStoreException("Perimeter: revocation store " + description
                + " did not accept the revocation (" + SyncTracker.describe(e)
                + "); it holds on this node only, until restart", e);
    }

    // --- the sync thread ---

    /**
     * Connects if need be and then loads everything; otherwise checks that Redis answers.
     * Purges the mirror now and then.
     */
    private void synchronize() {
        if (closed) {
            return;
        }
        try {
            long seen = disconnects.get();
            if (connectIfNeeded() || loadedAfter != seen) {
                subscribeAndLoad();
                loadedAfter = seen;
            } else {
                commands.sync().ping();
            }
            if (disconnects.get() == seen && commands.isOpen() && pubsub.isOpen()) {
                tracker.succeeded();
            }
        } catch (RuntimeException e) {
            tracker.failed(e);
        }
        long now = clock.millis();
        if (now >= nextPurge) {
            nextPurge = now + PURGE_INTERVAL.toMillis();
            mirror.purgeExpired();
        }
    }

    /** Opens both connections unless both are open; true when it opened them. */
    private boolean connectIfNeeded() {
        StatefulRedisConnection<String, String> connection = commands;
        StatefulRedisPubSubConnection<String, String> subscriber = pubsub;
        if (connection != null && subscriber != null && connection.isOpen() && subscriber.isOpen()) {
            return false;
        }
        // The old ones (if any) are dead; they stay in the fields until replaced, so that a write
        // meanwhile waits for the new ones instead of failing as "never connected".
        closeQuietly(connection);
        closeQuietly(subscriber);
        connection = client.connect();
        try {
            subscriber = client.connectPubSub();
        } catch (RuntimeException e) {
            connection.closeAsync();
            throw e;
        }
        subscriber.addListener(new RedisPubSubAdapter<String, String>() {
            @Override
            public void message(String from, String message) {
                if (channel.equals(from)) {
                    applyMessage(message);
                }
            }
        });
        pubsub = subscriber;
        commands = connection;
        return true;
    }

    /**
     * Subscribes (confirmed by Redis) before scanning: whatever is written after the
     * subscription arrives as a message, whatever was written before is there to scan.
     *
     * <p>Pipelined: the next {@code SCAN} is sent as soon as a cursor arrives, the {@code MGET}
     * of each batch goes out without waiting for the one before, and this thread applies one
     * batch while Redis answers the next; at most {@value #LOAD_IN_FLIGHT} batches are unapplied
     * at a time, which bounds the memory a load holds beyond the mirror.
     */
    private void subscribeAndLoad() {
        pubsub.sync().subscribe(channel);
        RedisAsyncCommands<String, String> redis = commands.async();
        ScanArgs args = ScanArgs.Builder.matches(loadPattern(prefix)).limit(SCAN_COUNT);
        ArrayDeque<RedisFuture<List<KeyValue<String, String>>>> values = new ArrayDeque<>();
        List<String> obsolete = new ArrayList<>();
        RedisFuture<KeyScanCursor<String>> scan = redis.scan(args);
        while (scan != null) {
            KeyScanCursor<String> cursor = await(scan);
            scan = cursor.isFinished() ? null : redis.scan(cursor, args);
            List<String> keys = cursor.getKeys();
            if (!keys.isEmpty()) {
                values.add(redis.mget(keys.toArray(new String[0])));
            }
            while (values.size() > (scan == null ? 0 : LOAD_IN_FLIGHT)) {
                for (KeyValue<String, String> entry : await(values.poll())) {
                    if (entry.hasValue()
                            && !applyEntry(entry.getKey().substring(prefix.length()), entry.getValue())) {
                        obsolete.add(entry.getKey());
                    }
                }
            }
        }
        deleteObsoleteSubjects(redis, obsolete);
    }

    /**
     * Deletes subject keys whose cutoff can no longer refuse anything, pipelined; each only if
     * it still holds such a cutoff.
     */
    private void deleteObsoleteSubjects(RedisAsyncCommands<String, String> redis, List<String> keys) {
        Instant horizon = mirror.subjectHorizon();
        if (keys.isEmpty() || horizon == null) {
            return;
        }
        String limit = Long.toString(horizon.toEpochMilli());
        List<RedisFuture<Long>> deletes = new ArrayList<>();
        for (String key : keys) {
            deletes.add(redis.eval(OBSOLETE_SUBJECT_SCRIPT, ScriptOutputType.INTEGER,
                    new String[] {key}, limit));
        }
        for (RedisFuture<Long> delete : deletes) {
            await(delete);
        }
    }

    /** The answer to a pipelined command of the load, within {@link #COMMAND_TIMEOUT}. */
    private static <T> T await(RedisFuture<T> future) {
        try {
            return future.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("no answer within "
                    + COMMAND_TIMEOUT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
    }

    /**
     * Applies a key (without prefix) and its value: {@code t:<jti>} or {@code s:<subject>};
     * false for a subject cutoff that can no longer refuse anything.
     */
    private boolean applyEntry(String key, String value) {
        if (key.length() < 2 || key.charAt(1) != ':') {
            return true;
        }
        try {
            long millis = Long.parseLong(value);
            if (key.charAt(0) == 's' && mirror.isObsolete(Instant.ofEpochMilli(millis))) {
                return false;
            }
            applyEvent(key.charAt(0), millis, key.substring(2));
        } catch (NumberFormatException e) {
            LOG.log(Level.FINE, "Perimeter: ignored a revocation entry that is not a number", e);
        }
        return true;
    }

    /** Applies a published message: {@code t:<ms>:<jti>} or {@code s:<ms>:<subject>}. */
    private void applyMessage(String message) {
        int second = message.indexOf(':', 2);
        if (message.length() < 4 || message.charAt(1) != ':' || second < 0) {
            return;
        }
        try {
            applyEvent(message.charAt(0), Long.parseLong(message.substring(2, second)),
                    message.substring(second + 1));
        } catch (NumberFormatException e) {
            LOG.log(Level.FINE, "Perimeter: ignored a malformed revocation message", e);
        }
    }

    private void applyEvent(char kind, long millis, String target) {
        Instant instant = Instant.ofEpochMilli(millis);
        if (kind == 't') {
            if (!instant.plus(leeway).isBefore(clock.instant())) {
                mirror.revokeToken(target, instant);
            }
        } else if (kind == 's') {
            mirror.revokeSubject(target, instant);
        }
    }

    private void closeConnections() {
        StatefulRedisConnection<String, String> connection = commands;
        StatefulRedisPubSubConnection<String, String> subscriber = pubsub;
        commands = null;
        pubsub = null;
        if (connection != null) {
            connection.close();
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }

    private static void closeQuietly(StatefulConnection<?, ?> connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Perimeter: closing a dead Redis connection failed", e);
            }
        }
    }

    /**
     * What a load reads: the token and subject keys, not the one-time values under
     * {@code <prefix>replay:}, which may be many and are none of the mirror's business.
     */
    static String loadPattern(String prefix) {
        return globEscape(prefix) + "[ts]:*";
    }

    /** Escapes the glob characters of {@code SCAN MATCH}. */
    static String globEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Hears a connection drop: the mirror may miss messages from now on, so it is marked stale
     * and the sync thread reconnects and reloads at once.
     */
    private final class ConnectionWatcher implements RedisConnectionStateListener {
        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (closed) {
                return;
            }
            disconnects.incrementAndGet();
            tracker.failed(new RedisConnectionException("connection to Redis lost"));
            try {
                sync.execute(RedisRevocationStore.this::synchronize);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** Builds a {@link RedisRevocationStore}. */
    public static final class Builder {
        private final String uri;
        private final RevocationSettings settings;
        private String prefix = DEFAULT_PREFIX;

        private Builder(String uri, RevocationSettings settings) {
            this.uri = Objects.requireNonNull(uri, "uri");
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** The prefix of every key and of the channel; default {@value #DEFAULT_PREFIX}. */
        public Builder prefix(String prefix) {
            if (prefix == null || prefix.isEmpty()) {
                throw new IllegalArgumentException("the key prefix must not be empty");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * Builds the store and starts connecting in the background; returns at once.
         *
         * @throws IllegalArgumentException when the URI is not a Redis URI
         */
        public RedisRevocationStore build() {
            RedisURI parsed;
            try {
                parsed = RedisURI.create(uri);
            } catch (RuntimeException e) {
                // Lettuce's message may quote the URI, password and all.
                throw new IllegalArgumentException("not a valid Redis URI: "
                        + CredentialMask.mask(uri) + " (" + e.getClass().getSimpleName() + ")");
            }
            parsed.setTimeout(COMMAND_TIMEOUT);
            parsed.setClientName("perimeter-revocation");
            return new RedisRevocationStore(parsed, uri, prefix, settings);
        }
    }
}
