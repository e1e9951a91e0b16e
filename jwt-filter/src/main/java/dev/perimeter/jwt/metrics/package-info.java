/**
 * Metrics of the filter: {@link dev.perimeter.jwt.metrics.PerimeterMetrics} counts requests by
 * {@link dev.perimeter.jwt.metrics.RequestOutcome} and times validations without locks, and reads
 * cache, key, revocation and audit figures when asked; {@link dev.perimeter.jwt.metrics.JmxMetrics}
 * shows them as an MXBean on the platform MBean server. The {@code jwt-micrometer} module binds
 * the same object to a Micrometer registry.
 */
package dev.perimeter.jwt.metrics;
