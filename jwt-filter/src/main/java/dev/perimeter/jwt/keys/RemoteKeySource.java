package dev.perimeter.jwt.keys;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * Keys fetched from JWKS URLs and OpenID Connect discovery, plus any fixed keys. Refreshes in the
 * background on its own daemon threads; the request path reads one volatile {@link KeySet}.
 * A token naming an unknown key may trigger one shared refetch per source, at most once per
 * cool-down (its own, apart from the scheduled refreshes), and waits for it no longer than the
 * time-out; tokens naming known keys never wait.
 */
public final class RemoteKeySource implements KeySource {

    private static final Logger LOG = Logger.getLogger(RemoteKeySource.class.getName());

    private final KeySet fixed;
    private final List<RemoteJwks> sources;
    private final JsonDocumentFetcher fetcher;
    /** Times the refreshes. */
    private final ScheduledExecutorService executor;
    /** Runs the fetches: {@link #executor} itself, or a shared pool. */
    private final Executor fetchExecutor;
    /** Whether the threads and the fetcher are this source's own, closed with it. */
    private final boolean ownsThreads;
    /** The pending refresh of each source, cancelled on close when the threads are shared. */
    private final Map<RemoteJwks, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final Duration timeout;
    private final Clock clock;
    private final Instant startedAt;
    private volatile KeySet merged;
    /** When the first remote keys in {@link #merged} pass their retention; never when none. */
    private volatile Instant mergedUsableUntil = Instant.MAX;

    private RemoteKeySource(KeySet fixed, List<RemoteJwks> sources, JsonDocumentFetcher fetcher,
            Duration timeout, Clock clock, SharedKeyFetching shared) {
        this.fixed = fixed;
        this.sources = List.copyOf(sources);
        this.fetcher = fetcher;
        this.timeout = timeout;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.merged = fixed;
        this.ownsThreads = shared == null;
        if (shared == null) {
            ScheduledExecutorService own = Executors.newScheduledThreadPool(
                    Math.max(2, sources.size()), KeyFetchThreads.named("perimeter-jwks-refresh"));
            this.executor = own;
            this.fetchExecutor = own;
        } else {
            this.executor = shared.scheduler;
            this.fetchExecutor = shared.fetches;
        }
    }

    public static Builder builder(Set<JwsAlgorithm> allowed, Clock clock) {
        return new Builder(allowed, clock);
    }

    @Override
    public KeySet current() {
        // Keys past their retention leave the set now, not when the next fetch attempt completes:
        // while the provider is down that may be a whole refresh interval later.
        if (clock.instant().isAfter(mergedUsableUntil)) {
            rebuild();
        }
        return merged;
    }

    @Override
    public KeySet refreshed(String issuer) {
        List<CompletableFuture<Void>> fetches = new ArrayList<>();
        for (RemoteJwks source : sources) {
            if (source.issuer().equals(issuer)) {
                CompletableFuture<Void> refetch = source.refetchForUnknownKey(fetchExecutor,
                        this::rebuild);
                if (refetch != null) {
                    fetches.add(refetch);
                }
            }
        }
        if (!fetches.isEmpty()) {
            awaitAtMostTimeout(fetches);
        }
        return merged; // what is known now, should a fetch be late
    }

