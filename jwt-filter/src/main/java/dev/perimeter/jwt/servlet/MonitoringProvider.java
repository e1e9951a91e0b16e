package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.metrics.PerimeterMetrics;
import jakarta.servlet.ServletContext;

/**
 * Lets another module follow every {@link JwtFilter} of an application: found with
 * {@link java.util.ServiceLoader} (in {@code META-INF/services}) through the application's class
 * loader, and called at each filter's {@code init()}. jwt-cdi uses it to fire the filter's audit
 * events as CDI events.
 */
public interface MonitoringProvider {

    /**
     * A filter has started with this audit log and these metrics.
     *
     * @return what to close when the filter is destroyed, or null for nothing
     */
    AutoCloseable attach(AuditLog audit, PerimeterMetrics metrics, ServletContext context);
}
