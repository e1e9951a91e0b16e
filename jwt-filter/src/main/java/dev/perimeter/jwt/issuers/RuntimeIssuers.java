package dev.perimeter.jwt.issuers;

import dev.perimeter.jwt.keys.KeySource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The issuers trusted at run time, beside the fixed ones of {@code issuer}, each with a key source
 * of its own: its keys vouch for its tokens only, and adding or removing one never touches the
 * others' key sources or their cached keys.
 *
 * <p>The request path reads one immutable snapshot (issuer to key source) through a volatile
 * field: no lock, no I/O. Every change builds a new snapshot off the request path, under this
 * object's lock, and publishes it in one write: a removed issuer's tokens are refused from the
 * moment {@link #remove} returns (also tokens verified and cached before, which the verifier
 * checks against this snapshot on every hit), and its key source is closed after. An added
 * issuer's key source is started (its first fetch awaited at most {@code jwks-timeout}) before it
 * is published; while its keys have not arrived its tokens are answered 503, as at start-up.
 *
 * <p>Changes come from code ({@link #add}, {@link #remove}) or from an {@link IssuerSource}
 * polled every {@code issuers-refresh} seconds on a thread of its own. A poll changes only what
 * the source's answer changed since its previous answer, so issuers added in code stay unless the
 * source lists them; an answer that fails, or names a fixed issuer, is logged (WARNING) and the
 * issuers in force stay as they are.
 */
public final class RuntimeIssuers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RuntimeIssuers.class.getName());

    private final Set<String> fixedIssuers;
    private final Function<TrustedIssuer, KeySource> keyStarter;
    private final IssuerSource source;
    private final Duration refresh;
    /** Closed last, after every key source: what they share (threads, an HTTP client); or null. */
    private final AutoCloseable shared;
    /** What the request path reads: never changed, only replaced. */
    private volatile Map<String, Entry> snapshot = Map.of();
    /** The source's last good answer; guarded by {@code this}. */
    private Set<TrustedIssuer> lastLoaded = Set.of();
    /** The last failure logged, so that a lasting one is logged once; guarded by {@code this}. */
    private String lastFailure;
    private ScheduledExecutorService poller;
    private boolean closed;

    /** One trusted issuer and its running key source. */
    private record Entry(TrustedIssuer trusted, KeySource keys) {
    }

    /**
     * A registry with no run-time issuer yet.
     *
     * @param fixedIssuers the issuers of {@code issuer}, which cannot be added here
     * @param keyStarter   starts the key source of an issuer; throws IllegalArgumentException
     *                     for an address it refuses (not https, say)
     * @param source       where issuers are listed, or null for changes from code only
     * @param refresh      how often {@code source} is read
     */
    public RuntimeIssuers(Set<String> fixedIssuers, Function<TrustedIssuer, KeySource> keyStarter,
            IssuerSource source, Duration refresh) {
        this(fixedIssuers, keyStarter, source, refresh, null);
    }

    /**
     * As {@link #RuntimeIssuers(Set, Function, IssuerSource, Duration)}, closing {@code shared}
     * (what the key sources share: threads, an HTTP client) after them on {@link #close()}.
     */
    public RuntimeIssuers(Set<String> fixedIssuers, Function<TrustedIssuer, KeySource> keyStarter,
            IssuerSource source, Duration refresh, AutoCloseable shared) {
        this.shared = shared;
        this.fixedIssuers = Set.copyOf(fixedIssuers);
        this.keyStarter = Objects.requireNonNull(keyStarter, "keyStarter");
        this.source = source;
        this.refresh = refresh;
    }

    /**
     * The key source of {@code issuer} when it is trusted at run time, else null. The request
     * path's one lookup: a volatile read and a map lookup.
     */
    public KeySource keysOf(String issuer) {
        Entry entry = snapshot.get(issuer);
        return entry == null ? null : entry.keys;
    }

    /** Whether {@code issuer} is trusted at run time now (the fixed issuers are not counted). */
    public boolean isTrusted(String issuer) {
        return snapshot.containsKey(issuer);
    }

    /** The issuers trusted at run time now, sorted. */
    public Set<String> issuers() {
        return new TreeSet<>(snapshot.keySet());
    }

    /** The issuers trusted at run time now, with where their keys come from. */
    public List<TrustedIssuer> trusted() {
        List<TrustedIssuer> result = new ArrayList<>();
        for (Entry entry : snapshot.values()) {
            result.add(entry.trusted);
        }
        return result;
    }

    /**
     * Trusts {@code issuer} from now on, with a key source of its own, started now (its first
     * fetch awaited at most {@code jwks-timeout}); an issuer trusted already is replaced, its
     * previous key source closed. Other issuers are not touched.
     *
     * @throws IllegalArgumentException for an issuer of {@code issuer}, or a key address refused
     * @throws IllegalStateException    once closed
     */
    public synchronized void add(TrustedIssuer issuer) {
        requireOpen();
        requireNotFixed(issuer.issuer());
        KeySource keys = keyStarter.apply(issuer);
        Map<String, Entry> next = new HashMap<>(snapshot);
        Entry previous = next.put(issuer.issuer(), new Entry(issuer, keys));
        snapshot = Map.copyOf(next);
        LOG.info("Perimeter: issuer " + issuer.issuer() + " trusted from now on, keys from "
                + keys);
        if (previous != null) {
            closeQuietly(previous);
        }
    }

    /**
     * Stops trusting {@code issuer}: its tokens are refused (401, wrong issuer) from the moment
     * this returns, also those verified and cached before; then its key source is closed.
     *
     * @return whether it was trusted at run time
     */
    public synchronized boolean remove(String issuer) {
        Entry previous = snapshot.get(issuer);
        if (previous == null) {
            return false;
        }
        Map<String, Entry> next = new HashMap<>(snapshot);
        next.remove(issuer);
        snapshot = Map.copyOf(next);
        LOG.info("Perimeter: issuer " + issuer + " no longer trusted");
        closeQuietly(previous);
        return true;
    }

    /** What the source reads, or null when issuers change from code only. */
    public String describeSource() {
        return source == null ? null : source.describe();
    }

    /**
     * Reads the source once and applies it; at start. Does nothing without a source.
     *
     * @throws Exception what the source threw, or IllegalArgumentException for an answer that
     *                   names a fixed issuer or a key address refused; nothing is applied then
     */
    public synchronized void load() throws Exception {
        if (source != null) {
            apply(source.load());
        }
    }

    /** Polls the source every {@code issuers-refresh} seconds on a daemon thread of its own. */
    public synchronized void startPolling() {
        requireOpen();
        if (source == null || poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "perimeter-issuers-refresh");
            thread.setDaemon(true);
            // none: the thread must not hold a web application's class loader after undeploy
            thread.setContextClassLoader(null);
            return thread;
        });
        long millis = refresh.toMillis();
        poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One poll: a failure is logged once while it lasts and keeps the issuers in force. */
    synchronized void poll() {
        if (closed) {
            return;
        }
        try {
            apply(source.load());
            if (lastFailure != null) {
                LOG.info("Perimeter: the issuers of " + source.describe() + " are read again");
            }
            lastFailure = null;
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(lastFailure)) {
                LOG.warning("Perimeter: cannot apply the issuers of " + source.describe() + ": "
                        + message + "; the issuers in force stay: " + issuers());
            }
            lastFailure = message;
        }
    }

    /**
     * Applies the change between the source's last good answer and {@code loaded}: the key
     * sources of new entries are started first, so that a failure leaves everything as it was;
     * then one snapshot is published; then the key sources of dropped entries are closed.
     */
    private void apply(Collection<TrustedIssuer> loaded) {
        requireOpen();
        Set<TrustedIssuer> next = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (TrustedIssuer issuer : loaded) {
            requireNotFixed(issuer.issuer());
            if (!names.add(issuer.issuer())) {
                throw new IllegalArgumentException("issuer " + issuer.issuer() + " is listed twice");
            }
            next.add(issuer);
        }
        if (next.equals(lastLoaded)) {
            return;
        }
        Map<String, Entry> current = snapshot;
        Map<String, Entry> started = new LinkedHashMap<>();
        try {
            for (TrustedIssuer issuer : next) {
                Entry present = current.get(issuer.issuer());
                if (present == null || !present.trusted.equals(issuer)) {
                    started.put(issuer.issuer(), new Entry(issuer, keyStarter.apply(issuer)));
                }
            }
        } catch (RuntimeException e) {
            started.values().forEach(RuntimeIssuers::closeQuietly);
            throw e;
        }
        Map<String, Entry> updated = new HashMap<>(current);
        List<Entry> retired = new ArrayList<>();
        for (TrustedIssuer dropped : lastLoaded) {
            Entry present = updated.get(dropped.issuer());
            if (!next.contains(dropped) && present != null && present.trusted.equals(dropped)) {
                updated.remove(dropped.issuer());
                retired.add(present);
            }
        }
        for (Entry entry : started.values()) {
            Entry replaced = updated.put(entry.trusted.issuer(), entry);
            if (replaced != null) {
                retired.add(replaced);
            }
        }
        snapshot = Map.copyOf(updated);
        lastLoaded = Set.copyOf(next);
        for (Entry entry : retired) {
            if (!updated.containsKey(entry.trusted.issuer())) {
                LOG.info("Perimeter: issuer " + entry.trusted.issuer() + " no longer trusted ("
                        + source.describe() + ")");
            }
            closeQuietly(entry);
        }
        for (Entry entry : started.values()) {
            LOG.info("Perimeter: issuer " + entry.trusted.issuer() + " trusted from now on ("
                    + source.describe() + "), keys from " + entry.keys);
        }
    }

    private void requireNotFixed(String issuer) {
        if (fixedIssuers.contains(issuer)) {
            throw new IllegalArgumentException("issuer " + issuer + " is one of 'issuer', whose"
                    + " keys are configured at start; it cannot be added at run time");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
    }

    /** Stops polling and closes every run-time issuer's key source; their tokens are refused. */
    @Override
    public void close() {
        List<Entry> entries;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            entries = List.copyOf(snapshot.values());
            snapshot = Map.of();
        }
        if (poller != null) {
            poller.shutdownNow();
        }
        entries.forEach(RuntimeIssuers::closeQuietly);
        if (shared != null) {
            try {
                shared.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Perimeter: closing the key fetching of run-time issuers"
                        + " failed", e);
            }
        }
    }

    private static void closeQuietly(Entry entry) {
        try {
            entry.keys.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Perimeter: closing the key source of issuer "
                    + entry.trusted.issuer() + " failed", e);
        }
    }

    @Override
    public String toString() {
        return source == null ? issuers() + " (from code)" : issuers() + " (from " + source.describe() + ")";
    }
}
