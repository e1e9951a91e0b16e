package dev.perimeter.jwt.metrics;

import java.util.Map;

/**
 * The JMX view of {@link PerimeterMetrics}, registered by the filter on the platform MBean server
 * as {@code dev.perimeter:type=JwtFilter,context="<context path>",name="<filter name>"}. Every
 * attribute is read when asked; none can be written.
 */
public interface PerimeterMetricsMXBean {

    /** Requests by {@code outcome/reason} (such as {@code invalid_token/expired}), zeros included. */
    Map<String, Long> getRequests();

    /** Requests admitted with a valid token. */
    long getAdmitted();

    /** Requests refused, every reason together. */
    long getRejected();

    /** Token validations timed. */
    long getValidationCount();

    /** Their total time, in seconds. */
    double getValidationSecondsTotal();

    /** The longest, in seconds. */
    double getValidationSecondsMax();

    /** Validations at or below each bound in seconds (cumulative, as Prometheus's {@code le}). */
    Map<String, Long> getValidationBuckets();

    long getCacheHits();

    long getCacheMisses();

    /** Hits among lookups since start, 0 to 1. */
    double getCacheHitRatio();

    int getCacheEntries();

    /** Seconds since the stalest key set in use was fetched (fixed keys: since start). */
    double getKeySetAgeSeconds();

    /** {@code LOCAL}, {@code SYNCHRONIZED}, {@code NEVER_SYNCHRONIZED} or {@code DISCONNECTED}. */
    String getRevocationStatus();

    /** Revoked {@code jti}s in the mirror, or -1 when the store does not say. */
    int getRevokedTokens();

    /** Subjects with a cutoff in the mirror, or -1 when the store does not say. */
    int getRevokedSubjects();

    /** Seconds since the mirror was last confirmed current; NaN before the first sync. */
    double getRevocationLagSeconds();

    /** Audit events delivered by kind ({@code rejected}, {@code alert}, …). */
    Map<String, Long> getAuditEvents();

    /** Audit events dropped because the queue was full. */
    long getAuditDropped();

    /** Audit events waiting now. */
    int getAuditQueued();
}
