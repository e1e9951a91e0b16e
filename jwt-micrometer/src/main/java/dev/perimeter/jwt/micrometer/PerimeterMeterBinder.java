package dev.perimeter.jwt.micrometer;

import dev.perimeter.jwt.audit.AuditEvent;
import dev.perimeter.jwt.metrics.LatencyHistogram;
import dev.perimeter.jwt.metrics.PerimeterMetrics;
import dev.perimeter.jwt.metrics.RequestOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Binds a filter's {@link PerimeterMetrics} to a Micrometer registry. Every meter reads the
 * metrics object when the registry asks (a scrape); nothing is recorded twice and the request
 * path is unchanged. Names, as Micrometer writes them (Prometheus names in brackets):
 * <ul>
 * <li>{@code perimeter.requests} [{@code perimeter_requests_total}], tags {@code outcome},
 *     {@code reason}: requests by decision, one series per {@link RequestOutcome};</li>
 * <li>{@code perimeter.validation} [{@code perimeter_validation_seconds_count}, {@code _sum}]:
 *     token validations and their total time; {@code perimeter.validation.max}
 *     [{@code perimeter_validation_max_seconds}]; {@code perimeter.validation.buckets}
 *     [{@code perimeter_validation_buckets_total}], tag {@code le}: validations at or below each
 *     bound in seconds, cumulative, for {@code histogram_quantile};</li>
 * <li>{@code perimeter.cache.requests} [{@code perimeter_cache_requests_total}], tag
 *     {@code result} {@code hit} or {@code miss}; {@code perimeter.cache.entries};
 *     {@code perimeter.cache.hit.ratio} (since start);</li>
 * <li>{@code perimeter.keys.age} [{@code perimeter_keys_age_seconds}];</li>
 * <li>{@code perimeter.revocation.revoked} [{@code perimeter_revocation_revoked}], tag
 *     {@code kind} {@code token} or {@code subject}; {@code perimeter.revocation.lag}
 *     [{@code perimeter_revocation_lag_seconds}]; {@code perimeter.revocation.synchronized}
 *     (1 or 0);</li>
 * <li>{@code perimeter.audit.events} [{@code perimeter_audit_events_total}], tag {@code kind};
 *     {@code perimeter.audit.dropped} [{@code perimeter_audit_dropped_total}];
 *     {@code perimeter.audit.queued}.</li>
 * </ul>
 * Unknown values (a mirror size the store does not report, the lag before a first
 * synchronization) are {@code NaN}.
 */
public final class PerimeterMeterBinder implements MeterBinder {

    private final PerimeterMetrics metrics;
    private final Tags tags;

    /** Binds {@code metrics} without extra tags. */
    public PerimeterMeterBinder(PerimeterMetrics metrics) {
        this(metrics, Tags.empty());
    }

    /**
     * Binds {@code metrics} with {@code tags} on every meter, such as the application or filter
     * name where one registry serves several filters.
     */
    public PerimeterMeterBinder(PerimeterMetrics metrics, Iterable<Tag> tags) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bindRequests(registry);
        bindValidation(registry);
        bindCache(registry);
        TimeGauge.builder("perimeter.keys.age", metrics, TimeUnit.SECONDS,
                        PerimeterMetrics::keySetAgeSeconds).tags(tags)
                .description("Time since the stalest key set in use was fetched"
                        + " (fixed keys: since start)")
                .register(registry);
        bindRevocation(registry);
        bindAudit(registry);
    }

    private void bindRequests(MeterRegistry registry) {
        for (RequestOutcome outcome : RequestOutcome.values()) {
            FunctionCounter.builder("perimeter.requests", metrics, m -> m.requests(outcome))
                    .tags(tags).tag("outcome", outcome.outcome()).tag("reason", outcome.reason())
                    .description("Requests the filter decided, by outcome and reason")
                    .register(registry);
        }
    }

    private void bindValidation(MeterRegistry registry) {
        FunctionTimer.builder("perimeter.validation", metrics, m -> m.validation().count(),
                        m -> m.validation().totalNanos(), TimeUnit.NANOSECONDS)
                .tags(tags).description("Token validations and their time").register(registry);
        TimeGauge.builder("perimeter.validation.max", metrics, TimeUnit.NANOSECONDS,
                        m -> m.validation().maxNanos()).tags(tags)
                .description("The longest token validation since start").register(registry);
        String[] bounds = LatencyHistogram.boundLabels();
        for (int i = 0; i < bounds.length; i++) {
            int bucket = i;
            FunctionCounter.builder("perimeter.validation.buckets", metrics,
                            m -> m.validation().cumulativeCounts()[bucket])
                    .tags(tags).tag("le", bounds[i])
                    .description("Token validations at or below le seconds (cumulative)")
                    .register(registry);
        }
        FunctionCounter.builder("perimeter.validation.buckets", metrics,
                        m -> m.validation().count())
                .tags(tags).tag("le", "+Inf")
                .description("Token validations at or below le seconds (cumulative)")
                .register(registry);
    }

    private void bindCache(MeterRegistry registry) {
        FunctionCounter.builder("perimeter.cache.requests", metrics, m -> m.cache().hits())
                .tags(tags).tag("result", "hit")
                .description("Lookups in the verified-token cache").register(registry);
        FunctionCounter.builder("perimeter.cache.requests", metrics, m -> m.cache().misses())
                .tags(tags).tag("result", "miss")
                .description("Lookups in the verified-token cache").register(registry);
        Gauge.builder("perimeter.cache.entries", metrics, m -> m.cache().entries()).tags(tags)
                .description("Verified tokens kept").register(registry);
        Gauge.builder("perimeter.cache.hit.ratio", metrics, m -> m.cache().hitRatio()).tags(tags)
                .description("Cache hits among lookups since start").register(registry);
    }

    private void bindRevocation(MeterRegistry registry) {
        Gauge.builder("perimeter.revocation.revoked", metrics,
                        m -> known(m.revocation().revokedTokens()))
                .tags(tags).tag("kind", "token")
                .description("Revocations in this node's mirror").register(registry);
        Gauge.builder("perimeter.revocation.revoked", metrics,
                        m -> known(m.revocation().revokedSubjects()))
                .tags(tags).tag("kind", "subject")
                .description("Revocations in this node's mirror").register(registry);
        TimeGauge.builder("perimeter.revocation.lag", metrics, TimeUnit.SECONDS,
                        PerimeterMetrics::revocationLagSeconds).tags(tags)
                .description("Time since the revocation mirror was last confirmed current")
                .register(registry);
        Gauge.builder("perimeter.revocation.synchronized", metrics,
                        m -> m.revocation().isSynchronized() ? 1 : 0).tags(tags)
                .description("1 when the revocation mirror is current (LOCAL or SYNCHRONIZED)")
                .register(registry);
    }

    private void bindAudit(MeterRegistry registry) {
        for (AuditEvent.Kind kind : AuditEvent.Kind.values()) {
            FunctionCounter.builder("perimeter.audit.events", metrics, m -> m.auditEvents(kind))
                    .tags(tags).tag("kind", kind.label())
                    .description("Audit events logged, by kind").register(registry);
        }
        FunctionCounter.builder("perimeter.audit.dropped", metrics,
                        PerimeterMetrics::auditDropped).tags(tags)
                .description("Audit events dropped because the queue was full")
                .register(registry);
        Gauge.builder("perimeter.audit.queued", metrics, PerimeterMetrics::auditQueued).tags(tags)
                .description("Audit events waiting for the audit thread").register(registry);
    }

    private static double known(int count) {
        return count < 0 ? Double.NaN : count;
    }
}
