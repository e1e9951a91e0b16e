/**
 * Perimeter's metrics in Micrometer: {@link dev.perimeter.jwt.micrometer.PerimeterMeterBinder}
 * binds a filter's {@link dev.perimeter.jwt.metrics.PerimeterMetrics} (those of its
 * {@code Perimeter}, a servlet context attribute: see
 * {@link dev.perimeter.jwt.servlet.JwtFilter#PERIMETER_ATTRIBUTE_PREFIX}) to any
 * {@code MeterRegistry}, Prometheus's included.
 */
package dev.perimeter.jwt.micrometer;
