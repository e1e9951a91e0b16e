package dev.perimeter.jwt.cdi;

import dev.perimeter.jwt.audit.AuditLog;
import dev.perimeter.jwt.metrics.PerimeterMetrics;
import dev.perimeter.jwt.servlet.MonitoringProvider;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Joins each servlet {@code JwtFilter} of a CDI application to CDI: its audit events are fired
 * as CDI events, and {@link PerimeterMonitor} records jwt-cdi's refusals into its log. Found by
 * the filter through {@code META-INF/services}; does nothing where no CDI container runs.
 */
public final class CdiMonitoringProvider implements MonitoringProvider {

    private static final Logger LOG = Logger.getLogger(CdiMonitoringProvider.class.getName());

    @Override
    public AutoCloseable attach(AuditLog audit, PerimeterMetrics metrics, ServletContext context) {
        BeanManager beanManager = beanManager(context);
        if (beanManager == null) {
            return null;
        }
        CdiEventListener listener = new CdiEventListener(beanManager);
        audit.addListener(listener);
        PerimeterMonitor monitor = monitor(beanManager);
        if (monitor != null) {
            monitor.adopt(audit);
        }
        return () -> {
            audit.removeListener(listener);
            if (monitor != null) {
                try {
                    monitor.release(audit);
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "Perimeter: the CDI container is gone already", e);
                }
            }
        };
    }

    /** The application's bean manager: Weld Servlet's context attribute, else CDI.current(). */
    private static BeanManager beanManager(ServletContext context) {
        Object attribute = context == null ? null
                : context.getAttribute(BeanManager.class.getName());
        if (attribute instanceof BeanManager) {
            return (BeanManager) attribute;
        }
        try {
            return CDI.current().getBeanManager();
        } catch (IllegalStateException e) {
            LOG.fine("Perimeter: no CDI container; audit events are not fired as CDI events");
            return null;
        }
    }

    private static PerimeterMonitor monitor(BeanManager beanManager) {
        Instance<PerimeterMonitor> monitor = beanManager.createInstance()
                .select(PerimeterMonitor.class);
        return monitor.isResolvable() ? monitor.get() : null;
    }
}
