package dev.perimeter.jwt.keys;

import dev.perimeter.jwt.internal.StrictJson;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One remote key set: a JWKS URL, or an issuer's OpenID Connect discovery document that names
 * one. Keeps the last good keys (bound to the issuer they were fetched for) for up to the
 * retention, runs at most one fetch at a time, and logs an outage once when it starts and once
 * when it ends, never per request.
 *
 * <p>Two kinds of fetch share that one slot: the scheduled refreshes, and the refetch that a
 * token naming an unknown key asks for. The latter has a cool-down of its own, which scheduled
 * refreshes neither use nor restart: with a provider that says {@code Cache-Control: no-cache}
 * the refreshes run every cool-down, and a shared cool-down would almost never leave a rotated
 * key its refetch.
 */
final class RemoteJwks {

    private static final Logger LOG = Logger.getLogger(RemoteJwks.class.getName());
    private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private final URI location;
    private final boolean discovery;
    private final String issuer;
    private final Settings settings;
    private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>();
    private volatile Snapshot snapshot;
    /** The refetch for an unknown key, running or done; guarded by {@code this}. */
    private CompletableFuture<Void> keyRefetch;
    /** When that refetch was asked for; its cool-down counts from here. Guarded by {@code this}. */
    private Instant keyRefetchAskedAt = Instant.EPOCH;
    /** Written only by the single in-flight fetch. */
    private volatile boolean failing;

    /** What all remote sources of one filter share. */
    static final class Settings {
        final JsonDocumentFetcher fetcher;
        final Set<JwsAlgorithm> allowed;
        final Clock clock;
        final Duration refresh;
        final Duration minRefetch;
        final Duration retention;

        Settings(JsonDocumentFetcher fetcher, Set<JwsAlgorithm> allowed, Clock clock,
                Duration refresh, Duration minRefetch, Duration retention) {
            this.fetcher = fetcher;
            this.allowed = allowed;
            this.clock = clock;
            this.refresh = refresh;
            this.minRefetch = minRefetch;
            this.retention = retention;
        }
    }

    private static final class Snapshot {
        final List<VerificationKey> keys;
        /** Which JWK gave which key, so that an unchanged JWK keeps its key object. */
        final List<Jwks.Parsed> parsed;
        final Instant fetchedAt;
        final Duration nextRefresh;

        Snapshot(List<Jwks.Parsed> parsed, Instant fetchedAt, Duration nextRefresh) {
            this.parsed = List.copyOf(parsed);
            List<VerificationKey> keys = new java.util.ArrayList<>();
            for (Jwks.Parsed entry : parsed) {
                keys.add(entry.key);
            }
            this.keys = List.copyOf(keys);
            this.fetchedAt = fetchedAt;
            this.nextRefresh = nextRefresh;
        }
    }

    private RemoteJwks(URI location, boolean discovery, String issuer, Settings settings) {
        this.location = location;
        this.discovery = discovery;
        this.issuer = issuer;
        this.settings = settings;
    }

    /** A JWKS at {@code url}, its keys bound to {@code issuer}. */
    static RemoteJwks forUrl(URI url, String issuer, Settings settings) {
        settings.fetcher.requireAllowed(url);
        return new RemoteJwks(url, false, issuer, settings);
    }

    /** The key set named by {@code issuer}'s discovery document. */
    static RemoteJwks forDiscovery(String issuer, Settings settings) {
        URI uri = discoveryUri(issuer);
        settings.fetcher.requireAllowed(uri);
        return new RemoteJwks(uri, true, issuer, settings);
    }