    @Override
    public boolean isAvailable(String issuer) {
        for (RemoteJwks source : sources) {
            if (source.issuer().equals(issuer) && source.keys() == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Instant keysFetchedAt() {
        Instant oldest = null;
        for (RemoteJwks source : sources) {
            Instant fetched = source.fetchedAt();
            Instant at = fetched == null ? startedAt : fetched;
            if (oldest == null || at.isBefore(oldest)) {
                oldest = at;
            }
        }
        return oldest;
    }

    /**
     * Stops the refresh threads and the HTTP client, waiting a moment for them to end; with
     * shared threads, cancels this source's refreshes and leaves the threads to their owner.
     */
    @Override
    public void close() {
        closed = true;
        if (!ownsThreads) {
            pending.values().forEach(refresh -> refresh.cancel(false));
            pending.clear();
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fetcher.close();
    }

    /** Fetches every source once (bounded by the time-out), then keeps them fresh. */
    private RemoteKeySource start() {
        List<CompletableFuture<Void>> first = new ArrayList<>();
        for (RemoteJwks source : sources) {
            first.add(source.fetch(fetchExecutor, this::rebuild));
        }
        // If they are late, the application starts anyway; its tokens get 503 until keys arrive.
        awaitAtMostTimeout(first);
        for (RemoteJwks source : sources) {
            scheduleRefresh(source);
        }
        return this;
    }

    /** Waits for {@code fetches} at most the time-out; one not done by then goes on in the background. */
    private void awaitAtMostTimeout(List<CompletableFuture<Void>> fetches) {
        try {
            CompletableFuture.allOf(fetches.toArray(new CompletableFuture<?>[0]))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the caller goes on with the keys known now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleRefresh(RemoteJwks source) {
        if (closed || executor.isShutdown()) {
            return;
        }
        try {
            pending.put(source, executor.schedule(() -> {
                if (!closed) {
                    source.fetch(fetchExecutor, this::rebuild)
                            .whenComplete((ignored, error) -> scheduleRefresh(source));
                }
            }, source.nextRefreshDelay().toMillis(), TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            return; // the threads were stopped meanwhile
        }
        if (closed) {
            pending.values().forEach(refresh -> refresh.cancel(false)); // closed meanwhile
        }
    }

    /**
     * Publishes fixed keys plus every source's current keys as one set. A source whose keys would
     * answer the same tokens as keys already taken (say, a JWKS URL and discovery of the same key
     * set for one issuer) is left out whole: keeping the previous set instead would freeze it, so
     * that no later rotation, removal or expiry would ever be published again.
     */
    private synchronized void rebuild() {
        KeySet keys = fixed;
        Instant usableUntil = Instant.MAX;
        for (RemoteJwks source : sources) {
            // Read before the keys: should a fetch publish in between, this is the older, earlier
            // instant (or none: then at once), which costs at most one extra rebuild.
            Instant sourceUntil = source.keysUsableUntil();
            List<VerificationKey> fetched = source.keys();
            if (fetched == null) {
                continue;
            }
            try {
                keys = keys.plus(KeySet.of(fetched));
                if (sourceUntil == null || sourceUntil.isBefore(usableUntil)) {
                    usableUntil = sourceUntil == null ? Instant.MIN : sourceUntil;
                }
            } catch (IllegalArgumentException e) {
                LOG.warning("Perimeter: the keys of " + source + " are left out, they collide with"
                        + " other keys: " + e.getMessage());
            }
        }
        merged = keys;
        mergedUsableUntil = usableUntil;
    }

    @Override
    public String toString() {
        return fixed.isEmpty() ? sources.toString() : fixed + " and " + sources;
    }

    /** Collects remote sources; {@link #build} validates their addresses and starts fetching. */
    public static final class Builder {
        private final Set<JwsAlgorithm> allowed;
        private final Clock clock;
        private final List<Pending> pending = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(5);
        private Duration refresh = Duration.ofMinutes(10);
        private Duration minRefetch = Duration.ofSeconds(30);
        private Duration retention = Duration.ofHours(24);
        private boolean allowHttpLoopback;
        private SSLContext tls;

        private Builder(Set<JwsAlgorithm> allowed, Clock clock) {
            this.allowed = Set.copyOf(allowed);
            this.clock = clock;
        }

        /**
         * A JWKS URL whose keys vouch only for {@code issuer}.
         *
         * @throws IllegalArgumentException when the URL is not https (or allowed loopback http)
         */
        public Builder jwks(URI url, String issuer) {
            JsonDocumentFetcher.requireAllowed(url, allowHttpLoopback);
            pending.add(new Pending(url, issuer));
            return this;
        }

        /**
         * {@code issuer}'s OpenID Connect discovery document names the JWKS.
         *
         * @throws IllegalArgumentException when the issuer is not https (or allowed loopback http)
         */
        public Builder discovery(String issuer) {
            JsonDocumentFetcher.requireAllowed(RemoteJwks.discoveryUri(issuer), allowHttpLoopback);
            pending.add(new Pending(null, issuer));
            return this;
        }

        /** A source to build: a JWKS URL, or discovery when {@code url} is null. */
        private record Pending(URI url, String issuer) {
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder refresh(Duration refresh) {
            this.refresh = refresh;
            return this;
        }

        public Builder minRefetch(Duration minRefetch) {
            this.minRefetch = minRefetch;
            return this;
        }

        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        /** The TLS context of key fetches, with its own trust store; null for the JVM's default. */
        public Builder tls(SSLContext tls) {
            this.tls = tls;
            return this;
        }

        /** Allows plain http to loopback addresses (development and tests); set before adding sources. */
        public Builder allowHttpLoopback(boolean allow) {
            this.allowHttpLoopback = allow;
            return this;
        }

        public boolean isEmpty() {
            return pending.isEmpty();
        }

        /**
         * Starts fetching: waits for the first fetch at most the time-out, and starts even when
         * the provider is down.
         *
         * @throws IllegalArgumentException when an address is not https (or allowed loopback http)
         */
        public RemoteKeySource build(KeySet fixed) {
            return build(fixed, null);
        }

        /**
         * As {@link #build(KeySet)}, on the threads and HTTP client of {@code shared} (null: its
         * own), which {@link RemoteKeySource#close()} then leaves running; the time-out, TLS
         * context and loopback setting of fetches are those {@code shared} was made with.
         */
        public RemoteKeySource build(KeySet fixed, SharedKeyFetching shared) {
            JsonDocumentFetcher fetcher = shared != null ? shared.fetcher()
                    : new JsonDocumentFetcher(timeout, allowHttpLoopback, tls);
            RemoteJwks.Settings settings = new RemoteJwks.Settings(fetcher, allowed, clock, refresh,
                    minRefetch, retention);
            List<RemoteJwks> sources = new ArrayList<>();
            try {
                for (Pending entry : pending) {
                    sources.add(entry.url() == null ? RemoteJwks.forDiscovery(entry.issuer(), settings)
                            : RemoteJwks.forUrl(entry.url(), entry.issuer(), settings));
                }
            } catch (RuntimeException e) {
                if (shared == null) {
                    fetcher.close();
                }
                throw e;
            }
            return new RemoteKeySource(fixed, sources, fetcher, timeout, clock, shared).start();
        }
    }
}
