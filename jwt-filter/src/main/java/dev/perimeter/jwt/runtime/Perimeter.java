package dev.perimeter.jwt.runtime;

import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.bearer.BearerAuthenticator;
import dev.perimeter.jwt.config.ConfigException;
import dev.perimeter.jwt.config.JwtConfig;
import dev.perimeter.jwt.dpop.DpopMode;
import dev.perimeter.jwt.dpop.DpopSettings;
import dev.perimeter.jwt.dpop.DpopVerifier;
import dev.perimeter.jwt.issuers.RuntimeIssuers;
import dev.perimeter.jwt.keys.KeySource;
import dev.perimeter.jwt.metrics.PerimeterMetrics;
import dev.perimeter.jwt.revocation.RevocationStore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What runs for one configuration: the key source, the revocation store, the audit log (and its
 * thread), the verifier, the bearer pipeline and the metrics. {@link #start} starts them from a
 * {@link JwtConfig}, which holds values only; {@link #close} stops them. A key source or store
 * that was set in code ({@link JwtConfig.Builder#keySource}, {@link JwtConfig.Builder#revocationStore})
 * is used but never closed here: whoever made it closes it.
 *
 * <p>The servlet filter starts one at {@code init()} and closes it at {@code destroy()}; code that
 * verifies tokens without the filter starts its own, in a try-with-resources block or for the
 * application's lifetime.
 */
public final class Perimeter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Perimeter.class.getName());

    private final JwtConfig config;
    private final KeySource keySource;
    private final RevocationStore revocationStore;
    private final RuntimeIssuers issuers;
    private final AuditLog audit;
    private final TokenVerifier verifier;
    private final DpopVerifier dpop;
    private final BearerAuthenticator authenticator;
    private final PerimeterMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Perimeter(JwtConfig config, KeySource keySource, RevocationStore revocationStore,
            RuntimeIssuers issuers) {
        this.config = config;
        this.keySource = keySource;
        this.revocationStore = revocationStore;
        this.issuers = issuers;
        this.audit = new AuditLog(config.clock(), config.auditQueueSize(), config.auditHistorySize());
        this.verifier = new TokenVerifier(config, keySource, revocationStore, issuers);
        DpopSettings dpopSettings = config.dpopSettings();
        this.dpop = dpopSettings.mode() == DpopMode.OFF ? null
                : new DpopVerifier(dpopSettings, revocationStore.replayStore());
        this.authenticator = new BearerAuthenticator(verifier, config, dpop);
        this.metrics = new PerimeterMetrics(verifier, audit);
    }

    /**
     * Starts what {@code config} names: fetches remote keys (waiting at most {@code jwks-timeout}
     * for the first answer, and starting without them), starts the revocation store (a shared one
     * synchronizes in the background) and the audit thread.
     *
     * @throws ConfigException naming {@code revocation} when the store cannot be set up; what was
     *         started before is closed again
     */
    public static Perimeter start(JwtConfig config) {
        KeySource keys = config.startKeySource();
        RevocationStore store;
        try {
            store = config.startRevocationStore();
        } catch (RuntimeException e) {
            if (config.keySourceSetInCode() == null) {
                closeQuietly(keys, "key source");
            }
            throw e;
        }
        RuntimeIssuers issuers;
        try {
            issuers = config.startIssuers();
        } catch (RuntimeException e) {
            if (config.keySourceSetInCode() == null) {
                closeQuietly(keys, "key source");
            }
            if (config.revocationStoreSetInCode() == null) {
                closeQuietly(store, "revocation store");
            }
            throw e;
        }
        return new Perimeter(config, keys, store, issuers);
    }

    /** The configuration this was started from. */
    public JwtConfig config() {
        return config;
    }

    /** The verifier, for code that checks tokens outside requests. */
    public TokenVerifier verifier() {
        return verifier;
    }

    /** The bearer pipeline that every entry point runs. */
    public BearerAuthenticator authenticator() {
        return authenticator;
    }

    /**
     * The DPoP proof check the pipeline runs, for a token endpoint that binds the tokens it
     * issues to a client's key; null when {@code dpop} is off.
     */
    public DpopVerifier dpop() {
        return dpop;
    }

    /**
     * The issuers trusted at run time beside those of {@code issuer}: add and remove them here
     * while running ({@code issuers().add(TrustedIssuer.discovered(url))}); each has its own key
     * source, closed with this Perimeter.
     */
    public RuntimeIssuers issuers() {
        return issuers;
    }

    /** The keys in force (of the issuers of {@code issuer}). */
    public KeySource keySource() {
        return keySource;
    }

    /**
     * The revocation store the verifier enforces: revoke through it, so that a revocation holds
     * on every node that shares the store.
     */
    public RevocationStore revocationStore() {
        return revocationStore;
    }

    /** The audit log: record the application's own events, read the latest, add listeners. */
    public AuditLog audit() {
        return audit;
    }

    public PerimeterMetrics metrics() {
        return metrics;
    }

    /** One line describing the configuration and what was started from it; no secrets. */
    public String summary() {
        return config.summary(keySource, revocationStore)
                + (dpop == null ? "" : ", dpop replays " + (dpop.sharesReplays()
                        ? "on this node and in " + revocationStore.describe() : "on this node only"))
                + ", run-time issuers=" + issuers;
    }

    /**
     * Closes the audit log first (it delivers what is queued and runs pending revocations), then
     * the key source and the store that {@link #start} started. Closing again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        audit.close();
        issuers.close();
        if (config.keySourceSetInCode() == null) {
            closeQuietly(keySource, "key source");
        }
        if (config.revocationStoreSetInCode() == null) {
            closeQuietly(revocationStore, "revocation store");
        }
    }

    private static void closeQuietly(AutoCloseable part, String what) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Perimeter: closing the " + what + " failed", e);
        }
    }
}
