package dev.perimeter.jwt.servlet;

import dev.perimeter.jwt.runtime.Perimeter;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands a started {@link Perimeter}'s audit log and metrics to every {@link MonitoringProvider}
 * on the application's class path, and detaches them again: what the filter does at {@code
 * init()} and {@code destroy()}, and the {@code jwt-authentication} module at start and stop.
 */
public final class MonitoringProviders {

    private final Logger log;
    private final List<AutoCloseable> attachments = new ArrayList<>();

    /** @param log where failures are logged: the entry point's own logger */
    public MonitoringProviders(Logger log) {
        this.log = log;
    }

    /**
     * Attaches every provider. A provider whose own dependencies are missing (jwt-cdi where no
     * CDI API is deployed, for a JAX-RS application without CDI) is skipped quietly; any other
     * failure is logged, and the entry point starts without that provider.
     */
    public void attach(Perimeter perimeter, ServletContext context) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Iterator<MonitoringProvider> providers = ServiceLoader.load(MonitoringProvider.class,
                loader != null ? loader : MonitoringProviders.class.getClassLoader()).iterator();
        while (true) {
            MonitoringProvider provider;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                log.log(e.getCause() instanceof LinkageError ? Level.FINE : Level.WARNING,
                        "Perimeter: a monitoring provider cannot be loaded; skipped", e);
                continue;
            }
            try {
                AutoCloseable attachment = provider.attach(perimeter.audit(), perimeter.metrics(), context);
                if (attachment != null) {
                    attachments.add(attachment);
                }
            } catch (RuntimeException | LinkageError e) {
                log.log(e instanceof LinkageError ? Level.FINE : Level.WARNING,
                        "Perimeter: monitoring provider " + provider.getClass().getName()
                                + " failed; going on without it", e);
            }
        }
    }

    /** Closes what {@link #attach} attached; a failure is logged and the others still close. */
    public void detach() {
        for (AutoCloseable attachment : attachments) {
            try {
                attachment.close();
            } catch (Exception e) {
                log.log(Level.WARNING, "Perimeter: detaching a monitoring provider failed", e);
            }
        }
        attachments.clear();
    }
}
