package dev.perimeter.jwt.metrics;

import dev.perimeter.jwt.audit.AuditEvent;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * {@link PerimeterMetrics} as an MXBean on the platform MBean server: no dependency, readable
 * with JConsole, VisualVM, {@code jcmd} or a JMX exporter. {@link #register} names it after the
 * context path and the filter, so that two applications in one container do not collide; should
 * the name be taken anyway (the same path on two virtual hosts), an {@code instance} key is added.
 */
public final class JmxMetrics implements PerimeterMetricsMXBean {

    /** The JMX domain. */
    public static final String DOMAIN = "dev.perimeter";

    private static final Logger LOG = Logger.getLogger(JmxMetrics.class.getName());

    private final PerimeterMetrics metrics;
    private volatile ObjectName name;

    private JmxMetrics(PerimeterMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * The name the filter {@code filterName} of the application at {@code contextPath} gets:
     * {@code dev.perimeter:type=JwtFilter,context="/shop",name="perimeter"} (the root context is
     * {@code "/"}).
     */
    public static ObjectName objectName(String contextPath, String filterName) {
        return objectName(contextPath, filterName, 1);
    }

    private static ObjectName objectName(String contextPath, String filterName, int instance) {
        String context = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        try {
            return new ObjectName(DOMAIN + ":type=JwtFilter,context=" + ObjectName.quote(context)
                    + ",name=" + ObjectName.quote(String.valueOf(filterName))
                    + (instance > 1 ? ",instance=" + instance : ""));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Registers {@code metrics} on the platform MBean server. Never fails the caller: a server
     * that refuses (a security manager, say) is logged, and null returned.
     *
     * @return the registration, to {@link #unregister()} at shutdown; null when refused
     */
    public static JmxMetrics register(PerimeterMetrics metrics, String contextPath,
            String filterName) {
        JmxMetrics bean = new JmxMetrics(metrics);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int instance = 1; instance <= 100; instance++) {
            ObjectName candidate = objectName(contextPath, filterName, instance);
            try {
                server.registerMBean(bean, candidate);
                bean.name = candidate;
                return bean;
            } catch (InstanceAlreadyExistsException e) {
                // the same context path twice (virtual hosts): try the next instance number
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.WARNING, "Perimeter: metrics not registered in JMX as " + candidate,
                        e);
                return null;
            }
        }
        LOG.warning("Perimeter: metrics not registered in JMX: 100 instances of " + filterName
                + " at " + contextPath + " are registered already");
        return null;
    }

    /** The name registered under, or null once unregistered. */
    public ObjectName name() {
        return name;
    }

    /** Removes the MBean; idempotent. */
    public void unregister() {
        ObjectName registered = name;
        if (registered == null) {
            return;
        }
        name = null;
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "Perimeter: cannot unregister " + registered, e);
        }
    }

    @Override
    public Map<String, Long> getRequests() {
        Map<String, Long> result = new LinkedHashMap<>();
        metrics.requests().forEach((outcome, count) ->
                result.put(outcome.outcome() + "/" + outcome.reason(), count));
        return Collections.unmodifiableMap(result);
    }

    @Override
    public long getAdmitted() {
        return metrics.requests(RequestOutcome.ADMITTED);
    }

    @Override
    public long getRejected() {
        return metrics.rejected();
    }

    @Override
    public long getValidationCount() {
        return metrics.validation().count();
    }

    @Override
    public double getValidationSecondsTotal() {
        return metrics.validation().totalNanos() / 1e9;
    }

    @Override
    public double getValidationSecondsMax() {
        return metrics.validation().maxNanos() / 1e9;
    }

    @Override
    public Map<String, Long> getValidationBuckets() {
        String[] bounds = LatencyHistogram.boundLabels();
        long[] counts = metrics.validation().cumulativeCounts();
        Map<String, Long> result = new LinkedHashMap<>();
        for (int i = 0; i < bounds.length; i++) {
            result.put(bounds[i], counts[i]);
        }
        result.put("+Inf", metrics.validation().count());
        return Collections.unmodifiableMap(result);
    }

    @Override
    public long getCacheHits() {
        return metrics.cache().hits();
    }

    @Override
    public long getCacheMisses() {
        return metrics.cache().misses();
    }

    @Override
    public double getCacheHitRatio() {
        return metrics.cache().hitRatio();
    }

    @Override
    public int getCacheEntries() {
        return metrics.cache().entries();
    }

    @Override
    public double getKeySetAgeSeconds() {
        return metrics.keySetAgeSeconds();
    }

    @Override
    public String getRevocationStatus() {
        return metrics.revocation().status().name();
    }

    @Override
    public int getRevokedTokens() {
        return metrics.revocation().revokedTokens();
    }

    @Override
    public int getRevokedSubjects() {
        return metrics.revocation().revokedSubjects();
    }

    @Override
    public double getRevocationLagSeconds() {
        return metrics.revocationLagSeconds();
    }

    @Override
    public Map<String, Long> getAuditEvents() {
        Map<String, Long> result = new LinkedHashMap<>();
        for (AuditEvent.Kind kind : AuditEvent.Kind.values()) {
            result.put(kind.label(), metrics.auditEvents(kind));
        }
        return Collections.unmodifiableMap(result);
    }

    @Override
    public long getAuditDropped() {
        return metrics.auditDropped();
    }

    @Override
    public int getAuditQueued() {
        return metrics.auditQueued();
    }
}