    /** {@code <issuer>/.well-known/openid-configuration}, without a doubled slash. */
    static URI discoveryUri(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + DISCOVERY_PATH);
    }

    String issuer() {
        return issuer;
    }

    /** The keys to use now, or null when none were ever fetched or the last good ones are too old. */
    List<VerificationKey> keys() {
        Snapshot current = snapshot;
        if (current == null
                || settings.clock.instant().isAfter(current.fetchedAt.plus(settings.retention))) {
            return null;
        }
        return current.keys;
    }

    /** When the keys {@link #keys()} answers pass the retention, or null while it answers none. */
    Instant keysUsableUntil() {
        Snapshot current = snapshot;
        return current == null ? null : current.fetchedAt.plus(settings.retention);
    }

    /** When the keys held now were fetched, or null when none ever were. */
    Instant fetchedAt() {
        Snapshot current = snapshot;
        return current == null ? null : current.fetchedAt;
    }

    /** How long to wait before the next scheduled refresh. */
    Duration nextRefreshDelay() {
        Snapshot current = snapshot;
        if (current == null || failing) {
            return settings.minRefetch.isZero() ? Duration.ofSeconds(1) : settings.minRefetch;
        }
        return current.nextRefresh;
    }

    /**
     * The refetch a token naming an unknown key asks for, or null when the cool-down of the last
     * one runs: that fetch lacked the key, and its answer stands until the cool-down ends.
     * Callers during one refetch share it. A fetch running when it is asked for (a scheduled
     * refresh) may have read the set before the new key was published, so the refetch follows
     * it rather than joining it.
     */
    synchronized CompletableFuture<Void> refetchForUnknownKey(Executor executor, Runnable afterFetch) {
        if (keyRefetch != null && !keyRefetch.isDone()) {
            return keyRefetch;
        }
        Instant now = settings.clock.instant();
        if (now.isBefore(keyRefetchAskedAt.plus(settings.minRefetch))) {
            return null;
        }
        keyRefetchAskedAt = now;
        CompletableFuture<Void> running = inFlight.get();
        keyRefetch = running == null ? fetch(executor, afterFetch)
                : running.thenCompose(ignored -> fetch(executor, afterFetch));
        return keyRefetch;
    }

    /**
     * Starts a fetch on {@code executor} unless one is running; returns the running one. Every
     * caller shares the same fetch, which runs {@code afterFetch} before it completes.
     */
    CompletableFuture<Void> fetch(Executor executor, Runnable afterFetch) {
        while (true) {
            CompletableFuture<Void> running = inFlight.get();
            if (running != null) {
                return running;
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            if (inFlight.compareAndSet(null, mine)) {
                try {
                    executor.execute(() -> {
                        try {
                            fetchOnce();
                            afterFetch.run();
                        } finally {
                            inFlight.set(null);
                            mine.complete(null);
                        }
                    });
                } catch (RuntimeException e) {
                    inFlight.set(null);
                    mine.complete(null);
                }
                return mine;
            }
        }
    }

    private void fetchOnce() {
        try {
            URI jwksUri = discovery ? discoverJwksUri() : location;
            JsonDocumentFetcher.Document document = settings.fetcher.fetch(jwksUri);
            Snapshot last = snapshot;
            List<Jwks.Parsed> parsed = Jwks.parseEntries(document.body(), settings.allowed, issuer,
                    "jwks " + jwksUri, why -> LOG.fine(() -> "Perimeter: " + jwksUri + ": skipped " + why),
                    true, last == null ? List.of() : last.parsed);
            if (parsed.isEmpty()) {
                throw new IOException(jwksUri + " holds no key usable with " + settings.allowed);
            }
            Snapshot next = new Snapshot(parsed, settings.clock.instant(),
                    refreshAfter(document.maxAgeSeconds()));
            KeySet.of(next.keys); // refuse a set whose keys collide before publishing it
            snapshot = next;
            if (failing) {
                LOG.info("Perimeter: keys for issuer " + issuer + " fetched again from " + jwksUri);
            }
            failing = false;
        } catch (IOException | IllegalArgumentException | StrictJson.MalformedJsonException e) {
            if (!failing) {
                Snapshot last = snapshot;
                LOG.warning("Perimeter: cannot fetch keys for issuer " + issuer + ": " + e.getMessage()
                        + (last == null
                                ? "; no keys yet, so its tokens are answered 503 until a fetch succeeds"
                                : "; keeping the keys fetched at " + last.fetchedAt + " until "
                                        + last.fetchedAt.plus(settings.retention)));
            }
            failing = true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Perimeter: fetching keys for issuer " + issuer + " failed", e);
            failing = true;
        }
    }

    private URI discoverJwksUri() throws IOException, StrictJson.MalformedJsonException {
        Map<String, Object> document = StrictJson.parseObject(settings.fetcher.fetch(location).body());
        if (!issuer.equals(document.get("issuer"))) {
            // OpenID Connect Discovery 1.0 section 4.3: the document must name this very issuer.
            throw new IOException(location + " names another issuer");
        }
        Object jwksUri = document.get("jwks_uri");
        if (!(jwksUri instanceof String)) {
            throw new IOException(location + " has no jwks_uri");
        }
        URI uri;
        try {
            uri = URI.create((String) jwksUri);
        } catch (IllegalArgumentException e) {
            throw new IOException(location + " has an invalid jwks_uri");
        }
        settings.fetcher.requireAllowed(uri);
        return uri;
    }

    /** Cache-Control max-age, kept between the cool-down and the refresh interval. */
    private Duration refreshAfter(OptionalLong maxAgeSeconds) {
        if (maxAgeSeconds.isEmpty()) {
            return settings.refresh;
        }
        Duration maxAge = Duration.ofSeconds(maxAgeSeconds.getAsLong());
        Duration floor = settings.minRefetch.isZero() ? Duration.ofSeconds(1) : settings.minRefetch;
        if (maxAge.compareTo(floor) < 0) {
            return floor;
        }
        return maxAge.compareTo(settings.refresh) > 0 ? settings.refresh : maxAge;
    }

    @Override
    public String toString() {
        return (discovery ? "discovery " : "jwks ") + location + " for " + issuer;
    }
}
