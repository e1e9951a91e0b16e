package dev.perimeter.jwt.metrics;

import dev.perimeter.jwt.CacheStatistics;
import dev.perimeter.jwt.TokenVerifier;
import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.revocation.RevocationHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The numbers of one filter (or JAX-RS verifier), for JMX ({@link JmxMetrics}), Micrometer (the
 * {@code jwt-micrometer} module) or the application's own exporter. Requests count into
 * {@link LongAdder}s, no lock; everything else is read when asked, from the verifier, its key
 * source and revocation store, and the audit log:
 * <ul>
 * <li>requests by {@link RequestOutcome} (outcome and reason);</li>
 * <li>validation latency: {@link TokenVerifier#verify} timed, in a {@link LatencyHistogram};</li>
 * <li>the verified-token cache: hits, misses, entries;</li>
 * <li>the age of the key set: seconds since the stalest remote key set was fetched, or since
 *     start for fixed keys;</li>
 * <li>the revocation mirror: revoked tokens and subjects, status and synchronization lag;</li>
 * <li>the audit log: events by kind, events dropped, events waiting.</li>
 * </ul>
 */
public final class PerimeterMetrics {

    private final TokenVerifier verifier;
    private final AuditLog audit;
    private final Clock clock;
    private final Instant startedAt;
    private final LongAdder[] requests = new LongAdder[RequestOutcome.values().length];
    private final LatencyHistogram validation = new LatencyHistogram();

    /**
     * @param verifier the verifier whose cache, keys and revocation store are reported
     * @param audit    the audit log whose events and drops are reported, or null for none
     */
    public PerimeterMetrics(TokenVerifier verifier, AuditLog audit) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.audit = audit;
        this.clock = verifier.settings().clock();
        this.startedAt = clock.instant();
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new LongAdder();
        }
    }

    /** Counts one request decided as {@code outcome}. */
    public void count(RequestOutcome outcome) {
        requests[outcome.ordinal()].increment();
    }

    /** Records how long one {@link TokenVerifier#verify} took. */
    public void validationTook(long nanos) {
        validation.record(nanos);
    }

    /** Requests decided as {@code outcome} since the start. */
    public long requests(RequestOutcome outcome) {
        return requests[outcome.ordinal()].sum();
    }

    /** Every outcome with its count, zeros included, in declaration order. */
    public Map<RequestOutcome, Long> requests() {
        Map<RequestOutcome, Long> counts = new EnumMap<>(RequestOutcome.class);
        for (RequestOutcome outcome : RequestOutcome.values()) {
            counts.put(outcome, requests(outcome));
        }
        return Collections.unmodifiableMap(counts);
    }

    /** Rejected requests, every reason together. */
    public long rejected() {
        long total = 0;
        for (RequestOutcome outcome : RequestOutcome.values()) {
            if (outcome.isRejection()) {
                total += requests(outcome);
            }
        }
        return total;
    }

    /** The validation latency histogram. */
    public LatencyHistogram validation() {
        return validation;
    }

    /** The verified-token cache's hits, misses and entries. */
    public CacheStatistics cache() {
        return verifier.cacheStatistics();
    }

    /**
     * Seconds since the stalest key set in use was fetched (for remote key sets; a source that
     * has never succeeded counts from its start), or since the filter started for fixed keys.
     */
    public double keySetAgeSeconds() {
        Instant fetched = verifier.keySource().keysFetchedAt();
        Instant since = fetched != null ? fetched : startedAt;
        return Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }

    /** The revocation store's health: status, lag, and the mirror's sizes. */
    public RevocationHealth revocation() {
        return verifier.revocationStore().health();
    }

    /**
     * Seconds since the revocation mirror was last confirmed current: 0 for a local store,
     * {@code NaN} before a shared store first synchronized.
     */
    public double revocationLagSeconds() {
        Duration lag = revocation().lag();
        return lag == null ? Double.NaN : lag.toMillis() / 1000.0;
    }

    /** Audit events of {@code kind} logged and delivered; 0 without an audit log. */
    public long auditEvents(AuditEvent.Kind kind) {
        return audit == null ? 0 : audit.delivered(kind);
    }

    /** Audit events dropped because the queue was full; 0 without an audit log. */
    public long auditDropped() {
        return audit == null ? 0 : audit.dropped();
    }

    /** Audit events waiting for the audit thread; 0 without an audit log. */
    public int auditQueued() {
        return audit == null ? 0 : audit.queued();
    }
}
