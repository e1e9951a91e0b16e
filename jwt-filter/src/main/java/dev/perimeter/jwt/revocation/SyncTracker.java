package dev.perimeter.jwt.revocation;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The synchronization state of a shared store's mirror, for the stores themselves: whether it
 * ever synchronized (until then the node answers 503), whether the last attempt succeeded, and
 * when. It logs each change of state once, not every failed poll.
 */
public final class SyncTracker {

    private static final Logger LOG = Logger.getLogger(SyncTracker.class.getName());
    private static final int MAX_ERROR_LENGTH = 400;

    private final String store;
    private final Clock clock;
    private volatile boolean ready;
    private volatile boolean healthy;
    private volatile Instant lastSync;
    private volatile String lastError;
    /** Whether the current run of failures has been logged; guarded by this. */
    private boolean failureLogged;

    /**
     * @param store the store's description for log lines, without credentials
     * @param clock the clock for {@link RevocationHealth#lastSync()} and lag
     */
    public SyncTracker(String store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the mirror was ever synchronized; read on the request path (a volatile read). */
    public boolean isReady() {
        return ready;
    }

    /** The mirror is current as of now. */
    public synchronized void succeeded() {
        Instant now = clock.instant();
        if (!ready) {
            LOG.info("Perimeter: revocation store " + store + " synchronized; enforcing it");
        } else if (!healthy) {
            LOG.info("Perimeter: revocation store " + store + " is back and synchronized again"
                    + " (out of contact since " + lastSync + ")");
        }
        lastSync = now;
        lastError = null;
        healthy = true;
        ready = true;
        failureLogged = false;
    }

    /** An attempt to reach the store failed; logged once per run of failures. */
    public synchronized void failed(Throwable error) {
        lastError = describe(error);
        healthy = false;
        if (failureLogged) {
            return;
        }
        failureLogged = true;
        if (!ready) {
            LOG.warning("Perimeter: revocation store " + store + " cannot be reached (" + lastError
                    + "); protected requests are refused with 503 until it answers");
        } else {
            LOG.warning("Perimeter: lost contact with revocation store " + store + " ("
                    + lastError + "); enforcing the revocations known at " + lastSync
                    + " and retrying");
        }
    }

    /** The health of a store with this state and {@code mirror}. */
    public RevocationHealth health(RevocationMirror mirror) {
        Instant last = lastSync;
        RevocationHealth.Status status = !ready ? RevocationHealth.Status.NEVER_SYNCHRONIZED
                : healthy ? RevocationHealth.Status.SYNCHRONIZED
                : RevocationHealth.Status.DISCONNECTED;
        Duration lag = last == null ? null : Duration.between(last, clock.instant());
        return new RevocationHealth(status, last, lag, lastError, mirror.tokenCount(),
                mirror.subjectCount());
    }

    /** The kind of an error, and its message with any credentials masked. */
    public static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(error.getClass().getSimpleName());
        if (error instanceof SQLException && ((SQLException) error).getSQLState() != null) {
            text.append(" (").append(((SQLException) error).getSQLState()).append(')');
        }
        if (error.getMessage() != null) {
            text.append(": ").append(CredentialMask.mask(error.getMessage().strip()));
        }
        Throwable cause = error.getCause();
        if (cause != null && cause != error && cause.getMessage() != null
                && (error.getMessage() == null || !error.getMessage().contains(cause.getMessage()))) {
            // A pool's "connection not available" hides why: say it.
            text.append(" (cause: ").append(cause.getClass().getSimpleName()).append(": ")
                    .append(CredentialMask.mask(cause.getMessage().strip())).append(')');
        }
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "…"
                : text.toString();
    }
}
